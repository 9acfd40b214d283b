import { Controller, Get, Param } from '@nestjs/common';
import { nextLink } from '@app/odata';
import { Graph, type GraphRequest } from '../../http/graph-request';
import { parsePreviewQuery, type PreviewEntry, type PreviewSummary } from './preview-entry';
import { PreviewService } from './preview.service';

/**
 * provsim extension, not part of Entra: `GET /sim/servicePrincipals/{id}/synchronization/jobs/{jobId}/preview`, what
 * the job's next cycle would do to each object, sending nothing that changes the target (docs/preview-and-drift.md).
 * Authenticated like the rest of /sim (it declares no access: the protected default).
 */
@Controller('sim/servicePrincipals/:sp/synchronization/jobs/:jobId')
export class PreviewController {
  constructor(private readonly preview: PreviewService) {}

  @Get('preview')
  async get(
    @Graph() req: GraphRequest,
    @Param('sp') servicePrincipalId: string,
    @Param('jobId') jobId: string,
  ): Promise<{ summary?: PreviewSummary; value: PreviewEntry[]; '@odata.nextLink'?: string }> {
    const page = await this.preview.page(servicePrincipalId, jobId, parsePreviewQuery(req.query));
    return {
      ...(page.summary ? { summary: page.summary } : {}),
      value: page.value,
      ...(page.next ? { '@odata.nextLink': nextLink(req.url, page.next) } : {}),
    };
  }
}
