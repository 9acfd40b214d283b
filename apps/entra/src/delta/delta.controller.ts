import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { parseSelect, parseTop } from '@app/odata';
import { GraphError } from '../http/graph-error';
import { apiVersion, contextUrl, Graph, GraphRequest } from '../http/graph-request';
import { decodeDeltaToken, decodePageToken, DeltaResourceName, encodeDeltaToken, encodePageToken, RoundPosition } from './delta-token';
import { DELTA_RESOURCES, DeltaService } from './delta.service';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;
const UNSUPPORTED = ['$filter', '$orderby', '$search', '$expand', '$count', '$skip'];

const single = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

/**
 * GET /v1.0/users/delta and /v1.0/groups/delta (and under /beta) — Graph's change tracking. A round without a token lists
 * every current object; `@odata.deltaLink` carries the change-log watermark read when the round started,
 * and a round from that token lists what changed since (each object once, in its current state).
 */
@Controller(['v1.0', 'beta'])
export class DeltaController {
  constructor(private readonly delta: DeltaService) {}

  @Get(['users/delta', 'users/microsoft.graph.delta', 'users/delta()', 'users/microsoft.graph.delta()'])
  users(@Graph() req: GraphRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    return this.serve('users', req, reply);
  }

  @Get(['groups/delta', 'groups/microsoft.graph.delta', 'groups/delta()', 'groups/microsoft.graph.delta()'])
  groups(@Graph() req: GraphRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    return this.serve('groups', req, reply);
  }

  private async serve(name: DeltaResourceName, req: GraphRequest, reply: FastifyReply): Promise<object> {
    const resource = DELTA_RESOURCES[name];
    for (const option of UNSUPPORTED) {
      if (req.query[option] !== undefined) {
        throw new GraphError(400, 'Request_UnsupportedQuery', `The query option '${option}' is not supported with delta queries.`);
      }
    }
    const skipToken = single(req.query.$skiptoken);
    const deltaToken = single(req.query.$deltatoken);
    if (skipToken !== undefined && deltaToken !== undefined)
      throw GraphError.badRequest('Specify either $skiptoken or $deltatoken, not both.');
    const requested = parseSelect(single(req.query.$select), resource.selectable, resource.typeName);
    const requestedText = requested ? requested.join(',') : null;

    let round: RoundPosition;
    let selectText = requestedText;
    if (skipToken !== undefined || deltaToken !== undefined) {
      const decoded =
        skipToken !== undefined
          ? decodePageToken(name, skipToken)
          : deltaToken!.toLowerCase() === 'latest'
            ? undefined
            : decodeDeltaToken(name, deltaToken!);
      if (decoded === undefined) {
        // $deltatoken=latest: nothing to replay, just a deltaLink from now on.
        const h = await this.delta.watermark();
        return this.body(req, name, selectText, [], { deltaLink: encodeDeltaToken(name, h, selectText) });
      }
      if (requested !== undefined && decoded.select !== requestedText) {
        throw GraphError.badRequest('The $select of a delta request must match the one of the request that started the round.');
      }
      selectText = decoded.select;
      round =
        'round' in decoded ? decoded.round : { m: 'd', w: decoded.w, h: await this.delta.watermark(), a: decoded.w, n: DEFAULT_PAGE_SIZE };
    } else {
      round = { m: 'i', h: await this.delta.watermark(), a: null, n: DEFAULT_PAGE_SIZE };
    }

    round = { ...round, n: this.pageSize(req, reply, round.n) };
    const select = selectText === null ? undefined : selectText.split(',');
    const page = await this.delta.page(resource, round, select);
    if (page.after !== undefined) {
      return this.body(req, name, selectText, page.value, {
        nextLink: encodePageToken(name, { ...round, a: page.after } as RoundPosition, selectText),
      });
    }
    return this.body(req, name, selectText, page.value, { deltaLink: encodeDeltaToken(name, round.h, selectText) });
  }

  /** `Prefer: odata.maxpagesize=N` (what Graph honours for delta), else $top, else the round's size so far. */
  private pageSize(req: GraphRequest, reply: FastifyReply, current: number): number {
    const prefer = req.headers['prefer'];
    const match = /(?:^|[,;\s])odata\.maxpagesize\s*=\s*"?(\d+)"?/i.exec(Array.isArray(prefer) ? prefer.join(',') : String(prefer ?? ''));
    if (match && Number(match[1]) >= 1) {
      const size = Math.min(Number(match[1]), MAX_PAGE_SIZE);
      reply.header('Preference-Applied', `odata.maxpagesize=${size}`);
      return size;
    }
    const top = single(req.query.$top);
    return top !== undefined ? parseTop(top, { default: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE }) : current;
  }

  private body(
    req: GraphRequest,
    name: DeltaResourceName,
    select: string | null,
    value: object[],
    link: { nextLink?: string; deltaLink?: string },
  ): object {
    const base = `${req.origin}/${apiVersion(req)}/${name}/delta`;
    return {
      '@odata.context': contextUrl(req, select ? `${name}(${select})` : name),
      ...(link.nextLink ? { '@odata.nextLink': `${base}?$skiptoken=${encodeURIComponent(link.nextLink)}` } : {}),
      ...(link.deltaLink ? { '@odata.deltaLink': `${base}?$deltatoken=${encodeURIComponent(link.deltaLink)}` } : {}),
      value,
    };
  }
}
