import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, CLOCK } from '@app/platform';
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
    });
    return this.get(id);
  }

  async update(key: string, dto: UpdateUserDto): Promise<void> {
    const { passwordProfile: _password, ...values } = dto;
    if (values.displayName === '' || values.mailNickname === '') {
      throw GraphError.badRequest("Invalid value specified for property 'displayName' of resource 'User'.");
    }
    await this.db.transaction(async (tx) => {
      const { id } = await this.mustFind(tx, key);
      const seq = await new ChangeLog(tx).record('user', id, 'updated', null, this.clock.now());
      await this.users.update(tx, id, toWrite(values), seq);
    });
  }

  /** DELETE /users/{id | userPrincipalName}: to the recycle bin (restorable for 30 days). */
  async softDelete(key: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { id } = await this.mustFind(tx, key);
      const now = this.clock.now();
      const log = new ChangeLog(tx);
      const seq = await log.record('user', id, 'softDeleted', null, now);
      await log.recordMembershipsOf(id, 'removed', now);
      await this.users.setDeleted(tx, id, now, seq);
    });
  }

  async restore(id: string): Promise<UserRow> {
    await this.db.transaction(async (tx) => {
      if (!(await this.users.find(tx, id, { deleted: true }))) throw GraphError.notFound(id);
      const log = new ChangeLog(tx);
      const now = this.clock.now();
      const seq = await log.record('user', id, 'restored', null, now);
      await log.recordMembershipsOf(id, 'added', now);
      await this.users.setDeleted(tx, id, null, seq);
    });
    return this.get(id);
  }

  /** Permanent deletion of a deleted user (manually, or by the 30-day purge). */
  async purge(id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.users.find(tx, id, { deleted: true }))) throw GraphError.notFound(id);
      const log = new ChangeLog(tx);
      const now = this.clock.now();
      await log.record('user', id, 'purged', null, now);
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
    });
  }

  /** The user a path names (by id or userPrincipalName), in this transaction; 404 when there is none. */
  async mustFind(tx: EntityManager, key: string): Promise<UserRow> {
    const row = await this.users.find(tx, key);
    if (!row) throw GraphError.notFound(key);
    return row;
  }
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
