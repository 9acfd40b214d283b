import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, CLOCK } from '@app/platform';
import { DirectoryAuditService } from '../audit/directory-audit.service';
import { CORE_DIRECTORY, type AuditTargetInput, type DirectoryAuditEvent } from '../audit/directory-audit.types';
import { ChangeLog } from '../changes/change-log';
import { CollectionRequest, Page } from '../directory/collection-query';
import { GraphError } from '../http/graph-error';
import { isGuid } from '../users/users.repository';
import { ApplicationsRepository, type ApplicationRow, type AssignmentRow, type ServicePrincipalRow } from './applications.repository';
import { AppRole, DEFAULT_ACCESS_ROLE_ID, findTemplate } from './templates';

export {
  SERVICE_PRINCIPALS_COLLECTION,
  type ApplicationRow,
  type AssignmentRow,
  type ServicePrincipalRow,
} from './applications.repository';

/** Enterprise apps: instantiating gallery templates, their service principals, and app role assignments. */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly repository: ApplicationsRepository,
    private readonly audit: DirectoryAuditService,
  ) {}

  async instantiate(
    templateId: string,
    displayName: string,
  ): Promise<{ application: ApplicationRow; servicePrincipal: ServicePrincipalRow }> {
    const template = findTemplate(templateId);
    if (!template) throw GraphError.notFound(templateId);
    const now = this.clock.now();
    const appId = randomUUID();
    const applicationId = randomUUID();
    const spId = randomUUID();
    await this.db.transaction(async (tx) => {
      const common = { appId, displayName, applicationTemplateId: template.id, appRoles: template.appRoles };
      await this.repository.insertApplication(tx, { id: applicationId, ...common }, now);
      await this.repository.insertServicePrincipal(tx, { id: spId, applicationId, tags: template.tags, ...common }, now);
    });
    return { application: await this.application(applicationId), servicePrincipal: await this.servicePrincipal(spId) };
  }

  async application(id: string): Promise<ApplicationRow> {
    const row = await this.repository.application(this.db.manager, id);
    if (!row) throw GraphError.notFound(id);
    return row;
  }

  applications(): Promise<ApplicationRow[]> {
    return this.repository.applications(this.db.manager);
  }

  listServicePrincipals(request: CollectionRequest): Promise<Page<ServicePrincipalRow>> {
    return this.repository.listServicePrincipals(this.db.manager, request);
  }

  async servicePrincipal(id: string, by: 'id' | 'appId' = 'id'): Promise<ServicePrincipalRow> {
    const row = await this.repository.servicePrincipal(this.db.manager, id, by);
    if (!row) throw GraphError.notFound(id);
    return row;
  }

  /**
   * PATCH /applications/{id} with `appRoles`: the application's whole collection, checked as Graph checks it
   * (checkAppRoles). Its service principal then exposes these roles plus those it added itself (origin
   * ServicePrincipal, unless the application now declares the same id).
   */
  async updateApplicationRoles(id: string, appRoles: AppRoleInput[] | undefined): Promise<void> {
    const app = await this.application(id);
    if (appRoles === undefined) return;
    const roles = checkAppRoles(app.appRoles, appRoles, 'Application');
    await this.db.transaction(async (tx) => {
      await this.repository.setApplicationRoles(tx, app.id, roles);
      for (const sp of await this.repository.servicePrincipalsOfApplication(tx, app.id)) {
        const own = sp.appRoles.filter((r) => r.origin === 'ServicePrincipal' && !roles.some((a) => a.id === r.id));
        await this.repository.setServicePrincipalRoles(tx, sp.id, [...roles, ...own]);
      }
    });
  }

  /** PATCH /servicePrincipals/{id} with `appRoles`: the service principal's whole collection (checkAppRoles). */
  async updateServicePrincipalRoles(id: string, appRoles: AppRoleInput[] | undefined): Promise<void> {
    const sp = await this.servicePrincipal(id);
    if (appRoles === undefined) return;
    await this.repository.setServicePrincipalRoles(this.db.manager, sp.id, checkAppRoles(sp.appRoles, appRoles, 'ServicePrincipal'));
  }

  async assignmentsOfResource(spId: string): Promise<AssignmentRow[]> {
    await this.servicePrincipal(spId);
    return this.repository.assignmentsOfResource(this.db.manager, spId);
  }

  assignmentsOfPrincipal(principalId: string): Promise<AssignmentRow[]> {
    return this.repository.assignmentsOfPrincipal(this.db.manager, principalId);
  }

  /** POST /servicePrincipals/{id}/appRoleAssignedTo for a user or a (security) group. */
  async assign(spId: string, body: { principalId: string; resourceId: string; appRoleId: string }): Promise<AssignmentRow> {
    const sp = await this.servicePrincipal(spId);
    if (body.resourceId.toLowerCase() !== sp.id) {
      throw GraphError.badRequest('resourceId must be the id of the service principal in the URL.');
    }
    const roleId = body.appRoleId.toLowerCase();
    // A role users and groups can hold: enabled and allowing the member type User (app-only roles are for apps).
    if (
      roleId !== DEFAULT_ACCESS_ROLE_ID &&
      !sp.appRoles.some((r) => r.id.toLowerCase() === roleId && r.isEnabled && r.allowedMemberTypes.includes('User'))
    ) {
      throw GraphError.badRequest('Permission being assigned was not found on application');
    }
    const id = randomBytes(32).toString('base64url').slice(0, 43);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const principal = await this.assignablePrincipal(tx, body.principalId);
      const principalType = principal.type;
      const row = { id, appRoleId: roleId, principalId: body.principalId.toLowerCase(), principalType, resourceId: sp.id };
      if (!(await this.repository.insertAssignment(tx, row, now)))
        throw GraphError.badRequest('Permission being assigned already exists on the object');
      await new ChangeLog(tx).record('assignment', body.principalId.toLowerCase(), 'added', sp.id, now);
      const target: AuditTargetInput & { type: 'User' | 'Group' } =
        principal.type === 'User'
          ? { id: row.principalId, type: 'User', displayName: principal.displayName, userPrincipalName: principal.userPrincipalName }
          : { id: row.principalId, type: 'Group', displayName: principal.displayName, groupType: 'azureAD' };
      await this.audit.record(tx, assignmentEvent('add', target, sp, roleId));
    });
    return (await this.repository.assignment(this.db.manager, id))!;
  }

  async unassign(spId: string, assignmentId: string): Promise<void> {
    const sp = await this.servicePrincipal(spId);
    await this.db.transaction(async (tx) => {
      const removed = await this.repository.deleteAssignment(tx, assignmentId, spId);
      if (removed === undefined) throw GraphError.notFound(assignmentId);
      await new ChangeLog(tx).record('assignment', removed.principalId, 'removed', spId, this.clock.now());
      // The principal's name would cost a read: the entry names it by id.
      await this.audit.record(tx, assignmentEvent('remove', { id: removed.principalId, type: removed.principalType }, sp, null));
    });
  }

  private async assignablePrincipal(tx: EntityManager, principalId: string) {
    if (!isGuid(principalId)) throw GraphError.badRequest(`Invalid principalId '${principalId}'.`);
    const principal = await this.repository.principal(tx, principalId);
    if (!principal) throw GraphError.notFound(principalId);
    if (principal.type === 'Group' && !principal.securityEnabled)
      throw GraphError.badRequest('Only security-enabled groups can be assigned to an application.');
    return principal;
  }
}

/** "Add app role assignment grant to user" and its siblings: the principal and the service principal as targets. */
function assignmentEvent(
  kind: 'add' | 'remove',
  principal: AuditTargetInput & { type: 'User' | 'Group' },
  sp: Pick<ServicePrincipalRow, 'id' | 'displayName' | 'appId'>,
  appRoleId: string | null,
): DirectoryAuditEvent {
  const user = principal.type === 'User';
  const activity = {
    add: user ? 'Add app role assignment grant to user' : 'Add app role assignment to group',
    remove: user ? 'Remove app role assignment from user' : 'Remove app role assignment from group',
  }[kind];
  return {
    activityDisplayName: activity,
    category: user ? 'UserManagement' : 'GroupManagement',
    loggedByService: CORE_DIRECTORY,
    operationType: kind === 'add' ? 'Assign' : 'Unassign',
    targetResources: [principal, { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' }],
    additionalDetails: [{ key: 'AppId', value: sp.appId }, ...(appRoleId ? [{ key: 'AppRoleId', value: appRoleId }] : [])],
  };
}

/** An appRole as a PATCH body gives it (validated for shape by AppRoleDto). */
export interface AppRoleInput {
  id: string;
  allowedMemberTypes: string[];
  description?: string | null;
  displayName: string;
  isEnabled: boolean;
  value?: string | null;
  origin?: string;
}

const DUPLICATE_VALUE = 'Request contains a property with duplicate values.';
const ENABLED_ROLE = 'Permission (scope or role) cannot be deleted or updated unless disabled first.';

/**
 * Graph's rules for replacing an app role collection: ids and values unique (values compared case-insensitively;
 * 400 DuplicateValue), never the default access role's all-zero id, and a role that is enabled now can be neither
 * removed nor given another value or member types until a PATCH has disabled it (400
 * CannotDeleteOrUpdateEnabledEntitlement). Returns the collection as stored (ids lower-cased, origin filled in).
 */
export function checkAppRoles(current: readonly AppRole[], next: readonly AppRoleInput[], origin: AppRole['origin']): AppRole[] {
  const roles: AppRole[] = next.map((r) => ({
    allowedMemberTypes: [...new Set(r.allowedMemberTypes)],
    description: r.description ?? '',
    displayName: r.displayName,
    id: r.id.toLowerCase(),
    isEnabled: r.isEnabled,
    origin: (r.origin as AppRole['origin'] | undefined) ?? origin,
    value: r.value ?? null,
  }));
  if (roles.some((r) => r.id === DEFAULT_ACCESS_ROLE_ID)) {
    throw GraphError.badRequest(`Invalid value specified for property 'id' of resource 'AppRole'.`);
  }
  const ids = roles.map((r) => r.id);
  const values = roles.map((r) => r.value?.toLowerCase()).filter((v): v is string => !!v);
  if (new Set(ids).size !== ids.length || new Set(values).size !== values.length) {
    throw new GraphError(400, 'DuplicateValue', DUPLICATE_VALUE);
  }
  for (const old of current) {
    if (!old.isEnabled) continue;
    const now = roles.find((r) => r.id === old.id.toLowerCase());
    const changed =
      now &&
      ((now.value ?? null) !== (old.value ?? null) ||
        [...now.allowedMemberTypes].sort().join() !== [...old.allowedMemberTypes].sort().join());
    if (!now || (now.isEnabled && changed)) throw new GraphError(400, 'CannotDeleteOrUpdateEnabledEntitlement', ENABLED_ROLE);
  }
  return roles;
}
