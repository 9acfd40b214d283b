/**
 * The PATCH of app roles (reference §3.5, §4.4, §4.10): a `roles` mapping whose expression is one of the role
 * functions is not diffed and replaced like other attributes.
 * - AppRoleAssignmentsComplex / SingleAppRoleAssignment: `Add` of the roles the target does not have yet (roles are
 *   never removed); without the flag each role is a JSON string `{"value":"{\"id\":…,\"value\":…,\"displayName\":…}"}`,
 *   with aadOptscim062020 the role objects of the POST (lower-case `add`).
 * - AssertiveAppRoleAssignmentsComplex: `replace` of the whole collection with the role objects when the set of
 *   role values differs.
 * Change detection compares role values, whether the target stores role objects or the JSON strings.
 */
import { evaluateExpression, type EvaluationContext } from '../expressions';
import { complexRole, roleNames, type RoleName } from '../expressions/functions/role-functions';
import type { CompiledAttributeMapping } from './compile';
import { opName } from './patch-ops';
import { getCI } from './resource-access';
import type { JsonValue, PatchOperation, PatchShape, ScimResource } from './types';

export type RoleFunctionName = 'SingleAppRoleAssignment' | 'AppRoleAssignmentsComplex' | 'AssertiveAppRoleAssignmentsComplex';

const ROLE_FUNCTION_NAMES: readonly RoleFunctionName[] = [
  'SingleAppRoleAssignment',
  'AppRoleAssignmentsComplex',
  'AssertiveAppRoleAssignmentsComplex',
];

/** The role function a core `roles` (or `roles[…].value`) mapping calls at its root, or null. */
export function roleFunctionOf(attribute: CompiledAttributeMapping): RoleFunctionName | null {
  const source = attribute.mapping.source;
  if (source === null || source.type !== 'Function' || attribute.path.schemaUrn !== null) return null;
  if (attribute.path.attribute.toLowerCase() !== 'roles') return null;
  const name = ROLE_FUNCTION_NAMES.find((n) => n.toLowerCase() === (source.name ?? '').toLowerCase());
  return name ?? null;
}

/** The user's roles as the role function sees them (its first argument), with their app role ids. */
function desiredRoles(attribute: CompiledAttributeMapping, fn: RoleFunctionName, ctx: EvaluationContext): RoleName[] {
  const argument = attribute.mapping.source?.parameters?.[0]?.value ?? null;
  const roles = argument === null ? [] : roleNames(evaluateExpression(argument, ctx).value);
  return fn === 'SingleAppRoleAssignment' ? roles.slice(0, 1) : roles;
}

/** The role value of a stored `roles` element: an object's `value`, or the `value` inside a JSON-string role. */
function storedRoleValue(element: unknown): string | null {
  let value: unknown = element;
  if (typeof element === 'object' && element !== null && !Array.isArray(element)) value = getCI(element as ScimResource, 'value');
  if (typeof value !== 'string' || value === '') return null;
  if (value.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const inner = getCI(parsed as ScimResource, 'value') ?? getCI(parsed as ScimResource, 'displayName');
        if (typeof inner === 'string' && inner !== '') return inner;
      }
    } catch {
      // not a JSON-string role: the text is the role value
    }
  }
  return value;
}

function storedRoleValues(currentTarget: ScimResource): string[] {
  const roles = getCI(currentTarget, 'roles');
  const list = Array.isArray(roles) ? roles : roles === undefined || roles === null ? [] : [roles];
  return list.map(storedRoleValue).filter((v): v is string => v !== null);
}

/** `{"value":"{\"id\":…,\"value\":…,\"displayName\":…}"}` (reference §4.4, default shape). */
function jsonStringRole(role: RoleName): JsonValue {
  const text =
    role.id === null ? { value: role.value, displayName: role.display } : { id: role.id, value: role.value, displayName: role.display };
  return { value: JSON.stringify(text) };
}

/**
 * The one roles operation of an update, or null when the target already has the roles. `currentTarget` null (not
 * read): every role is sent.
 */
export function rolesOperation(
  attribute: CompiledAttributeMapping,
  fn: RoleFunctionName,
  ctx: EvaluationContext,
  currentTarget: ScimResource | null,
  shape: PatchShape,
): PatchOperation | null {
  const roles = desiredRoles(attribute, fn, ctx);
  if (roles.length === 0) return null;
  const fold = (v: string) => (attribute.def.caseExact ? v : v.toLowerCase());
  const stored = new Set(currentTarget === null ? [] : storedRoleValues(currentTarget).map(fold));
  if (fn === 'AssertiveAppRoleAssignmentsComplex') {
    const wanted = new Set(roles.map((r) => fold(r.value)));
    const same = currentTarget !== null && wanted.size === stored.size && [...wanted].every((v) => stored.has(v));
    return same ? null : { op: 'replace', path: 'roles', value: roles.map(complexRole) };
  }
  const missing = roles.filter((r) => !stored.has(fold(r.value)));
  if (missing.length === 0) return null;
  const asObject = (r: RoleName): JsonValue => (fn === 'SingleAppRoleAssignment' ? { primary: true, value: r.value } : complexRole(r));
  return { op: opName('add', shape), path: 'roles', value: missing.map((r) => (shape === 'default' ? jsonStringRole(r) : asObject(r))) };
}
