import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '@app/platform';
import { TokenService } from '../../auth/token.service';
import { contextUrl, Graph, type GraphRequest } from '../../http/graph-request';
import type { ServicePrincipalRef } from '../api';
import { SpRef } from '../api/synchronization.controller';
import type { StringKeyStringValuePair } from './on-demand-response';
import { initiatorOf, OnDemandThrottledError, ProvisionOnDemandService } from './provision-on-demand.service';

/** The synchronization API's route prefixes (as SynchronizationController's, including `servicePrincipals(appId='…')`). */
const ROUTES = [
  'v1.0/servicePrincipals/:sp/synchronization',
  'beta/servicePrincipals/:sp/synchronization',
  'v1.0/servicePrincipals/$byAppId/:sp/synchronization',
];

/** Response header naming the provisioning-log entries a provisionOnDemand call wrote (provsim extension). */
export const PROVISIONING_LOG_IDS_HEADER = 'x-provsim-provisioning-log-ids';

/** `POST /servicePrincipals/{id}/synchronization/jobs/{jobId}/provisionOnDemand` (reference §8.3). */
@Controller(ROUTES)
export class ProvisionOnDemandController {
  constructor(
    private readonly onDemand: ProvisionOnDemandService,
    private readonly tokens: TokenService,
  ) {}

  @Post('jobs/:jobId/provisionOnDemand')
  @HttpCode(200)
  async provision(
    @Graph() graph: GraphRequest,
    @SpRef() ref: ServicePrincipalRef,
    @Param('jobId') jobId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StringKeyStringValuePair> {
    // The auth hook has already accepted the token; this only tells who called, for the log's initiatedBy.
    const caller = this.tokens.authenticate(bearerToken(request.headers.authorization));
    try {
      return await this.onDemand.provision({
        servicePrincipal: ref,
        jobId,
        body,
        initiatedBy: initiatorOf(caller),
        context: contextUrl(graph, 'microsoft.graph.stringKeyStringValuePair'),
        // provsim extension: the log entries written, whose SCIM requests GET /sim/provisioningLogs/{id}/scimRequests serves.
        onLogIds: (ids) => {
          if (ids.length > 0) reply.header(PROVISIONING_LOG_IDS_HEADER, ids.join(','));
        },
      });
    } catch (error) {
      if (error instanceof OnDemandThrottledError) reply.header('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }
}
