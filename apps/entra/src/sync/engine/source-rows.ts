import { type AppRoleAssignmentValue, type SourceObject, sourceUserPrincipalName } from '@app/provisioning-core';

/**
 * The source side's rows and their SQL fragments: how a row of the tenant's tables becomes the engine's SourceState.
 * The queries that read them are SourceReader's (source-reader.ts).
 */

/** What the engine knows about one source object of the tenant (Entra's side of the connector). */
export interface SourceState {
  id: string;
  objectType: 'User' | 'Group';
  /** null: the object is gone from the tenant (purged). */
  source: SourceObject | null;
  softDeleted: boolean;
  /** Assigned to the app (directly, or a user through a live group assigned to it). */
  assigned: boolean;
  displayName: string;
}

export interface UserRow {
  id: string;
  user_principal_name: string;
  display_name: string;
  given_name: string | null;
  surname: string | null;
  mail: string | null;
  mail_nickname: string;
  account_enabled: boolean;
  job_title: string | null;
  department: string | null;
  employee_id: string | null;
  employee_type: string | null;
  company_name: string | null;
  employee_org_data: { division?: string | null; costCenter?: string | null } | null;
  on_premises_extension_attributes: Record<string, string | null> | null;
  business_phones: string[];
  mobile_phone: string | null;
  office_location: string | null;
  street_address: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
  preferred_language: string | null;
  user_type: string;
  manager_id: string | null;
  deleted_date_time: Date | null;
  assigned: boolean;
  roles: AppRoleAssignmentValue[] | null;
}

export interface GroupRow {
  id: string;
  display_name: string;
  mail_nickname: string;
  description: string | null;
  deleted_date_time: Date | null;
  assigned: boolean;
  members: string[] | null;
}

/** Assignment of a user to the app: directly, or through a live group it is a direct member of (no nesting, as Entra). */
export const USER_ASSIGNED = `(
  EXISTS (SELECT 1 FROM entra.app_role_assignments a WHERE a.resource_id = $1 AND a.principal_id = u.id)
  OR EXISTS (SELECT 1 FROM entra.group_members m
               JOIN entra.groups g ON g.id = m.group_id AND g.deleted_date_time IS NULL
               JOIN entra.app_role_assignments a ON a.principal_id = m.group_id AND a.resource_id = $1
              WHERE m.member_id = u.id))`;

export const USER_ROLES = `(SELECT json_agg(json_build_object('id', a.id, 'appRoleId', a.app_role_id, 'principalType', a.principal_type,
      'value', r.value ->> 'value', 'displayName', r.value ->> 'displayName'))
    FROM entra.app_role_assignments a
    JOIN entra.service_principals sp ON sp.id = a.resource_id
    LEFT JOIN LATERAL jsonb_array_elements(sp.app_roles) r(value) ON (r.value ->> 'id')::uuid = a.app_role_id
   WHERE a.resource_id = $1 AND (a.principal_id = u.id OR a.principal_id IN (
     SELECT m.group_id FROM entra.group_members m JOIN entra.groups g ON g.id = m.group_id AND g.deleted_date_time IS NULL WHERE m.member_id = u.id)))`;

export const USER_COLUMNS = `u.id, u.user_principal_name, u.display_name, u.given_name, u.surname, u.mail, u.mail_nickname, u.account_enabled,
  u.job_title, u.department, u.employee_id, u.employee_type, u.company_name, u.employee_org_data, u.on_premises_extension_attributes, u.business_phones, u.mobile_phone, u.office_location, u.street_address, u.city,
  u.state, u.postal_code, u.country, u.preferred_language, u.user_type, u.manager_id, u.deleted_date_time`;

export const GROUP_ASSIGNED = `EXISTS (SELECT 1 FROM entra.app_role_assignments a WHERE a.resource_id = $1 AND a.principal_id = g.id)`;
export const GROUP_MEMBERS = `(SELECT array_agg(m.member_id::text ORDER BY m.member_id) FROM entra.group_members m
   JOIN entra.users mu ON mu.id = m.member_id AND mu.deleted_date_time IS NULL WHERE m.group_id = g.id)`;

export interface ReadOptions {
  servicePrincipalId: string;
  /** "Sync all users and groups": every object is assigned. */
  syncAll: boolean;
  /** Load `appRoleAssignments` (only when a mapping reads it: it costs a join per user). */
  withRoles: boolean;
}

export function userSource(row: UserRow, roles: boolean): SourceObject {
  const source: Record<string, unknown> = {
    objectId: row.id,
    // A B2B guest's #EXT# UPN is read as alias@theirdomain; the stored value stays readable (reference §9.7).
    userPrincipalName: sourceUserPrincipalName(row.user_principal_name),
    originalUserPrincipalName: row.user_principal_name,
    displayName: row.display_name,
    givenName: row.given_name,
    surname: row.surname,
    mail: row.mail,
    mailNickname: row.mail_nickname,
    accountEnabled: row.account_enabled,
    jobTitle: row.job_title,
    department: row.department,
    employeeId: row.employee_id,
    employeeType: row.employee_type,
    companyName: row.company_name,
    'employeeOrgData.division': row.employee_org_data?.division ?? null,
    'employeeOrgData.costCenter': row.employee_org_data?.costCenter ?? null,
    telephoneNumber: row.business_phones?.[0] ?? null,
    mobile: row.mobile_phone,
    physicalDeliveryOfficeName: row.office_location,
    streetAddress: row.street_address,
    city: row.city,
    state: row.state,
    postalCode: row.postal_code,
    country: row.country,
    preferredLanguage: row.preferred_language,
    userType: row.user_type,
    manager: row.manager_id,
  };
  for (let i = 1; i <= 15; i++) source[`extensionAttribute${i}`] = row.on_premises_extension_attributes?.[`extensionAttribute${i}`] ?? null;
  if (roles) source.appRoleAssignments = row.roles ?? [];
  return source;
}

export function toUserState(row: UserRow, options: ReadOptions): SourceState {
  return {
    id: row.id,
    objectType: 'User',
    source: userSource(row, options.withRoles),
    softDeleted: row.deleted_date_time !== null,
    assigned: options.syncAll || row.assigned,
    displayName: row.user_principal_name,
  };
}

export function toGroupState(row: GroupRow, options: ReadOptions): SourceState {
  return {
    id: row.id,
    objectType: 'Group',
    source: {
      objectId: row.id,
      displayName: row.display_name,
      mailNickname: row.mail_nickname,
      description: row.description,
      members: row.members ?? [],
    },
    softDeleted: row.deleted_date_time !== null,
    assigned: options.syncAll || row.assigned,
    displayName: row.display_name,
  };
}
