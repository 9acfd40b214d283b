import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, CLOCK } from '@app/platform';
import { ChangeLog } from '../changes/change-log';
import { CollectionRequest, Page } from '../directory/collection-query';
import { GraphError } from '../http/graph-error';
import { isGuid, UsersRepository } from '../users/users.repository';
import { CreateGroupDto, UpdateGroupDto } from './group.dto';
import { GroupRow } from './group.model';
import { GroupsRepository } from './groups.repository';

export { GROUPS_COLLECTION } from './groups.repository';

/** Groups and their direct members; writes go with their change-log entries in one transaction. */
@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly groups: GroupsRepository,
  ) {}

  count(request: CollectionRequest): Promise<number> {
    return this.groups.count(this.db.manager, request);
  }

  list(request: CollectionRequest, deleted = false): Promise<Page<GroupRow>> {
    return this.groups.list(this.db.manager, request, deleted);
  }

  find(db: EntityManager, id: string, deleted = false): Promise<GroupRow | undefined> {
    return this.groups.find(db, id, deleted);
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
      await this.groups.insert(tx, id, { ...dto, description: dto.description ?? null }, now, seq);
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateGroupDto): Promise<void> {
    const entries = Object.entries(dto).filter(([, v]) => v !== undefined);
    await this.db.transaction(async (tx) => {
      if (!(await this.find(tx, id))) throw GraphError.notFound(id);
      const seq = await new ChangeLog(tx).record('group', id, 'updated', null, this.clock.now());
      await this.groups.update(tx, id, entries, seq);
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
      await this.groups.setDeleted(tx, id, deleted ? now : null, seq);
    });
    return deleted ? undefined : this.get(id);
  }

  async purge(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.find(tx, id, true))) throw GraphError.notFound(id);
      await new ChangeLog(tx).record('group', id, 'purged', null, this.clock.now());
      await this.groups.purge(tx, id);
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
      if (!(await this.groups.addMember(tx, groupId, memberId, user ? 'user' : 'group'))) {
        throw GraphError.badRequest("One or more added object references already exist for the following modified properties: 'members'.");
      }
      await new ChangeLog(tx).record('membership', groupId, 'added', memberId, this.clock.now());
    });
  }

  async removeMember(id: string, memberId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.find(tx, id))) throw GraphError.notFound(id);
      if (!isGuid(memberId)) throw GraphError.notFound(memberId);
      if (!(await this.groups.removeMember(tx, id, memberId))) throw GraphError.notFound(memberId);
      await new ChangeLog(tx).record('membership', id, 'removed', memberId, this.clock.now());
    });
  }
}
