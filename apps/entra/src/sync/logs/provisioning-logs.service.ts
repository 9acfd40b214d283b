import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  decodeSkipToken,
  encodeSkipToken,
  ODataError,
  parseCount,
  parseOrderBy,
  parseSelect,
  parseTop,
  PropertyMap,
  queryFingerprint,
} from '@app/odata';
import { deleteOlderThan, LOG_PAGE_SIZE, logPageSql, oldestActivity } from '../../database/log-table';
import { GraphError } from '../../http/graph-error';
import { LOG_FILTER_PROPERTIES, PROVISIONING_LOGS_TABLE } from './provisioning-log.columns';
import { LogFilterSql, provisioningLogFilterSql } from './provisioning-log.filter';
import { PROVISIONING_OBJECT_SUMMARY_PROPERTIES, ProvisioningObjectSummary } from './provisioning-log.types';

/** Rows per query while streaming a download. */
export const DOWNLOAD_PAGE_SIZE = 1000;

const TYPE_NAME = 'microsoft.graph.provisioningObjectSummary';
/** $orderby: activityDateTime only (Graph: "Supports $filter (eq, gt, lt) and orderby"); the other properties are known, not sortable. */
const ORDERBY_PROPERTIES: PropertyMap = Object.fromEntries(
  Object.entries(LOG_FILTER_PROPERTIES).map(([name, spec]) => [
    name,
    { sql: spec.column, type: 'string' as const, sortable: name === 'activityDateTime' },
  ]),
);

/** What a list (or download) request asks for, parsed and checked once. */
export interface LogQuery {
  filter?: LogFilterSql;
  direction: 'asc' | 'desc';
  top: number;
  count: boolean;
  select?: string[];
  /** Keyset position after which the page starts: [activity_date_time as text, id]. */
  after?: [string, string];
  fingerprint: string;
}

export interface LogPage {
  entries: ProvisioningObjectSummary[];
  total?: number;
  /** Position of the last entry when more follow. */
  next?: [string, string];
}

/** A timestamptz as PostgreSQL prints it (the keyset position is taken from the database, not from JavaScript). */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)?$/;

const single = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;

/** Parses $filter, $orderby, $top, $select, $count and $skiptoken of GET /auditLogs/provisioning. Throws ODataError/GraphError (400). */
export function parseLogQuery(query: Record<string, unknown>, opts: { paged?: boolean } = {}): LogQuery {
  for (const option of ['$skip', '$search', '$expand']) {
    if (query[option] !== undefined) throw GraphError.badRequest(`The query option '${option}' is not supported on provisioning logs.`);
  }
  const filterText = single(query.$filter);
  const orderText = single(query.$orderby);
  const orderBy = parseOrderBy(orderText, ORDERBY_PROPERTIES, TYPE_NAME);
  const fingerprint = queryFingerprint({ resource: 'auditLogs/provisioning', $filter: filterText, $orderby: orderText });
  const result: LogQuery = {
    filter: filterText === undefined || filterText.trim() === '' ? undefined : provisioningLogFilterSql(filterText, 1),
    direction: orderBy[0]?.direction ?? 'desc',
    top: opts.paged === false ? DOWNLOAD_PAGE_SIZE : parseTop(single(query.$top), LOG_PAGE_SIZE),
    count: parseCount(single(query.$count)),
    select: parseSelect(single(query.$select), PROVISIONING_OBJECT_SUMMARY_PROPERTIES, TYPE_NAME),
    fingerprint,
  };
  const token = single(query.$skiptoken);
  if (token !== undefined && opts.paged !== false) {
    const after = decodeSkipToken(token, fingerprint);
    if (
      !Array.isArray(after) ||
      after.length !== 2 ||
      typeof after[1] !== 'string' ||
      typeof after[0] !== 'string' ||
      !TIMESTAMP_TEXT.test(after[0])
    ) {
      throw new ODataError('Request_BadRequest', 'The specified page token value is invalid or does not belong to this query.');
    }
    result.after = after as [string, string];
  }
  return result;
}

export const encodeLogSkipToken = (position: [string, string], query: LogQuery): string => encodeSkipToken(position, query.fingerprint);

interface LogRow {
  summary: ProvisioningObjectSummary | string;
  k_time: string;
  id: string;
}

const parseSummary = (value: ProvisioningObjectSummary | string): ProvisioningObjectSummary =>
  typeof value === 'string' ? (JSON.parse(value) as ProvisioningObjectSummary) : value;

/** Reads provisioning logs: keyset pages in activityDateTime order (id breaks ties), entries by id, retention. */
@Injectable()
export class ProvisioningLogsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(query: LogQuery, manager: EntityManager = this.db.manager): Promise<LogPage> {
    const countWhere = query.filter ? `WHERE ${query.filter.sql}` : '';
    const countParams = [...(query.filter?.params ?? [])];
    const { where, order, params } = logPageSql(query);
    // Awaited together: a failing query never leaves the other's rejection unhandled (that would end the process).
    const [rows, total] = await Promise.all([
      manager.query(
        `SELECT summary, activity_date_time::text AS k_time, id FROM ${PROVISIONING_LOGS_TABLE} ${where} ${order}`,
        params,
      ) as Promise<LogRow[]>,
      query.count
        ? manager
            .query(`SELECT count(*)::text AS n FROM ${PROVISIONING_LOGS_TABLE} ${countWhere}`, countParams)
            .then((r: { n: string }[]) => Number(r[0].n))
        : undefined,
    ]);
    const more = rows.length > query.top;
    const pageRows = more ? rows.slice(0, query.top) : rows;
    const last = pageRows[pageRows.length - 1];
    return {
      entries: pageRows.map((r) => parseSummary(r.summary)),
      total,
      next: more ? [last.k_time, last.id] : undefined,
    };
  }

  /** Every entry the query selects, page by page (never the whole result in memory). */
  async *scan(query: LogQuery): AsyncGenerator<ProvisioningObjectSummary[]> {
    let after = query.after;
    for (;;) {
      const page = await this.page({ ...query, count: false, after, top: DOWNLOAD_PAGE_SIZE });
      if (page.entries.length > 0) yield page.entries;
      if (!page.next) return;
      after = page.next;
    }
  }

  async get(id: string): Promise<ProvisioningObjectSummary> {
    const rows: { summary: ProvisioningObjectSummary | string }[] = await this.db.query(
      `SELECT summary FROM ${PROVISIONING_LOGS_TABLE} WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) throw GraphError.notFound(id);
    return parseSummary(rows[0].summary);
  }

  /** The activityDateTime of the oldest entry (null when there is none). */
  oldestActivity(): Promise<Date | null> {
    return oldestActivity(this.db, PROVISIONING_LOGS_TABLE);
  }

  /** Deletes up to `limit` entries older than `cutoff` (oldest first); answers how many. */
  deleteOlderThan(cutoff: Date, limit: number): Promise<number> {
    return deleteOlderThan(this.db, PROVISIONING_LOGS_TABLE, cutoff, limit);
  }
}
