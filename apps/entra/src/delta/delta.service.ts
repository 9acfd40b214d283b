import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GROUP_SELECT_SQL, GroupRow, SELECTABLE_GROUP_PROPERTIES, toGraphGroup } from '../groups/group.model';
import { SELECTABLE_USER_PROPERTIES, toGraphUser, USER_SELECT_SQL, UserRow } from '../users/user.model';
import { DeltaResourceName, RoundPosition } from './delta-token';

type Row = { id: string; deletedDateTime: Date | null };

/** What differs between /users/delta and /groups/delta. */
export interface DeltaResource {
  name: DeltaResourceName;
  typeName: 'microsoft.graph.user' | 'microsoft.graph.group';
  table: string;
  columns: string;
  /** Change-log object types that count as a change of this resource (a membership change is a change of its group). */
  changeTypes: readonly string[];
  selectable: readonly string[];
  render(row: Row, select: string[] | undefined): Record<string, unknown>;
  hasMembers: boolean;
}

export const DELTA_RESOURCES: Readonly<Record<DeltaResourceName, DeltaResource>> = {
  users: {
    name: 'users',
    typeName: 'microsoft.graph.user',
    table: 'entra.users',
    columns: USER_SELECT_SQL,
    changeTypes: ['user'],
    selectable: SELECTABLE_USER_PROPERTIES,
    render: (row, select) => toGraphUser(row as UserRow, select),
    hasMembers: false,
  },
  groups: {
    name: 'groups',
    typeName: 'microsoft.graph.group',
    table: 'entra.groups',
    columns: GROUP_SELECT_SQL,
    changeTypes: ['group', 'membership'],
    selectable: [...SELECTABLE_GROUP_PROPERTIES, 'members'],
    render: (row, select) =>
      toGraphGroup(
        row as GroupRow,
        select?.filter((p) => p !== 'members'),
      ),
    hasMembers: true,
  },
};

export interface DeltaPage {
  value: Record<string, unknown>[];
  /** Keyset position after this page; undefined when the round is complete. */
  after?: string;
}

interface MemberChange {
  groupId: string;
  memberId: string;
  memberType: string;
  removed: boolean;
}

/**
 * Reads delta rounds by keyset: every page is a bounded query (LIMIT n + 1), nothing is held between
 * requests but the position in the token.
 */
@Injectable()
export class DeltaService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The highest committed change seq. Writers take seqs under an advisory lock held until commit, so when
   * seq N is visible every seq below N is committed (or rolled back): a round bounded by this watermark can
   * never skip a late committer. (The sequence's last_value could name a transaction not yet committed.)
   */
  async watermark(): Promise<string> {
    const rows: { h: string }[] = await this.db.query(`SELECT coalesce(max(seq), 0)::text AS h FROM entra.changes`);
    return rows[0].h;
  }

  async page(resource: DeltaResource, round: RoundPosition, select: string[] | undefined): Promise<DeltaPage> {
    const members = resource.hasMembers && (select === undefined || select.includes('members'));
    return round.m === 'i' ? this.initialPage(resource, round, select, members) : this.changesPage(resource, round, select, members);
  }

  /** First round: every object not in the recycle bin, in id order; groups with their full member list. */
  private async initialPage(
    resource: DeltaResource,
    round: Extract<RoundPosition, { m: 'i' }>,
    select: string[] | undefined,
    members: boolean,
  ): Promise<DeltaPage> {
    const params: unknown[] = [round.n + 1];
    const after = round.a === null ? '' : `AND id > $${params.push(round.a)}::uuid`;
    const rows: Row[] = await this.db.query(
      `SELECT ${resource.columns} FROM ${resource.table} WHERE deleted_date_time IS NULL ${after} ORDER BY id LIMIT $1`,
      params,
    );
    const pageRows = rows.slice(0, round.n);
    const memberLists = members
      ? await this.currentMembers(
          this.db.manager,
          pageRows.map((r) => r.id),
        )
      : new Map<string, MemberChange[]>();
    const value = pageRows.map((row) => this.withMembers(resource.render(row, select), memberLists.get(row.id)));
    return { value, after: rows.length > round.n ? pageRows[pageRows.length - 1].id : undefined };
  }

  /**
   * A change round: objects with a change in (w, h], each once, ordered by its latest change in that range
   * (immutable while the round runs: later changes get seqs above h). Each object is rendered in its current
   * state; soft-deleted → @removed changed, gone → @removed deleted. Changes after h are the next round's.
   */
  private async changesPage(
    resource: DeltaResource,
    round: Extract<RoundPosition, { m: 'd' }>,
    select: string[] | undefined,
    members: boolean,
  ): Promise<DeltaPage> {
    const { w, h, a, n } = round;
    const types = resource.changeTypes.map((_, j) => `$${j + 4}`).join(', ');
    // One ordered index range per change type (changes_type_seq_idx), merged; NOT EXISTS keeps only an object's
    // latest change up to h (an index probe once changes (object_id, seq) is indexed, see DeltaIndexes).
    const branches = resource.changeTypes.map(
      (_, i) => `(SELECT c.seq, c.object_id FROM entra.changes c
          WHERE c.object_type = $${i + 4} AND c.seq > $1::bigint AND c.seq <= $2::bigint
            AND NOT EXISTS (SELECT 1 FROM entra.changes l
                             WHERE l.object_id = c.object_id AND l.seq > c.seq AND l.seq <= $2::bigint AND l.object_type IN (${types}))
          ORDER BY c.seq LIMIT $3)`,
    );
    const changed: { seq: string; id: string }[] = await this.db.query(
      `SELECT latest.seq::text AS seq, latest.object_id::text AS id FROM (${branches.join(' UNION ALL ')}) latest ORDER BY latest.seq LIMIT $3`,
      [a, h, n + 1, ...resource.changeTypes],
    );
    const pageChanges = changed.slice(0, n);
    const ids = pageChanges.map((c) => c.id);
    const rows: Row[] = ids.length
      ? await this.db.query(`SELECT ${resource.columns} FROM ${resource.table} WHERE id = ANY($1::uuid[])`, [ids])
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const live = ids.filter((id) => byId.get(id)?.deletedDateTime === null);
    const diffs = members && live.length ? await this.memberChanges(live, w, h) : new Map<string, MemberChange[]>();
    const value = ids.map((id) => {
      const row = byId.get(id);
      if (!row) return this.removed(resource, id, 'deleted');
      if (row.deletedDateTime !== null) return this.removed(resource, id, 'changed');
      return this.withMembers(resource.render(row, select), diffs.get(id));
    });
    return { value, after: changed.length > n ? pageChanges[pageChanges.length - 1].seq : undefined };
  }

  private removed(resource: DeltaResource, id: string, reason: 'changed' | 'deleted'): Record<string, unknown> {
    return { '@odata.type': `#${resource.typeName}`, id, '@removed': { reason } };
  }

  private withMembers(object: Record<string, unknown>, members: MemberChange[] | undefined): Record<string, unknown> {
    if (!members?.length) return object;
    return {
      ...object,
      'members@delta': members.map((m) => ({
        '@odata.type': `#microsoft.graph.${m.memberType}`,
        id: m.memberId,
        ...(m.removed ? { '@removed': { reason: 'deleted' } } : {}),
      })),
    };
  }

  /** Direct members not in the recycle bin (as GET /groups/{id}/members lists them). */
  private async currentMembers(db: EntityManager, groupIds: string[]): Promise<Map<string, MemberChange[]>> {
    const result = new Map<string, MemberChange[]>();
    if (!groupIds.length) return result;
    const rows: { groupId: string; memberId: string; memberType: string }[] = await db.query(
      `SELECT m.group_id::text AS "groupId", m.member_id::text AS "memberId", m.member_type AS "memberType"
         FROM entra.group_members m
        WHERE m.group_id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM entra.users u WHERE u.id = m.member_id AND u.deleted_date_time IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM entra.groups g WHERE g.id = m.member_id AND g.deleted_date_time IS NOT NULL)
        ORDER BY m.group_id, m.member_type DESC, m.member_id`,
      [groupIds],
    );
    for (const row of rows) push(result, row.groupId, { ...row, removed: false });
    return result;
  }

  /** Net membership change in (w, h] per (group, member): the member's last change decides added or removed. */
  private async memberChanges(groupIds: string[], w: string, h: string): Promise<Map<string, MemberChange[]>> {
    const result = new Map<string, MemberChange[]>();
    const rows: { groupId: string; memberId: string; kind: string; isGroup: boolean }[] = await this.db.query(
      `SELECT DISTINCT ON (c.object_id, c.related_id)
              c.object_id::text AS "groupId", c.related_id::text AS "memberId", c.kind,
              EXISTS (SELECT 1 FROM entra.groups g WHERE g.id = c.related_id) AS "isGroup"
         FROM entra.changes c
        WHERE c.object_type = 'membership' AND c.object_id = ANY($1::uuid[]) AND c.seq > $2::bigint AND c.seq <= $3::bigint
        ORDER BY c.object_id, c.related_id, c.seq DESC`,
      [groupIds, w, h],
    );
    for (const row of rows) {
      push(result, row.groupId, {
        groupId: row.groupId,
        memberId: row.memberId,
        memberType: row.isGroup ? 'group' : 'user',
        removed: row.kind === 'removed',
      });
    }
    return result;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
