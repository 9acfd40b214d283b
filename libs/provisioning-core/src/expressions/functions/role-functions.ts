/**
 * App-role functions over `[appRoleAssignments]` (AppRoleAssignmentValue[]): SingleAppRoleAssignment,
 * AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex.
 */
import { ExpressionValue } from '../types';
import { toList } from '../values';
import { FunctionImpl } from './function-impl';

/** SCIM `roles[].type` Entra sends. */
export const ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';

interface RoleName {
  value: string;
  display: string;
}

function field(entry: ExpressionValue, key: string): string | null {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const v = entry[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Role value (falling back to the display name) of each assignment; plain strings count as role values. */
function roleNames(value: ExpressionValue): RoleName[] {
  const out: RoleName[] = [];
  for (const entry of toList(value)) {
    if (typeof entry === 'string') {
      if (entry !== '') out.push({ value: entry, display: entry });
      continue;
    }
    const roleValue = field(entry, 'value') ?? field(entry, 'displayName');
    if (roleValue !== null) out.push({ value: roleValue, display: field(entry, 'displayName') ?? roleValue });
  }
  return out;
}

/** Complex `roles` values, all primary=false. `emptyAs`: what no roles means (Assertive replaces with []). */
const complexRoles =
  (emptyAs: null | []): FunctionImpl =>
  (p, ev) => {
    const roles = roleNames(ev.value(p, 0));
    if (roles.length === 0) return emptyAs === null ? null : [];
    return roles.map((r) => ({ primary: false, type: ROLE_TYPE, display: r.display, value: r.value }));
  };

export const ROLE_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  SingleAppRoleAssignment: (p, ev) => roleNames(ev.value(p, 0))[0]?.value ?? null,
  AppRoleAssignmentsComplex: complexRoles(null),
  AssertiveAppRoleAssignmentsComplex: complexRoles([]),
};
