import { Controller, Get, Param } from '@nestjs/common';
import { nextLink } from '@app/odata';
import { Graph, type GraphRequest } from '../../http/graph-request';
import { parsePreviewQuery } from '../preview/preview-entry';
import type { DriftEntry, DriftSummary } from './drift-entry';
import { DriftService } from './drift.service';

/**
 * provsim extension, not part of Entra: `GET /sim/servicePrincipals/{id}/synchronization/jobs/{jobId}/drift`, the
 * differences between the target and what the job's mappings expect of it (docs/preview-and-drift.md). Read-only;
 * authenticated like the rest of /sim (it declares no access: the protected default).
 */
@Controller('sim/servicePrincipals/:sp/synchronization/jobs/:jobId')
export class DriftController {
  constructor(private readonly drift: DriftService) {}

  @Get('drift')
  async get(
    @Graph() req: GraphRequest,
    @Param('sp') servicePrincipalId: string,
    @Param('jobId') jobId: string,
  ): Promise<{ summary?: DriftSummary; value: DriftEntry[]; '@odata.nextLink'?: string }> {
    const { top, skipToken } = parsePreviewQuery({ $top: req.query.$top, $skiptoken: req.query.$skiptoken });
    const page = await this.drift.page(servicePrincipalId, jobId, top, skipToken);
    return {
      ...(page.summary ? { summary: page.summary } : {}),
      value: page.value,
      ...(page.next ? { '@odata.nextLink': nextLink(req.url, page.next) } : {}),
    };
  }
}
