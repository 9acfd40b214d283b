import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isUniqueViolation, returnedRows } from '@app/persistence';
import { CollectionRequest, CollectionSpec, Page, readPage } from '../directory/collection-query';
import { isGuid } from '../users/users.repository';
import type { AppRole } from './templates';

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
  selectable: [
    'id',
    'appId',
    'displayName',
    'applicationTemplateId',
    'appRoles',
    'tags',
    'servicePrincipalType',
    'accountEnabled',
    'appRoleAssignmentRequired',
    'createdDateTime',
  ],
  baseWhere: 'TRUE',
};

/** SQL of entra.applications, entra.service_principals and entra.app_role_assignments. Every method takes the transaction (or manager) it runs in. */
@Injectable()
export class ApplicationsRepository {
  async insertApplication(db: EntityManager, app: Omit<ApplicationRow, 'createdDateTime'>, at: Date): Promise<void> {
    await db.query(
      `INSERT INTO entra.applications (id, app_id, display_name, application_template_id, app_roles, created_date_time) VALUES ($1, $2, $3, $4, $5, $6)`,
      [app.id, app.appId, app.displayName, app.applicationTemplateId, JSON.stringify(app.appRoles), at],
    );
  }

  async insertServicePrincipal(db: EntityManager, sp: Omit<ServicePrincipalRow, 'createdDateTime'>, at: Date): Promise<void> {
    await db.query(
      `INSERT INTO entra.service_principals (id, app_id, application_id, display_name, application_template_id, app_roles, tags, created_date_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [sp.id, sp.appId, sp.applicationId, sp.displayName, sp.applicationTemplateId, JSON.stringify(sp.appRoles), sp.tags, at],
    );
  }

  async application(db: EntityManager, id: string): Promise<ApplicationRow | undefined> {
    if (!isGuid(id)) return undefined;
    const rows: ApplicationRow[] = await db.query(`SELECT ${APP_SQL} FROM entra.applications WHERE id = $1`, [id]);
    return rows[0];
  }

  applications(db: EntityManager): Promise<ApplicationRow[]> {
    return db.query(`SELECT ${APP_SQL} FROM entra.applications ORDER BY created_date_time, id`);
  }

  listServicePrincipals(db: EntityManager, request: CollectionRequest): Promise<Page<ServicePrincipalRow>> {
    return readPage<ServicePrincipalRow>(db, SERVICE_PRINCIPALS_COLLECTION, request, SP_SQL);
  }

  async servicePrincipal(db: EntityManager, id: string, by: 'id' | 'appId' = 'id'): Promise<ServicePrincipalRow | undefined> {
    if (!isGuid(id)) return undefined;
    const column = by === 'id' ? 'id' : 'app_id';
    const rows: ServicePrincipalRow[] = await db.query(`SELECT ${SP_SQL} FROM entra.service_principals WHERE ${column} = $1`, [id]);
    return rows[0];
  }

  async setApplicationRoles(db: EntityManager, id: string, roles: readonly AppRole[]): Promise<void> {
    await db.query(`UPDATE entra.applications SET app_roles = $2::jsonb WHERE id = $1`, [id, JSON.stringify(roles)]);
  }

  servicePrincipalsOfApplication(db: EntityManager, applicationId: string): Promise<{ id: string; appRoles: AppRole[] }[]> {
    return db.query(`SELECT id, app_roles AS "appRoles" FROM entra.service_principals WHERE application_id = $1`, [applicationId]);
  }

  async setServicePrincipalRoles(db: EntityManager, id: string, roles: readonly AppRole[]): Promise<void> {
    await db.query(`UPDATE entra.service_principals SET app_roles = $2::jsonb WHERE id = $1`, [id, JSON.stringify(roles)]);
  }

  assignmentsOfResource(db: EntityManager, spId: string): Promise<AssignmentRow[]> {
    return db.query(`SELECT ${ASSIGNMENT_SQL} WHERE a.resource_id = $1 ORDER BY a.created_date_time, a.id`, [spId]);
  }

  assignmentsOfPrincipal(db: EntityManager, principalId: string): Promise<AssignmentRow[]> {
    return db.query(`SELECT ${ASSIGNMENT_SQL} WHERE a.principal_id = $1 ORDER BY a.created_date_time, a.id`, [principalId]);
  }

  async assignment(db: EntityManager, id: string): Promise<AssignmentRow | undefined> {
    const rows: AssignmentRow[] = await db.query(`SELECT ${ASSIGNMENT_SQL} WHERE a.id = $1`, [id]);
    return rows[0];
  }

  /** false when the principal already holds this role of the resource. */
  async insertAssignment(
    db: EntityManager,
    row: { id: string; appRoleId: string; principalId: string; principalType: 'User' | 'Group'; resourceId: string },
    at: Date,
  ): Promise<boolean> {
    try {
      await db.query(
        `INSERT INTO entra.app_role_assignments (id, app_role_id, principal_id, principal_type, resource_id, created_date_time)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.id, row.appRoleId, row.principalId, row.principalType, row.resourceId, at],
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** The removed assignment's principal, or undefined when the resource has no such assignment. */
  /** Deletes an assignment of the resource; answers its principal, undefined when there was none. */
  async deleteAssignment(
    db: EntityManager,
    id: string,
    resourceId: string,
  ): Promise<{ principalId: string; principalType: 'User' | 'Group' } | undefined> {
    const removed = returnedRows<{ principalId: string; principalType: 'User' | 'Group' }>(
      await db.query(
        `DELETE FROM entra.app_role_assignments WHERE id = $1 AND resource_id = $2
         RETURNING principal_id AS "principalId", principal_type AS "principalType"`,
        [id, resourceId],
      ),
    );
    return removed[0];
  }

  /** A live user or group that may hold app roles: its type and name, and for a group whether it is security-enabled. */
  async principal(
    db: EntityManager,
    principalId: string,
  ): Promise<
    | { type: 'User'; displayName: string; userPrincipalName: string }
    | { type: 'Group'; displayName: string; securityEnabled: boolean }
    | undefined
  > {
    const users: { displayName: string; userPrincipalName: string }[] = await db.query(
      `SELECT display_name AS "displayName", user_principal_name AS "userPrincipalName" FROM entra.users
        WHERE id = $1 AND deleted_date_time IS NULL`,
      [principalId],
    );
    if (users.length) return { type: 'User', ...users[0] };
    const groups: { securityEnabled: boolean; displayName: string }[] = await db.query(
      `SELECT security_enabled AS "securityEnabled", display_name AS "displayName" FROM entra.groups WHERE id = $1 AND deleted_date_time IS NULL`,
      [principalId],
    );
    return groups[0] ? { type: 'Group', ...groups[0] } : undefined;
  }
}
