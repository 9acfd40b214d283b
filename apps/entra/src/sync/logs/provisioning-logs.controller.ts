import { Readable } from 'node:stream';
import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { nextLink } from '@app/odata';
import { GraphError } from '../../http/graph-error';
import { contextUrl, Graph, GraphRequest } from '../../http/graph-request';
import { csvChunks, DOWNLOAD_FILE_NAMES, DownloadFormat, DownloadPart, jsonChunks } from './provisioning-log.export';
import { toGraphSummary } from './provisioning-log.types';
import { encodeLogSkipToken, parseLogQuery, ProvisioningLogsService } from './provisioning-logs.service';

const single = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const PARTS: readonly DownloadPart[] = ['summary', 'steps', 'modifiedProperties'];

/**
 * /v1.0/auditLogs/provisioning (and the same under /beta, reference §7.2) — Graph's provisioning logs (list with
 * $filter/$orderby/$top/$skiptoken), plus two provsim extensions: GET by id and `$download` (the portal's JSON and
 * CSV downloads).
 */
@Controller(['v1.0/auditLogs/provisioning', 'beta/auditLogs/provisioning'])
export class ProvisioningLogsController {
  constructor(private readonly logs: ProvisioningLogsService) {}

  @Get()
  async list(@Graph() req: GraphRequest): Promise<object> {
    const query = parseLogQuery(req.query);
    const page = await this.logs.page(query);
    return {
      '@odata.context': contextUrl(req, query.select ? `auditLogs/provisioning(${query.select.join(',')})` : 'auditLogs/provisioning'),
      ...(page.total !== undefined ? { '@odata.count': page.total } : {}),
      ...(page.next ? { '@odata.nextLink': nextLink(req.url, encodeLogSkipToken(page.next, query)) } : {}),
      value: page.entries.map((e) => toGraphSummary(e, query.select)),
    };
  }

  /**
   * provsim extension: `?format=json` (default) | `csv`, `&part=summary` (default) | `steps` | `modifiedProperties`
   * for CSV; `$filter` and `$orderby` as in the list. Streamed page by page.
   */
  @Get('$download')
  download(@Graph() req: GraphRequest): StreamableFile {
    const format = (single(req.query.format) ?? 'json').toLowerCase() as DownloadFormat;
    if (format !== 'json' && format !== 'csv') throw GraphError.badRequest(`Invalid value '${format}' for 'format': use json or csv.`);
    const partText = single(req.query.part) ?? 'summary';
    const part = PARTS.find((p) => p.toLowerCase() === partText.toLowerCase());
    if (!part || (format === 'json' && part !== 'summary')) {
      throw GraphError.badRequest(`Invalid value '${partText}' for 'part': use summary, steps or modifiedProperties (CSV only).`);
    }
    const { format: _f, part: _p, ...odata } = req.query;
    const query = parseLogQuery(odata, { paged: false });
    const pages = this.logs.scan(query);
    const chunks = format === 'json' ? jsonChunks(pages) : csvChunks(part, pages);
    const fileName = `${DOWNLOAD_FILE_NAMES[format === 'json' ? 'summary' : part]}.${format}`;
    return new StreamableFile(Readable.from(chunks), {
      type: format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${fileName}"`,
    });
  }

  /** provsim extension (Graph documents only the list). */
  @Get(':id')
  async get(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const entry = await this.logs.get(id);
    return { '@odata.context': contextUrl(req, 'auditLogs/provisioning/$entity'), ...toGraphSummary(entry) };
  }
}
