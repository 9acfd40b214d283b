import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation, returnedRows } from '@app/persistence';
import { Clock, CLOCK } from '@app/platform';
import { ChangeLog } from '../changes/change-log';
import { CollectionRequest, CollectionSpec, Page, readPage } from '../directory/collection-query';
import { GraphError } from '../http/graph-error';
import { isGuid } from '../users/users.repository';
import { AppRole, DEFAULT_ACCESS_ROLE_ID, findTemplate } from './templates';

export interface ApplicationRow {
  id: string;
  appId: string;
  displayName: string;
  applicationTemplateId: string | null;
  appRoles: AppRole[];
  createdDateTime: Date;
}

export interface ServicePrincipalRow {
  id: string;
  appId: string;
  applicationId: string | null;
  displayName: string;
  applicationTemplateId: string | null;
  appRoles: AppRole[];
  tags: string[];
  createdDateTime: Date;
}

export interface AssignmentRow {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: 'User' | 'Group';
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: Date;
}

const SP_SQL = `id, app_id AS "appId", application_id AS "applicationId", display_name AS "displayName",
  application_template_id AS "applicationTemplateId", app_roles AS "appRoles", tags, created_date_time AS "createdDateTime"`;
const APP_SQL = `id, app_id AS "appId", display_name AS "displayName", application_template_id AS "applicationTemplateId",
  app_roles AS "appRoles", created_date_time AS "createdDateTime"`;
const ASSIGNMENT_SQL = `a.id, a.app_role_id AS "appRoleId", a.principal_id AS "principalId", a.principal_type AS "principalType",
  COALESCE(u.display_name, g.display_name) AS "principalDisplayName", a.resource_id AS "resourceId",
  sp.display_name AS "resourceDisplayName", a.created_date_time AS "createdDateTime"
  FROM entra.app_role_assignments a
  JOIN entra.service_principals sp ON sp.id = a.resource_id
  LEFT JOIN entra.users u ON u.id = a.principal_id
  LEFT JOIN entra.groups g ON g.id = a.principal_id`;

export const SERVICE_PRINCIPALS_COLLECTION: CollectionSpec = {
  table: 'entra.service_principals',
  resourceName: 'ServicePrincipal',
  typeName: 'microsoft.graph.servicePrincipal',
  props: {
    id: { sql: 'id', type: 'guid' },
    appId: { sql: 'app_id', type: 'guid' },
    displayName: { sql: 'display_name', type: 'string', sortable: true, search: 'tokens' },
    applicationTemplateId: { sql: 'application_template_id', type: 'string' },
    tags: { sql: 'tags', type: 'stringCollection' },
  },
  selectable: ['id', 'appId', 'displayName', 'applicationTemplateId', 'appRoles', 'tags', 'servicePrincipalType', 'accountEnabled', 'appRoleAssignmentRequired', 'createdDateTime'],
  baseWhere: 'TRUE',
};

/** Enterprise apps: instantiating gallery templates, their service principals, and app role assignments. */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async instantiate(templateId: string, displayName: string): Promise<{ application: ApplicationRow; servicePrincipal: ServicePrincipalRow }> {
    const template = findTemplate(templateId);
    if (!template) throw GraphError.notFound(templateId);
    const now = this.clock.now();
    const appId = randomUUID();
    const applicationId = randomUUID();
    const spId = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO entra.applications (id, app_id, display_name, application_template_id, app_roles, created_date_time) VALUES ($1, $2, $3, $4, $5, $6)`,
        [applicationId, appId, displayName, template.id, JSON.stringify(template.appRoles), now],
      );
      await tx.query(
        `INSERT INTO entra.service_principals (id, app_id, application_id, display_name, application_template_id, app_roles, tags, created_date_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [spId, appId, applicationId, displayName, template.id, JSON.stringify(template.appRoles), template.tags, now],
      );
    });
    return { application: await this.application(applicationId), servicePrincipal: await this.servicePrincipal(spId) };
  }

  async application(id: string): Promise<ApplicationRow> {
    const rows: ApplicationRow[] = isGuid(id) ? await this.db.query(`SELECT ${APP_SQL} FROM entra.applications WHERE id = $1`, [id]) : [];
    if (!rows[0]) throw GraphError.notFound(id);
    return rows[0];
  }

  async applications(): Promise<ApplicationRow[]> {
    return this.db.query(`SELECT ${APP_SQL} FROM entra.applications ORDER BY created_date_time, id`);
  }

  listServicePrincipals(request: CollectionRequest): Promise<Page<ServicePrincipalRow>> {
    return readPage<ServicePrincipalRow>(this.db.manager, SERVICE_PRINCIPALS_COLLECTION, request, SP_SQL);
  }

  async servicePrincipal(id: string, by: 'id' | 'appId' = 'id'): Promise<ServicePrincipalRow> {
    const column = by === 'id' ? 'id' : 'app_id';
    const rows: ServicePrincipalRow[] = isGuid(id) ? await this.db.query(`SELECT ${SP_SQL} FROM entra.service_principals WHERE ${column} = $1`, [id]) : [];
    if (!rows[0]) throw GraphError.notFound(id);
    return rows[0];
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
      await tx.query(`UPDATE entra.applications SET app_roles = $2::jsonb WHERE id = $1`, [app.id, JSON.stringify(roles)]);
      const sps: { id: string; appRoles: AppRole[] }[] = await tx.query(`SELECT id, app_roles AS "appRoles" FROM entra.service_principals WHERE application_id = $1`, [app.id]);
      for (const sp of sps) {
        const own = sp.appRoles.filter((r) => r.origin === 'ServicePrincipal' && !roles.some((a) => a.id === r.id));
        await tx.query(`UPDATE entra.service_principals SET app_roles = $2::jsonb WHERE id = $1`, [sp.id, JSON.stringify([...roles, ...own])]);
      }
    });
  }

  /** PATCH /servicePrincipals/{id} with `appRoles`: the service principal's whole collection (checkAppRoles). */
  async updateServicePrincipalRoles(id: string, appRoles: AppRoleInput[] | undefined): Promise<void> {
    const sp = await this.servicePrincipal(id);
    if (appRoles === undefined) return;
    const roles = checkAppRoles(sp.appRoles, appRoles, 'ServicePrincipal');
    await this.db.query(`UPDATE entra.service_principals SET app_roles = $2::jsonb WHERE id = $1`, [sp.id, JSON.stringify(roles)]);
  }

  async assignmentsOfResource(spId: string): Promise<AssignmentRow[]> {
    await this.servicePrincipal(spId);
    return this.db.query(`SELECT ${ASSIGNMENT_SQL} WHERE a.resource_id = $1 ORDER BY a.created_date_time, a.id`, [spId]);
  }

  async assignmentsOfPrincipal(principalId: string): Promise<AssignmentRow[]> {
    return this.db.query(`SELECT ${ASSIGNMENT_SQL} WHERE a.principal_id = $1 ORDER BY a.created_date_time, a.id`, [principalId]);
  }

  /** POST /servicePrincipals/{id}/appRoleAssignedTo for a user or a (security) group. */
  async assign(spId: string, body: { principalId: string; resourceId: string; appRoleId: string }): Promise<AssignmentRow> {
    const sp = await this.servicePrincipal(spId);
    if (body.resourceId.toLowerCase() !== sp.id) {
      throw GraphError.badRequest('resourceId must be the id of the service principal in the URL.');
    }
    const roleId = body.appRoleId.toLowerCase();
    // A role users and groups can hold: enabled and allowing the member type User (app-only roles are for apps).
    if (roleId !== DEFAULT_ACCESS_ROLE_ID && !sp.appRoles.some((r) => r.id.toLowerCase() === roleId && r.isEnabled && r.allowedMemberTypes.includes('User'))) {
      throw GraphError.badRequest('Permission being assigned was not found on application');
    }
    const id = randomBytes(32).toString('base64url').slice(0, 43);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const principalType = await this.principalType(tx, body.principalId);
      try {
        await tx.query(
          `INSERT INTO entra.app_role_assignments (id, app_role_id, principal_id, principal_type, resource_id, created_date_time)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, roleId, body.principalId.toLowerCase(), principalType, sp.id, now],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw GraphError.badRequest('Permission being assigned already exists on the object');
        throw error;
      }
      await new ChangeLog(tx).record('assignment', body.principalId.toLowerCase(), 'added', sp.id, now);
    });
    const rows: AssignmentRow[] = await this.db.query(`SELECT ${ASSIGNMENT_SQL} WHERE a.id = $1`, [id]);
    return rows[0];
  }

  async unassign(spId: string, assignmentId: string): Promise<void> {
    await this.servicePrincipal(spId);
    await this.db.transaction(async (tx) => {
      const removed = returnedRows<{ principalId: string }>(
        await tx.query(`DELETE FROM entra.app_role_assignments WHERE id = $1 AND resource_id = $2 RETURNING principal_id AS "principalId"`, [
          assignmentId,
          spId,
        ]),
      );
      if (!removed[0]) throw GraphError.notFound(assignmentId);
      await new ChangeLog(tx).record('assignment', removed[0].principalId, 'removed', spId, this.clock.now());
    });
  }

  private async principalType(tx: EntityManager, principalId: string): Promise<'User' | 'Group'> {
    if (!isGuid(principalId)) throw GraphError.badRequest(`Invalid principalId '${principalId}'.`);
    const users: unknown[] = await tx.query(`SELECT 1 FROM entra.users WHERE id = $1 AND deleted_date_time IS NULL`, [principalId]);
    if (users.length) return 'User';
    const groups: { securityEnabled: boolean }[] = await tx.query(
      `SELECT security_enabled AS "securityEnabled" FROM entra.groups WHERE id = $1 AND deleted_date_time IS NULL`,
      [principalId],
    );
    if (!groups.length) throw GraphError.notFound(principalId);
    if (!groups[0].securityEnabled) throw GraphError.badRequest('Only security-enabled groups can be assigned to an application.');
    return 'Group';
  }
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
    const changed = now && ((now.value ?? null) !== (old.value ?? null) || [...now.allowedMemberTypes].sort().join() !== [...old.allowedMemberTypes].sort().join());
    if (!now || (now.isEnabled && changed)) throw new GraphError(400, 'CannotDeleteOrUpdateEnabledEntitlement', ENABLED_ROLE);
  }
  return roles;
}
