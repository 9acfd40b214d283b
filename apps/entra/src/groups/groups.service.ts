import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@app/persistence';
import { Clock, CLOCK } from '@app/platform';
import { ChangeLog } from '../changes/change-log';
import { CollectionRequest, CollectionSpec, Page, readCount, readPage } from '../directory/collection-query';
import { GraphError } from '../http/graph-error';
import { isGuid, UsersRepository } from '../users/users.repository';
import { CreateGroupDto, UpdateGroupDto } from './group.dto';
import { GROUP_COLUMNS, GROUP_FILTER_PROPERTIES, GROUP_SELECT_SQL, GroupRow, SELECTABLE_GROUP_PROPERTIES } from './group.model';

export const GROUPS_COLLECTION: CollectionSpec = {
  table: 'entra.groups',
  resourceName: 'Group',
  typeName: 'microsoft.graph.group',
  props: GROUP_FILTER_PROPERTIES,
  selectable: SELECTABLE_GROUP_PROPERTIES,
  baseWhere: 'deleted_date_time IS NULL',
};

/** Groups and their direct members; writes go with their change-log entries in one transaction. */
@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly users: UsersRepository,
  ) {}

  count(request: CollectionRequest): Promise<number> {
    return readCount(this.db.manager, GROUPS_COLLECTION, request);
  }

  list(request: CollectionRequest, deleted = false): Promise<Page<GroupRow>> {
    const spec = deleted ? { ...GROUPS_COLLECTION, baseWhere: 'deleted_date_time IS NOT NULL' } : GROUPS_COLLECTION;
    return readPage<GroupRow>(this.db.manager, spec, request, GROUP_SELECT_SQL);
  }

  async find(db: EntityManager, id: string, deleted = false): Promise<GroupRow | undefined> {
    if (!isGuid(id)) return undefined;
    const rows: GroupRow[] = await db.query(
      `SELECT ${GROUP_SELECT_SQL} FROM entra.groups WHERE id = $1 AND deleted_date_time IS ${deleted ? 'NOT ' : ''}NULL`,
      [id],
    );
    return rows[0];
  }

  async get(id: string, deleted = false): Promise<GroupRow> {
    const row = await this.find(this.db.manager, id, deleted);
    if (!row) throw GraphError.notFound(id);
    return row;
  }

  async create(dto: CreateGroupDto): Promise<GroupRow> {
    const id = randomUUID();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const seq = await new ChangeLog(tx).record('group', id, 'created', null, now);
      await tx.query(
        `INSERT INTO entra.groups (id, display_name, mail_nickname, description, security_enabled, mail_enabled, created_date_time, change_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, dto.displayName, dto.mailNickname, dto.description ?? null, dto.securityEnabled, dto.mailEnabled, now, seq],
      );
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateGroupDto): Promise<void> {
    const entries = Object.entries(dto).filter(([, v]) => v !== undefined);
    await this.db.transaction(async (tx) => {
      if (!(await this.find(tx, id))) throw GraphError.notFound(id);
      const seq = await new ChangeLog(tx).record('group', id, 'updated', null, this.clock.now());
      const sets = entries.map(([k], i) => `${GROUP_COLUMNS[k]} = $${i + 3}`);
      await tx.query(`UPDATE entra.groups SET change_seq = $2${sets.length ? ', ' + sets.join(', ') : ''} WHERE id = $1`, [
        id,
        seq,
        ...entries.map(([, v]) => v),
      ]);
    });
  }

  async setDeleted(id: string, deleted: boolean): Promise<GroupRow | undefined> {
    await this.db.transaction(async (tx) => {
      if (!(await this.find(tx, id, !deleted))) throw GraphError.notFound(id);
      const now = this.clock.now();
      const log = new ChangeLog(tx);
      const seq = await log.record('group', id, deleted ? 'softDeleted' : 'restored', null, now);
      await log.recordMembershipsOf(id, deleted ? 'removed' : 'added', now);
      await log.recordMembersOf(id, deleted ? 'removed' : 'added', now);
      await tx.query(`UPDATE entra.groups SET deleted_date_time = $2, change_seq = $3 WHERE id = $1`, [id, deleted ? now : null, seq]);
    });
    return deleted ? undefined : this.get(id);
  }

  async purge(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.find(tx, id, true))) throw GraphError.notFound(id);
      await new ChangeLog(tx).record('group', id, 'purged', null, this.clock.now());
      await tx.query(`DELETE FROM entra.group_members WHERE member_id = $1`, [id]);
      await tx.query(`DELETE FROM entra.app_role_assignments WHERE principal_id = $1`, [id]);
      await tx.query(`DELETE FROM entra.groups WHERE id = $1`, [id]);
    });
  }

  /** POST /groups/{id}/members/$ref: memberKey is an id (user or group) or a user's userPrincipalName. */
  async addMember(id: string, memberKey: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const groupId = (await this.find(tx, id))?.id;
      if (groupId === undefined) throw GraphError.notFound(id);
      const user = await this.users.find(tx, memberKey);
      const group = user ? undefined : await this.find(tx, memberKey);
      const memberId = user?.id ?? group?.id;
      if (memberId === undefined) throw GraphError.notFound(memberKey);
      if (memberId === groupId) throw GraphError.badRequest('A group cannot be a member of itself.');
      const inserted: unknown[] = await tx.query(
        `INSERT INTO entra.group_members (group_id, member_id, member_type) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING member_id`,
        [groupId, memberId, user ? 'user' : 'group'],
      );
      if (!inserted.length) {
        throw GraphError.badRequest("One or more added object references already exist for the following modified properties: 'members'.");
      }
      await new ChangeLog(tx).record('membership', groupId, 'added', memberId, this.clock.now());
    });
  }

  async removeMember(id: string, memberId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.find(tx, id))) throw GraphError.notFound(id);
      if (!isGuid(memberId)) throw GraphError.notFound(memberId);
      const deleted = returnedRows(
        await tx.query(`DELETE FROM entra.group_members WHERE group_id = $1 AND member_id = $2 RETURNING member_id`, [id, memberId]),
      );
      if (!deleted.length) throw GraphError.notFound(memberId);
      await new ChangeLog(tx).record('membership', id, 'removed', memberId, this.clock.now());
    });
  }
}
