import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeSkipToken, encodeSkipToken, nextLink, parseCount, parseSelect, parseTop } from '@app/odata';
import { GROUP_COLUMNS, GROUP_SELECT_SQL, GroupRow, toGraphGroup } from '../groups/group.model';
import { GraphError } from '../http/graph-error';
import { contextUrl, GraphRequest } from '../http/graph-request';
import { USER_COLUMNS, USER_SELECT_SQL, UserRow, toGraphUser } from '../users/user.model';
import { isGuid } from '../users/users.repository';

/**
 * Graph's navigation properties between directory objects — a group's members, transitiveMembers and owners, an
 * object's memberOf and transitiveMemberOf, a user's directReports — as collections of directoryObjects: users and
 * groups together, each with its `@odata.type`, paged by id with `$top` and `$skiptoken`, projected with `$select`,
 * counted with `$count` (ConsistencyLevel: eventual). Objects in the recycle bin are left out, and a group in the
 * recycle bin passes on no membership (neither its members nor the groups it belongs to).
 */
export type NavigationName = 'members' | 'transitiveMembers' | 'owners' | 'memberOf' | 'transitiveMemberOf' | 'directReports';

/**
 * Each navigation is a CTE `rel(id, kind)` over the anchor object `$1`. The SQL is fixed text: only the anchor id,
 * the keyset position and the page size travel as parameters.
 */
const RELATIONS: Readonly<Record<NavigationName, { sql: string; excludeAnchor: boolean }>> = {
  members: {
    sql: `SELECT m.member_id, m.member_type FROM entra.group_members m WHERE m.group_id = $1`,
    excludeAnchor: false,
  },
  transitiveMembers: {
    sql: `SELECT m.member_id, m.member_type FROM entra.group_members m WHERE m.group_id = $1
          UNION
          SELECT m.member_id, m.member_type FROM rel
            JOIN entra.groups g ON g.id = rel.id AND g.deleted_date_time IS NULL
            JOIN entra.group_members m ON m.group_id = rel.id
           WHERE rel.kind = 'group'`,
    excludeAnchor: true,
  },
  // provsim keeps no owners: always empty (the anchor is still a parameter, so every relation takes the same ones).
  owners: { sql: `SELECT NULL::uuid, NULL::text WHERE $1::uuid IS NULL`, excludeAnchor: false },
  memberOf: {
    sql: `SELECT m.group_id, 'group'::text FROM entra.group_members m WHERE m.member_id = $1`,
    excludeAnchor: false,
  },
  transitiveMemberOf: {
    sql: `SELECT m.group_id, 'group'::text FROM entra.group_members m WHERE m.member_id = $1
          UNION
          SELECT m.group_id, 'group'::text FROM rel
            JOIN entra.groups g ON g.id = rel.id AND g.deleted_date_time IS NULL
            JOIN entra.group_members m ON m.member_id = rel.id`,
    excludeAnchor: true,
  },
  directReports: {
    sql: `SELECT u.id, 'user'::text FROM entra.users u WHERE u.manager_id = $1`,
    excludeAnchor: false,
  },
};

/** Only objects outside the recycle bin. */
const LIVE = `((r.kind = 'user' AND EXISTS (SELECT 1 FROM entra.users u WHERE u.id = r.id AND u.deleted_date_time IS NULL))
  OR (r.kind = 'group' AND EXISTS (SELECT 1 FROM entra.groups g WHERE g.id = r.id AND g.deleted_date_time IS NULL)))`;

const USER_PROPERTIES = Object.keys(USER_COLUMNS);
const GROUP_PROPERTIES = Object.keys(GROUP_COLUMNS);
/** What `$select` may name on a collection of directoryObjects: a property of a user or of a group. */
export const SELECTABLE_DIRECTORY_OBJECT_PROPERTIES: readonly string[] = [...new Set([...USER_PROPERTIES, ...GROUP_PROPERTIES])];

/** Query options a navigation collection does not take (provsim evaluates none of them there). */
const UNSUPPORTED = ['$filter', '$orderby', '$search', '$expand', '$skip'];

export interface NavigationRequest {
  top: number;
  select?: string[];
  count: boolean;
  /** Id of the last object of the previous page. */
  after?: string;
  fingerprint: string;
}

type Query = Record<string, unknown>;
const single = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const eventual = (headers: Record<string, unknown>) => String(headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';

/** `$count` as a path segment (`/groups/{id}/members/$count`, `/users/$count`) needs ConsistencyLevel: eventual. */
export function requireEventualForCountSegment(headers: Record<string, unknown>): void {
  if (!eventual(headers)) throw GraphError.badRequest('$count is not currently supported.');
}

export function parseNavigationRequest(
  name: NavigationName,
  anchorId: string,
  query: Query,
  headers: Record<string, unknown>,
): NavigationRequest {
  for (const option of UNSUPPORTED) {
    if (query[option] !== undefined) {
      throw new GraphError(400, 'Request_UnsupportedQuery', `The query option '${option}' is not supported on '${name}'.`);
    }
  }
  const count = parseCount(single(query.$count));
  if (count && !eventual(headers)) {
    throw GraphError.badRequest('$count is not currently supported without the ConsistencyLevel: eventual header.');
  }
  const fingerprint = JSON.stringify(['navigation', name, anchorId]);
  const token = single(query.$skiptoken);
  let after: string | undefined;
  if (token !== undefined) {
    const position = decodeSkipToken(token, fingerprint);
    if (!Array.isArray(position) || position.length !== 1 || typeof position[0] !== 'string' || !isGuid(position[0])) {
      throw GraphError.badRequest('Invalid $skiptoken.');
    }
    after = position[0];
  }
  return {
    top: parseTop(single(query.$top), { default: 100, max: 999 }),
    select: parseSelect(single(query.$select), SELECTABLE_DIRECTORY_OBJECT_PROPERTIES, 'microsoft.graph.directoryObject'),
    count,
    after,
    fingerprint,
  };
}

export type DirectoryObject = { kind: 'user'; row: UserRow } | { kind: 'group'; row: GroupRow };

export interface NavigationPage {
  objects: DirectoryObject[];
  total?: number;
  nextSkipToken?: string;
}

/** Graph's JSON for a directoryObject: its `@odata.type`, then the selected properties its type has (id always). */
export function toGraphDirectoryObject(object: DirectoryObject, select: string[] | undefined): Record<string, unknown> {
  if (object.kind === 'user') {
    return {
      '@odata.type': '#microsoft.graph.user',
      ...toGraphUser(
        object.row,
        select?.filter((p) => USER_PROPERTIES.includes(p)),
      ),
    };
  }
  return {
    '@odata.type': '#microsoft.graph.group',
    ...toGraphGroup(
      object.row,
      select?.filter((p) => GROUP_PROPERTIES.includes(p)),
    ),
  };
}

/** The body of a navigation collection, `@odata.context` in the version asked (contextUrl). */
export function navigationBody(context: string, requestUrl: string, page: NavigationPage, select: string[] | undefined): object {
  return {
    '@odata.context': context,
    ...(page.total !== undefined ? { '@odata.count': page.total } : {}),
    ...(page.nextSkipToken ? { '@odata.nextLink': nextLink(requestUrl, page.nextSkipToken) } : {}),
    value: page.objects.map((o) => toGraphDirectoryObject(o, select)),
  };
}

/** Reads navigation collections; the caller has resolved the anchor (a 404 for an unknown one is its answer). */
@Injectable()
export class DirectoryNavigation {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private cte(name: NavigationName): string {
    return `WITH RECURSIVE rel(id, kind) AS (${RELATIONS[name].sql})`;
  }

  private where(name: NavigationName): string {
    return RELATIONS[name].excludeAnchor ? `${LIVE} AND r.id <> $1` : LIVE;
  }

  async count(name: NavigationName, anchorId: string): Promise<number> {
    const rows: { n: string }[] = await this.db.query(
      `${this.cte(name)} SELECT count(DISTINCT r.id) AS n FROM rel r WHERE ${this.where(name)}`,
      [anchorId],
    );
    return Number(rows[0].n);
  }

  async page(name: NavigationName, anchorId: string, request: NavigationRequest): Promise<NavigationPage> {
    const params: unknown[] = [anchorId];
    let keyset = '';
    if (request.after !== undefined) {
      params.push(request.after);
      keyset = ` AND r.id > $${params.length}::uuid`;
    }
    params.push(request.top + 1);
    // Page and count together: a failing one never leaves the other's rejection unhandled.
    const [refs, total] = await Promise.all([
      this.db.query(
        `${this.cte(name)} SELECT DISTINCT r.id, r.kind FROM rel r WHERE ${this.where(name)}${keyset} ORDER BY r.id LIMIT $${params.length}`,
        params,
      ) as Promise<{ id: string; kind: 'user' | 'group' }[]>,
      request.count ? this.count(name, anchorId) : undefined,
    ]);
    const pageRefs = refs.slice(0, request.top);
    const objects = await this.load(pageRefs);
    const nextSkipToken = refs.length > request.top ? encodeSkipToken([pageRefs[pageRefs.length - 1].id], request.fingerprint) : undefined;
    return { objects, total, nextSkipToken };
  }

  /** The rows of the referenced objects, in the order of the references. */
  private async load(refs: { id: string; kind: 'user' | 'group' }[]): Promise<DirectoryObject[]> {
    const userIds = refs.filter((r) => r.kind === 'user').map((r) => r.id);
    const groupIds = refs.filter((r) => r.kind === 'group').map((r) => r.id);
    const [users, groups] = await Promise.all([
      userIds.length
        ? (this.db.query(`SELECT ${USER_SELECT_SQL} FROM entra.users WHERE id = ANY($1::uuid[])`, [userIds]) as Promise<UserRow[]>)
        : [],
      groupIds.length
        ? (this.db.query(`SELECT ${GROUP_SELECT_SQL} FROM entra.groups WHERE id = ANY($1::uuid[])`, [groupIds]) as Promise<GroupRow[]>)
        : [],
    ]);
    const byId = new Map<string, DirectoryObject>([
      ...users.map((row) => [row.id, { kind: 'user' as const, row }] as const),
      ...groups.map((row) => [row.id, { kind: 'group' as const, row }] as const),
    ]);
    return refs.flatMap((r) => byId.get(r.id) ?? []);
  }
}

/**
 * The Graph answer to `GET …/{key}/{navigation}` for users and groups alike: `anchor` resolves the path's key (a 404
 * for an unknown one) after the query options were checked.
 */
export async function navigationResponse(
  navigation: DirectoryNavigation,
  req: GraphRequest,
  name: NavigationName,
  anchor: () => Promise<string>,
): Promise<object> {
  const id = await anchor();
  const request = parseNavigationRequest(name, id, req.query, req.headers);
  const page = await navigation.page(name, id, request);
  const context = contextUrl(req, request.select ? `directoryObjects(${request.select.join(',')})` : 'directoryObjects');
  return navigationBody(context, req.url, page, request.select);
}

/** `GET …/{key}/{navigation}/$count`: a text/plain number, only with ConsistencyLevel: eventual. */
export async function navigationCountResponse(
  navigation: DirectoryNavigation,
  req: GraphRequest,
  reply: FastifyReply,
  name: NavigationName,
  anchor: () => Promise<string>,
): Promise<string> {
  requireEventualForCountSegment(req.headers);
  const id = await anchor();
  reply.type('text/plain; charset=utf-8');
  return String(await navigation.count(name, id));
}
