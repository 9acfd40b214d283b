import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, CLOCK } from '@app/platform';
import { DirectoryAuditService } from '../audit/directory-audit.service';
import { CORE_DIRECTORY, modifiedProperties, type AuditTargetInput, type DirectoryAuditEvent } from '../audit/directory-audit.types';
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
    private readonly audit: DirectoryAuditService,
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
      const values = { ...dto, description: dto.description ?? null };
      await this.groups.insert(tx, id, values, now, seq);
      const changes = modifiedProperties({}, values, Object.keys(values));
      await this.audit.record(tx, groupEvent('Add group', 'Add', [groupTarget({ id, ...values }, changes)]));
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateGroupDto): Promise<void> {
    const entries = Object.entries(dto).filter(([, v]) => v !== undefined);
    await this.db.transaction(async (tx) => {
      const before = await this.find(tx, id);
      if (!before) throw GraphError.notFound(id);
      const seq = await new ChangeLog(tx).record('group', id, 'updated', null, this.clock.now());
      await this.groups.update(tx, id, entries, seq);
      const after = { ...before, ...Object.fromEntries(entries) };
      const changes = modifiedProperties(before as unknown as Record<string, unknown>, after, Object.keys(dto));
      await this.audit.record(tx, groupEvent('Update group', 'Update', [groupTarget(after, changes)]));
    });
  }

  async setDeleted(id: string, deleted: boolean): Promise<GroupRow | undefined> {
    await this.db.transaction(async (tx) => {
      const group = await this.find(tx, id, !deleted);
      if (!group) throw GraphError.notFound(id);
      const now = this.clock.now();
      const log = new ChangeLog(tx);
      const seq = await log.record('group', id, deleted ? 'softDeleted' : 'restored', null, now);
      await log.recordMembershipsOf(id, deleted ? 'removed' : 'added', now);
      await log.recordMembersOf(id, deleted ? 'removed' : 'added', now);
      await this.groups.setDeleted(tx, id, deleted ? now : null, seq);
      const activity = deleted
        ? groupEvent('Delete group', 'Delete', [groupTarget(group)])
        : groupEvent('Restore Group', 'Restore', [groupTarget(group)]);
      await this.audit.record(tx, activity);
    });
    return deleted ? undefined : this.get(id);
  }

  async purge(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const group = await this.find(tx, id, true);
      if (!group) throw GraphError.notFound(id);
      await new ChangeLog(tx).record('group', id, 'purged', null, this.clock.now());
      await this.audit.record(tx, groupEvent('Hard Delete group', 'Delete', [groupTarget(group)]));
      await this.groups.purge(tx, id);
    });
  }

  /** POST /groups/{id}/members/$ref: memberKey is an id (user or group) or a user's userPrincipalName. */
  async addMember(id: string, memberKey: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const target = await this.find(tx, id);
      const groupId = target?.id;
      if (target === undefined || groupId === undefined) throw GraphError.notFound(id);
      const user = await this.users.find(tx, memberKey);
      const group = user ? undefined : await this.find(tx, memberKey);
      const memberId = user?.id ?? group?.id;
      if (memberId === undefined) throw GraphError.notFound(memberKey);
      if (memberId === groupId) throw GraphError.badRequest('A group cannot be a member of itself.');
      if (!(await this.groups.addMember(tx, groupId, memberId, user ? 'user' : 'group'))) {
        throw GraphError.badRequest("One or more added object references already exist for the following modified properties: 'members'.");
      }
      await new ChangeLog(tx).record('membership', groupId, 'added', memberId, this.clock.now());
      const member: AuditTargetInput = user
        ? { id: user.id, displayName: user.displayName, type: 'User', userPrincipalName: user.userPrincipalName }
        : groupTarget(group!);
      await this.audit.record(tx, groupEvent('Add member to group', 'Assign', [member, groupTarget(target)]));
    });
  }

  async removeMember(id: string, memberId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const group = await this.find(tx, id);
      if (!group) throw GraphError.notFound(id);
      if (!isGuid(memberId)) throw GraphError.notFound(memberId);
      const memberType = await this.groups.removeMember(tx, id, memberId);
      if (!memberType) throw GraphError.notFound(memberId);
      await new ChangeLog(tx).record('membership', id, 'removed', memberId, this.clock.now());
      // The member's name would cost a read on a path the soak times: Graph's entry names it, this one gives its id.
      const member: AuditTargetInput = { id: memberId, type: memberType === 'user' ? 'User' : 'Group' };
      await this.audit.record(tx, groupEvent('Remove member from group', 'Unassign', [member, groupTarget(group)]));
    });
  }
}

function groupTarget(
  group: Pick<GroupRow, 'id' | 'displayName' | 'securityEnabled' | 'mailEnabled'>,
  changes: ReturnType<typeof modifiedProperties> = [],
): AuditTargetInput {
  // provsim's groups are security or mail-enabled security groups: Graph's groupType for both is azureAD.
  return { id: group.id, displayName: group.displayName, type: 'Group', groupType: 'azureAD', modifiedProperties: changes };
}

function groupEvent(activity: string, operationType: string, targets: AuditTargetInput[]): DirectoryAuditEvent {
  return {
    activityDisplayName: activity,
    category: 'GroupManagement',
    loggedByService: CORE_DIRECTORY,
    operationType,
    targetResources: targets,
  };
}
