import { Body, Controller, createParamDecorator, Delete, ExecutionContext, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { FILTER_OPERATORS, FUNCTION_SCHEMAS } from '@app/provisioning-core';
import { GraphError } from '../../http/graph-error';
import { contextUrl, Graph, GraphRequest } from '../../http/graph-request';
import { CredentialsService } from './credentials.service';
import { ParseExpressionService } from './parse-expression.service';
import { toGraphJob } from './sync-job.model';
import { ServicePrincipalRef, SyncJobsService } from './sync-jobs.service';
import { validateJobSettings } from './escrow-threshold-settings';
import {
  CreateJobDto,
  ParseExpressionDto,
  PutSchemaDto,
  PutSecretsDto,
  RestartDto,
  restartScopeOf,
  ValidateCredentialsDto,
} from './synchronization.dto';

/**
 * The service principal of the route: `servicePrincipals/{id}/…`, `beta/servicePrincipals/{id}/…`, or Graph's
 * alternate key `servicePrincipals(appId='…')/…` (rewritten by bootstrap to `servicePrincipals/$byAppId/{appId}/…`).
 */
export const SpRef = createParamDecorator((_: unknown, ctx: ExecutionContext): ServicePrincipalRef => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest<{ Params: { sp: string } }>>();
  const byAppId = /^\/[^/]+\/servicePrincipals\/\$byAppId\//.test(request.url);
  return { key: request.params.sp, by: byAppId ? 'appId' : 'id' };
});

const ROUTES = [
  'v1.0/servicePrincipals/:sp/synchronization',
  'beta/servicePrincipals/:sp/synchronization',
  'v1.0/servicePrincipals/$byAppId/:sp/synchronization',
];

const OBJECT_CONNECTION = /^objectConnections\((?:'|%27)([^'%]*)(?:'|%27)\)$/i;

/** `/servicePrincipals/{id}/synchronization/…`: templates, jobs and their lifecycle, schema, secrets (reference §8.2). */
@Controller(ROUTES)
export class SynchronizationController {
  constructor(
    private readonly jobs: SyncJobsService,
    private readonly credentials: CredentialsService,
    private readonly expressions: ParseExpressionService,
  ) {}

  // ---- templates ----

  @Get('templates')
  async templates(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    return {
      '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/templates`),
      value: this.jobs.templatesOf(sp),
    };
  }

  @Get('templates/:templateId')
  async template(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef, @Param('templateId') templateId: string): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    const template = this.jobs.templatesOf(sp).find((t) => t.id === templateId);
    if (!template) throw GraphError.notFound(templateId);
    return { '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/templates/$entity`), ...template };
  }

  @Get('templates/:templateId/schema')
  async templateSchema(
    @Graph() req: GraphRequest,
    @SpRef() ref: ServicePrincipalRef,
    @Param('templateId') templateId: string,
  ): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    const template = this.jobs.templatesOf(sp).find((t) => t.id === templateId);
    if (!template) throw GraphError.notFound(templateId);
    return {
      '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/templates('${templateId}')/schema/$entity`),
      ...template.schema,
    };
  }

  // ---- jobs ----

  @Get('jobs')
  async list(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    const rows = await this.jobs.listJobs(sp.id);
    return { '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/jobs`), value: rows.map(toGraphJob) };
  }

  @Post('jobs')
  async create(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef, @Body() dto: CreateJobDto): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    const row = await this.jobs.createJob(sp, dto.templateId, jobSettingsOf(dto));
    return { '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/jobs/$entity`), ...toGraphJob(row) };
  }

  @Get('jobs/:jobId')
  async get(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    const row = await this.jobs.getJob(sp.id, jobId);
    return { '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/jobs/$entity`), ...toGraphJob(row) };
  }

  @Delete('jobs/:jobId')
  @HttpCode(204)
  async delete(@SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string): Promise<void> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.deleteJob(sp.id, jobId);
  }

  @Post('jobs/:jobId/start')
  @HttpCode(204)
  async start(@SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string): Promise<void> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.start(sp, jobId);
  }

  @Post('jobs/:jobId/pause')
  @HttpCode(204)
  async pause(@SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string): Promise<void> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.pause(sp, jobId);
  }

  @Post('jobs/:jobId/restart')
  @HttpCode(204)
  async restart(@SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string, @Body() dto: RestartDto): Promise<void> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.restart(sp, jobId, restartScopeOf(dto.criteria));
  }

  @Post('jobs/:jobId/validateCredentials')
  @HttpCode(204)
  async validateCredentials(
    @SpRef() ref: ServicePrincipalRef,
    @Param('jobId') jobId: string,
    @Body() dto: ValidateCredentialsDto,
  ): Promise<void> {
    const sp = await this.jobs.servicePrincipal(ref);
    const job = await this.jobs.getJob(sp.id, jobId);
    await this.credentials.validate(job, dto);
  }

  // ---- schema ----

  @Get('jobs/:jobId/schema')
  async schema(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    const job = await this.jobs.getJob(sp.id, jobId);
    const schema = this.jobs.effectiveSchema(job);
    return {
      '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/jobs('${job.id}')/schema/$entity`),
      id: job.id,
      version: schema.version ?? null,
      synchronizationRules: schema.synchronizationRules,
      directories: schema.directories,
    };
  }

  @Put('jobs/:jobId/schema')
  @HttpCode(204)
  async putSchema(@SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string, @Body() dto: PutSchemaDto): Promise<void> {
    const sp = await this.jobs.servicePrincipal(ref);
    const { '@odata.context': _context, ...body } = dto;
    await this.jobs.putSchema(sp, jobId, stripUndefined(body));
  }

  @Delete('jobs/:jobId/schema')
  @HttpCode(204)
  async deleteSchema(@SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string): Promise<void> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.resetSchema(sp, jobId);
  }

  @Get('jobs/:jobId/schema/filterOperators')
  async filterOperators(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.getJob(sp.id, jobId);
    return { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.filterOperatorSchema)'), value: FILTER_OPERATORS };
  }

  @Get('jobs/:jobId/schema/functions')
  async functions(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef, @Param('jobId') jobId: string): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.getJob(sp.id, jobId);
    return { '@odata.context': contextUrl(req, 'Collection(microsoft.graph.attributeMappingFunctionSchema)'), value: FUNCTION_SCHEMAS };
  }

  @Post('jobs/:jobId/schema/parseExpression')
  @HttpCode(200)
  async parseExpression(
    @Graph() req: GraphRequest,
    @SpRef() ref: ServicePrincipalRef,
    @Param('jobId') jobId: string,
    @Body() dto: ParseExpressionDto,
  ): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.getJob(sp.id, jobId);
    return { '@odata.context': contextUrl(req, 'microsoft.graph.parseExpressionResponse'), ...this.expressions.parse(dto) };
  }

  // ---- object connections (beta) ----

  @Get('jobs/:jobId/objectConnections')
  async objectConnections(): Promise<object> {
    throw GraphError.badRequest("Listing object connections is not supported; address one with objectConnections('{objectId}').");
  }

  @Get('jobs/:jobId/:segment')
  async objectConnection(
    @Graph() req: GraphRequest,
    @SpRef() ref: ServicePrincipalRef,
    @Param('jobId') jobId: string,
    @Param('segment') segment: string,
  ): Promise<object> {
    const objectId = objectConnectionId(segment);
    const sp = await this.jobs.servicePrincipal(ref);
    const connection = await this.jobs.objectConnection(sp.id, jobId, objectId);
    return {
      '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/jobs('${jobId}')/objectConnections/$entity`),
      ...connection,
    };
  }

  @Delete('jobs/:jobId/:segment')
  @HttpCode(204)
  async deleteObjectConnection(
    @SpRef() ref: ServicePrincipalRef,
    @Param('jobId') jobId: string,
    @Param('segment') segment: string,
  ): Promise<void> {
    const objectId = objectConnectionId(segment);
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.deleteObjectConnection(sp.id, jobId, objectId);
  }

  // ---- secrets ----

  @Get('secrets')
  async secrets(@Graph() req: GraphRequest, @SpRef() ref: ServicePrincipalRef): Promise<object> {
    const sp = await this.jobs.servicePrincipal(ref);
    return {
      '@odata.context': contextUrl(req, `servicePrincipals('${sp.id}')/synchronization/secrets`),
      value: await this.jobs.maskedSecrets(sp.id),
    };
  }

  @Put('secrets')
  @HttpCode(204)
  async putSecrets(@SpRef() ref: ServicePrincipalRef, @Body() dto: PutSecretsDto): Promise<void> {
    const sp = await this.jobs.servicePrincipal(ref);
    await this.jobs.putSecrets(sp, dto.value);
  }
}

function objectConnectionId(segment: string): string {
  const match = OBJECT_CONNECTION.exec(segment);
  if (!match) throw new GraphError(404, 'NotFound', `Resource not found for the segment '${segment.slice(0, 128)}'.`);
  return match[1];
}

function stripUndefined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** The validated synchronizationJobSettings of a create request (400 in Graph's envelope when refused). */
function jobSettingsOf(dto: CreateJobDto): { name: string; value: string }[] {
  return validateJobSettings(dto.synchronizationJobSettings ?? []);
}
