import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { returnedRows } from '@app/persistence';
import { CollectionRequest, CollectionSpec, Page, readCount, readPage } from '../directory/collection-query';
import { isGuid } from '../users/users.repository';
import { GROUP_COLUMNS, GROUP_FILTER_PROPERTIES, GROUP_SELECT_SQL, GroupRow, SELECTABLE_GROUP_PROPERTIES } from './group.model';

export const GROUPS_COLLECTION: CollectionSpec = {
  table: 'entra.groups',
  resourceName: 'Group',
  typeName: 'microsoft.graph.group',
  props: GROUP_FILTER_PROPERTIES,
  selectable: SELECTABLE_GROUP_PROPERTIES,
  baseWhere: 'deleted_date_time IS NULL',
};

export interface GroupInsert {
  displayName: string;
  mailNickname: string;
  description: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
}

/** SQL of entra.groups and entra.group_members. Every method takes the transaction (or manager) it runs in. */
@Injectable()
export class GroupsRepository {
  count(db: EntityManager, request: CollectionRequest): Promise<number> {
    return readCount(db, GROUPS_COLLECTION, request);
  }

  /** A page of live groups, or of deleted ones (the recycle bin). */
  list(db: EntityManager, request: CollectionRequest, deleted = false): Promise<Page<GroupRow>> {
    const spec = deleted ? { ...GROUPS_COLLECTION, baseWhere: 'deleted_date_time IS NOT NULL' } : GROUPS_COLLECTION;
    return readPage<GroupRow>(db, spec, request, GROUP_SELECT_SQL);
  }

  async find(db: EntityManager, id: string, deleted = false): Promise<GroupRow | undefined> {
    if (!isGuid(id)) return undefined;
    const rows: GroupRow[] = await db.query(
      `SELECT ${GROUP_SELECT_SQL} FROM entra.groups WHERE id = $1 AND deleted_date_time IS ${deleted ? 'NOT ' : ''}NULL`,
      [id],
    );
    return rows[0];
  }

  async insert(db: EntityManager, id: string, group: GroupInsert, createdAt: Date, seq: string): Promise<void> {
    await db.query(
      `INSERT INTO entra.groups (id, display_name, mail_nickname, description, security_enabled, mail_enabled, created_date_time, change_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, group.displayName, group.mailNickname, group.description, group.securityEnabled, group.mailEnabled, createdAt, seq],
    );
  }

  /** Sets the given properties (Graph names, see GROUP_COLUMNS) and the change sequence. */
  async update(db: EntityManager, id: string, values: readonly [string, unknown][], seq: string): Promise<void> {
    const sets = values.map(([k], i) => `${GROUP_COLUMNS[k]} = $${i + 3}`);
    await db.query(`UPDATE entra.groups SET change_seq = $2${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = $1`, [
      id,
      seq,
      ...values.map(([, v]) => v),
    ]);
  }

  /** Soft delete (`deletedAt`) or restore (null). */
  async setDeleted(db: EntityManager, id: string, deletedAt: Date | null, seq: string): Promise<void> {
    await db.query(`UPDATE entra.groups SET deleted_date_time = $2, change_seq = $3 WHERE id = $1`, [id, deletedAt, seq]);
  }

  /** The group, its memberships in other groups and its app role assignments. */
  async purge(db: EntityManager, id: string): Promise<void> {
    await db.query(`DELETE FROM entra.group_members WHERE member_id = $1`, [id]);
    await db.query(`DELETE FROM entra.app_role_assignments WHERE principal_id = $1`, [id]);
    await db.query(`DELETE FROM entra.groups WHERE id = $1`, [id]);
  }

  /** false when the member was already there. */
  async addMember(db: EntityManager, groupId: string, memberId: string, memberType: 'user' | 'group'): Promise<boolean> {
    const inserted: unknown[] = await db.query(
      `INSERT INTO entra.group_members (group_id, member_id, member_type) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING member_id`,
      [groupId, memberId, memberType],
    );
    return inserted.length > 0;
  }

  /** false when it was no member. */
  /** Answers the removed member's type, undefined when it was no member. */
  async removeMember(db: EntityManager, groupId: string, memberId: string): Promise<'user' | 'group' | undefined> {
    const deleted = returnedRows<{ member_type: 'user' | 'group' }>(
      await db.query(`DELETE FROM entra.group_members WHERE group_id = $1 AND member_id = $2 RETURNING member_type`, [groupId, memberId]),
    );
    return deleted[0]?.member_type;
  }
}
