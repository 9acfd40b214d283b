import { Controller, Get, Param } from '@nestjs/common';
import { nextLink } from '@app/odata';
import { contextUrl, Graph, GraphRequest } from '../http/graph-request';
import { DirectoryAuditService, encodeAuditSkipToken, parseAuditQuery } from './directory-audit.service';

/** /v1.0/auditLogs/directoryAudits (and the same under /beta): list with $filter/$orderby/$top/$skiptoken, and by id. */
@Controller(['v1.0/auditLogs/directoryAudits', 'beta/auditLogs/directoryAudits'])
export class DirectoryAuditsController {
  constructor(private readonly audits: DirectoryAuditService) {}

  @Get()
  async list(@Graph() req: GraphRequest): Promise<object> {
    const query = parseAuditQuery(req.query);
    const page = await this.audits.page(query);
    return {
      '@odata.context': contextUrl(req, 'auditLogs/directoryAudits'),
      ...(page.next ? { '@odata.nextLink': nextLink(req.url, encodeAuditSkipToken(page.next, query)) } : {}),
      value: page.entries,
    };
  }

  @Get(':id')
  async get(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const entry = await this.audits.get(id);
    return { '@odata.context': contextUrl(req, 'auditLogs/directoryAudits/$entity'), ...entry };
  }
}
