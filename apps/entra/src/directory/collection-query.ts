import {
  decodeSkipToken,
  encodeSkipToken,
  filterToSql,
  nextLink,
  OrderBy,
  parseCount,
  parseFilter,
  parseOrderBy,
  parseSearch,
  parseSelect,
  parseTop,
  PropertyMap,
  searchToSql,
  validateFilter,
} from '@app/odata';
import { EntityManager } from 'typeorm';
import { GraphError } from '../http/graph-error';

/** What a Graph collection request asks for, parsed and checked once. */
export interface CollectionRequest {
  filterSql?: { sql: string; params: unknown[] };
  /** `$search`, its placeholders numbered after the filter's. */
  searchSql?: { sql: string; params: unknown[] };
  orderBy: OrderBy[];
  select?: string[];
  top: number;
  count: boolean;
  after?: unknown[];
  fingerprint: string;
}

export interface CollectionSpec {
  table: string;
  resourceName: string;
  typeName: string;
  props: PropertyMap;
  selectable: readonly string[];
  /** Extra condition, e.g. `deleted_date_time IS NULL`. */
  baseWhere: string;
}

type Query = Record<string, unknown>;
const single = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

export const SEARCH_NEEDS_EVENTUAL =
  "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'";

export function parseCollectionRequest(spec: CollectionSpec, query: Query, headers: Record<string, unknown>): CollectionRequest {
  const filterText = single(query.$filter);
  const orderText = single(query.$orderby);
  const searchText = single(query.$search);
  const count = parseCount(single(query.$count));
  const eventual = String(headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
  if (count && !eventual) {
    throw GraphError.badRequest('$count is not currently supported without the ConsistencyLevel: eventual header.');
  }
  // $search on directory objects is an advanced query: Graph refuses it without the header.
  if (searchText !== undefined && !eventual) throw new GraphError(400, 'Request_UnsupportedQuery', SEARCH_NEEDS_EVENTUAL);
  const fingerprint = JSON.stringify([spec.resourceName, filterText ?? '', orderText ?? '', searchText ?? '']);
  const filter = filterText ? validateFilter(parseFilter(filterText), spec.props, spec.resourceName) : undefined;
  const filterSql = filter ? filterToSql(filter, spec.props, 1) : undefined;
  const search = searchText !== undefined ? parseSearch(searchText) : undefined;
  const orderBy = parseOrderBy(orderText, spec.props, spec.resourceName);
  const token = single(query.$skiptoken);
  const after = token ? decodeSkipToken(token, fingerprint) : undefined;
  if (after !== undefined && !Array.isArray(after)) throw GraphError.badRequest('Invalid $skiptoken.');
  return {
    filterSql,
    searchSql: search ? searchToSql(search, spec.props, 1 + (filterSql?.params.length ?? 0), spec.resourceName) : undefined,
    orderBy,
    select: parseSelect(single(query.$select), spec.selectable, spec.typeName),
    top: parseTop(single(query.$top), { default: 100, max: 999 }),
    count,
    after: after as unknown[] | undefined,
    fingerprint,
  };
}

export interface Page<T> {
  rows: T[];
  total?: number;
  nextSkipToken?: string;
}

/**
 * One page of a collection by keyset: ORDER BY the $orderby properties then id, `after` = the last row's keys.
 * Rows come back with `__k0…` sort keys, stripped before returning.
 */
export async function readPage<T extends { id: string }>(
  db: EntityManager,
  spec: CollectionSpec,
  request: CollectionRequest,
  columns: string,
): Promise<Page<T>> {
  const { where, params } = conditionsOf(spec, request);
  const sortExprs = request.orderBy.map((o) => ({ sql: spec.props[o.property].sql, dir: o.direction }));
  const keys = [...sortExprs.map((s, i) => `${s.sql} AS __k${i}`)];
  const countSql = request.count ? `SELECT count(*) AS n FROM ${spec.table} WHERE ${where.join(' AND ')}` : undefined;
  const countParams = [...params];
  if (request.after) {
    if (request.after.length !== sortExprs.length + 1) throw GraphError.badRequest('Invalid $skiptoken.');
    // (k0, k1, …, id) > (after…) honouring each direction: expanded lexicographic comparison.
    const terms: string[] = [];
    const all = [...sortExprs, { sql: 'id', dir: 'asc' as const }];
    for (let i = 0; i < all.length; i++) {
      const parts: string[] = [];
      for (let j = 0; j < i; j++) {
        params.push(request.after[j]);
        parts.push(`${all[j].sql} IS NOT DISTINCT FROM $${params.length}`);
      }
      params.push(request.after[i]);
      parts.push(`${all[i].sql} ${all[i].dir === 'desc' ? '<' : '>'} $${params.length}`);
      terms.push(`(${parts.join(' AND ')})`);
    }
    where.push(`(${terms.join(' OR ')})`);
  }
  params.push(request.top + 1);
  const order = [...sortExprs.map((s) => `${s.sql} ${s.dir.toUpperCase()} NULLS FIRST`), 'id ASC'].join(', ');
  // Both queries are awaited together: a failing one never leaves the other's rejection unhandled (which would
  // end the process), and the count and the page run side by side where the driver allows it.
  const [rows, total] = await Promise.all([
    db.query(
      `SELECT ${columns}${keys.length ? ', ' + keys.join(', ') : ''} FROM ${spec.table}
        WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length}`,
      params,
    ) as Promise<(T & Record<string, unknown>)[]>,
    countSql === undefined ? undefined : db.query(countSql, countParams).then((r: { n: string }[]) => Number(r[0].n)),
  ]);
  const hasMore = rows.length > request.top;
  const pageRows = rows.slice(0, request.top);
  let nextSkipToken: string | undefined;
  if (hasMore) {
    const last = pageRows[pageRows.length - 1];
    nextSkipToken = encodeSkipToken([...sortExprs.map((_, i) => last[`__k${i}`]), last.id], request.fingerprint);
  }
  for (const row of pageRows) for (let i = 0; i < sortExprs.length; i++) delete row[`__k${i}`];
  return { rows: pageRows, total, nextSkipToken };
}

/** The WHERE conditions of a collection request (base, $filter, $search) and their parameters ($1…). */
function conditionsOf(spec: CollectionSpec, request: CollectionRequest): { where: string[]; params: unknown[] } {
  const where = [spec.baseWhere];
  if (request.filterSql) where.push(`(${request.filterSql.sql})`);
  if (request.searchSql) where.push(`(${request.searchSql.sql})`);
  return { where, params: [...(request.filterSql?.params ?? []), ...(request.searchSql?.params ?? [])] };
}

/** `/users/$count` and the like: how many objects the request's conditions select. */
export async function readCount(db: EntityManager, spec: CollectionSpec, request: CollectionRequest): Promise<number> {
  const { where, params } = conditionsOf(spec, request);
  const rows: { n: string }[] = await db.query(`SELECT count(*) AS n FROM ${spec.table} WHERE ${where.join(' AND ')}`, params);
  return Number(rows[0].n);
}

export function collectionBody<T>(contextUrl: string, requestUrl: string, items: T[], page: Page<unknown>): object {
  return {
    '@odata.context': contextUrl,
    ...(page.total !== undefined ? { '@odata.count': page.total } : {}),
    ...(page.nextSkipToken ? { '@odata.nextLink': nextLink(requestUrl, page.nextSkipToken) } : {}),
    value: items,
  };
}
