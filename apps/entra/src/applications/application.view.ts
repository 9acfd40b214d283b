import { ApplicationRow, AssignmentRow, ServicePrincipalRow } from './applications.service';

const iso = (d: Date) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function toGraphApplication(row: ApplicationRow): Record<string, unknown> {
  return {
    id: row.id,
    appId: row.appId,
    applicationTemplateId: row.applicationTemplateId,
    appRoles: row.appRoles,
    createdDateTime: iso(row.createdDateTime),
    displayName: row.displayName,
    signInAudience: 'AzureADMyOrg',
  };
}

export function toGraphServicePrincipal(row: ServicePrincipalRow, select?: string[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    id: row.id,
    accountEnabled: true,
    appDisplayName: row.displayName,
    appId: row.appId,
    applicationTemplateId: row.applicationTemplateId,
    appRoleAssignmentRequired: true,
    appRoles: row.appRoles,
    displayName: row.displayName,
    servicePrincipalType: 'Application',
    tags: row.tags,
    createdDateTime: iso(row.createdDateTime),
  };
  if (!select) return full;
  const out: Record<string, unknown> = {};
  for (const key of select) out[key] = full[key] ?? null;
  if (!('id' in out)) out.id = row.id;
  return out;
}

export function toGraphAssignment(row: AssignmentRow): Record<string, unknown> {
  return {
    id: row.id,
    deletedDateTime: null,
    appRoleId: row.appRoleId,
    createdDateTime: iso(row.createdDateTime),
    principalDisplayName: row.principalDisplayName,
    principalId: row.principalId,
    principalType: row.principalType,
    resourceDisplayName: row.resourceDisplayName,
    resourceId: row.resourceId,
  };
}
