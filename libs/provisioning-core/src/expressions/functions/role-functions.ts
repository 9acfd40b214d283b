/**
 * App-role functions over `[appRoleAssignments]` (AppRoleAssignmentValue[]): SingleAppRoleAssignment,
 * AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex.
 */
import { ExpressionValue } from '../types';
import { toList } from '../values';
import { FunctionImpl } from './function-impl';

/** SCIM `roles[].type` Entra sends. */
export const ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';

/** One assigned app role: its id (`appRoleId`; null for a plain string), value and display name. */
export interface RoleName {
  id: string | null;
  value: string;
  display: string;
}

function field(entry: ExpressionValue, key: string): string | null {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const v = entry[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * Role value (falling back to the display name) of each assignment, with the app role id the PATCH's JSON-string
 * roles carry (reference §4.4); plain strings count as role values. The functions below and the update mapping
 * (mapping/roles.ts) read the same list, in the same order.
 */
export function roleNames(value: ExpressionValue): RoleName[] {
  const out: RoleName[] = [];
  for (const entry of toList(value)) {
    if (typeof entry === 'string') {
      if (entry !== '') out.push({ id: null, value: entry, display: entry });
      continue;
    }
    const roleValue = field(entry, 'value') ?? field(entry, 'displayName');
    if (roleValue !== null)
      out.push({ id: field(entry, 'appRoleId'), value: roleValue, display: field(entry, 'displayName') ?? roleValue });
  }
  return out;
}

/** The complex `roles` value of one role as POST sends it (and PATCH with aadOptscim062020). */
export function complexRole(role: RoleName): { primary: boolean; type: string; display: string; value: string } {
  return { primary: false, type: ROLE_TYPE, display: role.display, value: role.value };
}

/** Complex `roles` values, all primary=false. `emptyAs`: what no roles means (Assertive replaces with []). */
const complexRoles =
  (emptyAs: null | []): FunctionImpl =>
  (p, ev) => {
    const roles = roleNames(ev.value(p, 0));
    if (roles.length === 0) return emptyAs === null ? null : [];
    return roles.map(complexRole);
  };

export const ROLE_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  SingleAppRoleAssignment: (p, ev) => roleNames(ev.value(p, 0))[0]?.value ?? null,
  AppRoleAssignmentsComplex: complexRoles(null),
  AssertiveAppRoleAssignmentsComplex: complexRoles([]),
};
