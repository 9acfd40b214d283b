import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, CLOCK } from '@app/platform';
import { DirectoryAuditService } from '../audit/directory-audit.service';
import {
  auditValue,
  CORE_DIRECTORY,
  modifiedProperties,
  type AuditModifiedProperty,
  type DirectoryAuditEvent,
} from '../audit/directory-audit.types';
import { ChangeLog } from '../changes/change-log';
import { CollectionRequest, CollectionSpec, Page, readCount, readPage } from '../directory/collection-query';
import { GraphError } from '../http/graph-error';
import { CreateUserDto, UpdateUserDto } from './user.dto';
import { SELECTABLE_USER_PROPERTIES, USER_FILTER_PROPERTIES, USER_SELECT_SQL, UserRow } from './user.model';
import { isGuid, parseUserKey, UsersRepository, UserWrite } from './users.repository';

export const USERS_COLLECTION: CollectionSpec = {
  table: 'entra.users',
  resourceName: 'User',
  typeName: 'microsoft.graph.user',
  props: USER_FILTER_PROPERTIES,
  selectable: SELECTABLE_USER_PROPERTIES,
  baseWhere: 'deleted_date_time IS NULL',
};

/** Users of the directory: every write runs in one transaction together with its change-log entries. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: DirectoryAuditService,
  ) {}

  list(request: CollectionRequest, deleted = false): Promise<Page<UserRow>> {
    const spec = deleted ? { ...USERS_COLLECTION, baseWhere: 'deleted_date_time IS NOT NULL' } : USERS_COLLECTION;
    return readPage<UserRow>(this.db.manager, spec, request, USER_SELECT_SQL);
  }

  count(request: CollectionRequest): Promise<number> {
    return readCount(this.db.manager, USERS_COLLECTION, request);
  }

  /** A user by id or userPrincipalName (`/users/{id | userPrincipalName}`); 404 when there is none. */
  async get(key: string, opts: { deleted?: boolean } = {}): Promise<UserRow> {
    const row = await this.users.find(this.db.manager, key, opts);
    if (!row) throw GraphError.notFound(key);
    return row;
  }

  async create(dto: CreateUserDto): Promise<UserRow> {
    const id = randomUUID();
    const now = this.clock.now();
    const { passwordProfile: _password, ...values } = dto;
    await this.db.transaction(async (tx) => {
      const seq = await new ChangeLog(tx).record('user', id, 'created', null, now);
      await this.users.insert(
        tx,
        id,
        { ...toWrite(values), businessPhones: values.businessPhones ?? [] } as UserWrite & { userPrincipalName: string },
        now,
        seq,
      );
      const props = { ...values, businessPhones: values.businessPhones ?? [] } as Record<string, unknown>;
      const user = { id, displayName: values.displayName, userPrincipalName: values.userPrincipalName };
      await this.audit.record(tx, userEvent('Add user', 'Add', user, withIncluded(modifiedProperties({}, props, Object.keys(props)))));
    });
    return this.get(id);
  }

  async update(key: string, dto: UpdateUserDto): Promise<void> {
    const { passwordProfile: _password, ...values } = dto;
    if (values.displayName === '' || values.mailNickname === '') {
      throw GraphError.badRequest("Invalid value specified for property 'displayName' of resource 'User'.");
    }
    await this.db.transaction(async (tx) => {
      const before = await this.mustFind(tx, key);
      const seq = await new ChangeLog(tx).record('user', before.id, 'updated', null, this.clock.now());
      await this.users.update(tx, before.id, toWrite(values), seq);
      const changed = modifiedProperties(before as unknown as Record<string, unknown>, updated(before, values), Object.keys(values));
      await this.audit.record(tx, userEvent('Update user', 'Update', before, withIncluded(changed)));
    });
  }

  /** DELETE /users/{id | userPrincipalName}: to the recycle bin (restorable for 30 days). */
  async softDelete(key: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const user = await this.mustFind(tx, key);
      const { id } = user;
      const now = this.clock.now();
      const log = new ChangeLog(tx);
      const seq = await log.record('user', id, 'softDeleted', null, now);
      await log.recordMembershipsOf(id, 'removed', now);
      await this.users.setDeleted(tx, id, now, seq);
      await this.audit.record(tx, userEvent('Delete user', 'Delete', user));
    });
  }

  async restore(id: string): Promise<UserRow> {
    await this.db.transaction(async (tx) => {
      const user = await this.users.find(tx, id, { deleted: true });
      if (!user) throw GraphError.notFound(id);
      const log = new ChangeLog(tx);
      const now = this.clock.now();
      const seq = await log.record('user', id, 'restored', null, now);
      await log.recordMembershipsOf(id, 'added', now);
      await this.users.setDeleted(tx, id, null, seq);
      await this.audit.record(tx, userEvent('Restore user', 'Restore', user));
    });
    return this.get(id);
  }

  /** Permanent deletion of a deleted user (manually, or by the 30-day purge). */
  async purge(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const user = await this.users.find(tx, id, { deleted: true });
      if (!user) throw GraphError.notFound(id);
      const log = new ChangeLog(tx);
      const now = this.clock.now();
      await log.record('user', id, 'purged', null, now);
      await this.audit.record(tx, userEvent('Hard Delete user', 'Delete', user));
      const reports = await this.users.purge(tx, id);
      for (const report of reports)
        await tx.query(`UPDATE entra.users SET change_seq = $2 WHERE id = $1`, [
          report,
          await log.record('user', report, 'updated', null, now),
        ]);
    });
  }

  async manager(key: string): Promise<UserRow> {
    const user = await this.get(key);
    const manager = user.managerId ? await this.users.find(this.db.manager, user.managerId) : undefined;
    if (!manager) throw GraphError.notFound('manager');
    return manager;
  }

  /** PUT (managerKey) or DELETE (null) …/manager/$ref; both keys by id or userPrincipalName. */
  async setManager(key: string, managerKey: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const user = await this.mustFind(tx, key);
      const manager = managerKey === null ? null : await this.users.find(tx, managerKey);
      if (manager === undefined) throw GraphError.notFound(managerKey!);
      if (manager !== null && manager.id === user.id) throw GraphError.badRequest('A user cannot be their own manager.');
      if (manager === null && !user.managerId) throw GraphError.notFound('manager');
      const seq = await new ChangeLog(tx).record('user', user.id, 'updated', null, this.clock.now());
      await this.users.setManager(tx, user.id, manager?.id ?? null, seq);
      const change = [{ displayName: 'Manager.ObjectID', oldValue: auditValue(user.managerId), newValue: auditValue(manager?.id ?? null) }];
      const event = userEvent(manager ? 'Set user manager' : 'Remove user manager', manager ? 'Assign' : 'Unassign', user, change);
      if (manager) event.targetResources = [...event.targetResources, userTarget(manager)];
      await this.audit.record(tx, event);
    });
  }

  /** The user a path names (by id or userPrincipalName), in this transaction; 404 when there is none. */
  async mustFind(tx: EntityManager, key: string): Promise<UserRow> {
    const row = await this.users.find(tx, key);
    if (!row) throw GraphError.notFound(key);
    return row;
  }
}

type AuditedUser = Pick<UserRow, 'id' | 'displayName' | 'userPrincipalName'>;

const userTarget = (user: AuditedUser, changes: AuditModifiedProperty[] = []) =>
  ({
    id: user.id,
    displayName: user.displayName,
    type: 'User',
    userPrincipalName: user.userPrincipalName,
    modifiedProperties: changes,
  }) as const;

function userEvent(
  activity: string,
  operationType: string,
  user: AuditedUser,
  changes: AuditModifiedProperty[] = [],
): DirectoryAuditEvent & { targetResources: DirectoryAuditEvent['targetResources'] } {
  return {
    activityDisplayName: activity,
    category: 'UserManagement',
    loggedByService: CORE_DIRECTORY,
    operationType,
    targetResources: [userTarget(user, changes)],
  };
}

/** Graph closes a property list with the names it holds ("Included Updated Properties"). */
function withIncluded(changes: AuditModifiedProperty[]): AuditModifiedProperty[] {
  if (changes.length === 0) return changes;
  const names = changes.map((c) => c.displayName).join(', ');
  return [...changes, { displayName: 'Included Updated Properties', oldValue: null, newValue: JSON.stringify(names) }];
}

/** The user's properties after an update of `values` (the extension attributes merge into those already set). */
function updated(before: UserRow, values: Omit<UpdateUserDto, 'passwordProfile'>): Record<string, unknown> {
  const after: Record<string, unknown> = { ...before, ...toWrite(values) };
  if (values.onPremisesExtensionAttributes) {
    after.onPremisesExtensionAttributes = { ...before.onPremisesExtensionAttributes, ...values.onPremisesExtensionAttributes };
  }
  return after;
}

/**
 * The DTO's values as stored: employeeOrgData whole (an omitted property is null, as Graph sets it), the extension
 * attributes only those named (JSON drops the undefined ones).
 */
function toWrite(values: Omit<UpdateUserDto, 'passwordProfile'>): UserWrite {
  const out = { ...values } as Record<string, unknown>;
  if (values.employeeOrgData) {
    out.employeeOrgData = { division: values.employeeOrgData.division ?? null, costCenter: values.employeeOrgData.costCenter ?? null };
  }
  if (values.onPremisesExtensionAttributes) out.onPremisesExtensionAttributes = { ...values.onPremisesExtensionAttributes };
  return out as UserWrite;
}

/**
 * `{"@odata.id": "https://graph.microsoft.com/v1.0/users/{id}"}` (or directoryObjects/{id}, groups/{id}, a bare id)
 * → the id, lower-cased; `…/users/{userPrincipalName}` → that userPrincipalName, for the services to resolve.
 */
export function referencedId(odataId: string): string {
  const guid =
    /\/(?:users|directoryObjects|groups|servicePrincipals)\/([0-9a-f-]{36})\/?$/i.exec(odataId) ?? /^([0-9a-f-]{36})$/i.exec(odataId);
  if (guid && isGuid(guid[1])) return guid[1].toLowerCase();
  const upn = /\/users\/([^/?#]+)\/?$/i.exec(odataId);
  if (upn) {
    let key: string | undefined;
    try {
      key = decodeURIComponent(upn[1]);
    } catch {
      key = undefined;
    }
    if (key !== undefined && parseUserKey(key)?.by === 'upn') return key;
  }
  throw GraphError.badRequest(`Invalid object identifier '${odataId}'.`);
}
