import { EntityManager } from 'typeorm';
import {
  type UserRow,
  type GroupRow,
  USER_ASSIGNED,
  USER_ROLES,
  USER_COLUMNS,
  GROUP_ASSIGNED,
  GROUP_MEMBERS,
  toUserState,
  toGroupState,
  type SourceState,
  type ReadOptions,
} from './source-rows';

export type { ReadOptions, SourceState } from './source-rows';

/** Reads the simulated tenant's tables for the provisioning engine (the same database; queries only here). */
export class SourceReader {
  constructor(private readonly db: EntityManager) {}

  /** The highest committed change sequence: everything at or below it is visible (writers commit in sequence order). */
  async highWater(): Promise<string> {
    const rows: { seq: string | null }[] = await this.db.query(`SELECT max(seq)::text AS seq FROM entra.changes`);
    return rows[0].seq ?? '0';
  }

  /**
   * Initial cycle, one keyset page of users by id: those assigned (or all with syncAll), live or in the recycle bin,
   * plus any the job has linked (they may have left scope).
   */
  async usersPage(jobId: string, options: ReadOptions, afterId: string, limit: number): Promise<SourceState[]> {
    // Besides direct assignments and links: members of assigned groups, the next page of each group's members
    // (primary key order) merged. Walking all memberships in member order and keeping those of assigned groups read
    // every membership of the tenant on each page (380 ms a page with 325,000 memberships and no group assigned).
    const candidates = pageCandidates('User', options.syncAll, [
      `SELECT x.member_id FROM entra.app_role_assignments a
         JOIN entra.groups g ON g.id = a.principal_id AND g.deleted_date_time IS NULL
         CROSS JOIN LATERAL (SELECT m.member_id FROM entra.group_members m
                              WHERE m.group_id = a.principal_id AND m.member_type = 'user' AND m.member_id > $2::uuid
                              ORDER BY m.member_id LIMIT $4) x
        WHERE a.resource_id = $1 AND a.principal_type = 'Group' ORDER BY x.member_id LIMIT $4`,
    ]);
    const rows: UserRow[] = await this.db.query(
      `WITH page AS (${candidates})
       SELECT ${USER_COLUMNS}, ${USER_ASSIGNED} AS assigned${options.withRoles ? `, ${USER_ROLES} AS roles` : ''}
         FROM page JOIN entra.users u ON u.id = page.id
        ORDER BY u.id`,
      pageParameters(options, jobId, afterId, limit),
    );
    return rows.map((r) => toUserState(r, options));
  }

  async groupsPage(jobId: string, options: ReadOptions, afterId: string, limit: number): Promise<SourceState[]> {
    const candidates = pageCandidates('Group', options.syncAll);
    const rows: GroupRow[] = await this.db.query(
      `WITH page AS (${candidates})
       SELECT g.id, g.display_name, g.mail_nickname, g.description, g.deleted_date_time, ${GROUP_ASSIGNED} AS assigned, ${GROUP_MEMBERS} AS members
         FROM page JOIN entra.groups g ON g.id = page.id
        ORDER BY g.id`,
      pageParameters(options, jobId, afterId, limit),
    );
    return rows.map((r) => toGroupState(r, options));
  }

  /** Current state of the given users; ids not found come back with `source: null` (purged). */
  async users(ids: readonly string[], options: ReadOptions): Promise<SourceState[]> {
    if (ids.length === 0) return [];
    const rows: UserRow[] = await this.db.query(
      `SELECT ${USER_COLUMNS}, ${USER_ASSIGNED} AS assigned${options.withRoles ? `, ${USER_ROLES} AS roles` : ''}
         FROM entra.users u WHERE u.id = ANY($2::uuid[])`,
      [options.servicePrincipalId, ids],
    );
    const found = new Map(rows.map((r) => [r.id, toUserState(r, options)]));
    return ids.map((id) => found.get(id) ?? gone(id, 'User'));
  }

  async groups(ids: readonly string[], options: ReadOptions): Promise<SourceState[]> {
    if (ids.length === 0) return [];
    const rows: GroupRow[] = await this.db.query(
      `SELECT g.id, g.display_name, g.mail_nickname, g.description, g.deleted_date_time, ${GROUP_ASSIGNED} AS assigned, ${GROUP_MEMBERS} AS members
         FROM entra.groups g WHERE g.id = ANY($2::uuid[])`,
      [options.servicePrincipalId, ids],
    );
    const found = new Map(rows.map((r) => [r.id, toGroupState(r, options)]));
    return ids.map((id) => found.get(id) ?? gone(id, 'Group'));
  }

  /**
   * Incremental cycle: the users and groups whose provisioning may have changed in (after, upTo], in pages of change
   * rows. A membership change touches the group and the member (assignment through the group); an assignment of a
   * group to this app touches the group and every direct member.
   */
  async changedSince(
    servicePrincipalId: string,
    after: string,
    upTo: string,
    limit: number,
  ): Promise<{ users: string[]; groups: string[]; lastSeq: string | null }> {
    const rows: { seq: string; object_type: string; object_id: string; kind: string; related_id: string | null }[] = await this.db.query(
      `SELECT c.seq::text AS seq, c.object_type, c.object_id, c.kind, c.related_id FROM entra.changes c
        WHERE c.seq > $1::bigint AND c.seq <= $2::bigint ORDER BY c.seq LIMIT $3`,
      [after, upTo, limit],
    );
    const users = new Set<string>();
    const groups = new Set<string>();
    const assignedGroups: string[] = [];
    for (const c of rows) {
      if (c.object_type === 'user') users.add(c.object_id);
      else if (c.object_type === 'group') groups.add(c.object_id);
      else if (c.object_type === 'membership') {
        groups.add(c.object_id);
        if (c.related_id) users.add(c.related_id);
      } else if (c.object_type === 'assignment' && c.related_id === servicePrincipalId) {
        assignedGroups.push(c.object_id);
        users.add(c.object_id);
      }
    }
    // Principals named by membership and assignment rows are users or groups: tell them apart in one query. An
    // assigned group's members' scope changed too.
    const candidates = [...users];
    const groupIds = candidates.length
      ? new Set(
          ((await this.db.query(`SELECT id FROM entra.groups WHERE id = ANY($1::uuid[])`, [candidates])) as { id: string }[]).map(
            (r) => r.id,
          ),
        )
      : new Set<string>();
    const changedUsers = new Set(candidates.filter((id) => !groupIds.has(id)));
    const assignedGroupIds = assignedGroups.filter((id) => groupIds.has(id));
    if (assignedGroupIds.length > 0) {
      for (const id of assignedGroupIds) groups.add(id);
      const members: { member_id: string }[] = await this.db.query(
        `SELECT DISTINCT member_id FROM entra.group_members WHERE group_id = ANY($1::uuid[]) AND member_type = 'user'`,
        [assignedGroupIds],
      );
      for (const m of members) changedUsers.add(m.member_id);
    }
    return { users: [...changedUsers], groups: [...groups], lastSeq: rows.length ? rows[rows.length - 1].seq : null };
  }

  /** Linked objects whose source is gone (purged), for the initial cycle after a watermark reset. */
  async orphanedLinks(jobId: string, objectType: 'User' | 'Group', afterId: string, limit: number): Promise<string[]> {
    const table = objectType === 'User' ? 'entra.users' : 'entra.groups';
    const rows: { source_id: string }[] = await this.db.query(
      `SELECT l.source_id FROM entra.sync_links l
        WHERE l.job_id = $1 AND l.object_type = $2 AND l.source_id > $3::uuid AND NOT EXISTS (SELECT 1 FROM ${table} s WHERE s.id = l.source_id)
        ORDER BY l.source_id LIMIT $4`,
      [jobId, objectType, afterId, limit],
    );
    return rows.map((r) => r.source_id);
  }
}

/** Parameters of the initial cycle's page queries: the syncAll candidates do not use the job id. */
/**
 * The ids of one initial-cycle page (parameters as pageParameters binds them). Candidates by index, each
 * keyset-ordered and limited: direct assignments, `others`, and linked objects; the page is the first `limit` of
 * their union (never a scan of the whole directory). With syncAll the page is every object by id, and the job id is
 * not bound: PostgreSQL (and PGlite) refuse a parameter that no part of the statement uses (its type cannot be
 * determined).
 */
function pageCandidates(objectType: 'User' | 'Group', syncAll: boolean, others: readonly string[] = []): string {
  const table = objectType === 'User' ? 'entra.users' : 'entra.groups';
  if (syncAll) return `SELECT o.id FROM ${table} o WHERE o.id > $2::uuid ORDER BY o.id LIMIT $3`;
  const sources = [
    `SELECT a.principal_id AS id FROM entra.app_role_assignments a
      WHERE a.resource_id = $1 AND a.principal_type = '${objectType}' AND a.principal_id > $2::uuid ORDER BY a.principal_id LIMIT $4`,
    ...others,
    `SELECT l.source_id FROM entra.sync_links l
      WHERE l.job_id = $3 AND l.object_type = '${objectType}' AND l.source_id > $2::uuid ORDER BY l.source_id LIMIT $4`,
  ];
  return `SELECT id FROM (${sources.map((source) => `(${source})`).join(' UNION ')}) c ORDER BY id LIMIT $4`;
}

function pageParameters(options: ReadOptions, jobId: string, afterId: string, limit: number): unknown[] {
  return options.syncAll ? [options.servicePrincipalId, afterId, limit] : [options.servicePrincipalId, afterId, jobId, limit];
}

function gone(id: string, objectType: 'User' | 'Group'): SourceState {
  return { id, objectType, source: null, softDeleted: false, assigned: false, displayName: id };
}
