/** Fixed-shape PATCH bodies: disable/enable, manager reference, group members, group rename (reference §4.4–4.7, §4.10). */
import { buildOperations, opName, patchBody } from './patch-ops';
import { getCI } from './resource-access';
import { ENTERPRISE_USER_URN } from './scim-urns';
import { parseTargetPath } from './target-path';
import type { JsonValue, PatchBody, PatchOperation, PatchShape, ScimResource } from './types';

export const MANAGER_PATH = `${ENTERPRISE_USER_URN}:manager`;

/**
 * Members per PATCH request. The batch size Entra uses is undocumented (reference open question 7); 100 keeps
 * bodies well under the SCIM target's 1000-operation cap in the flag shape (one op per removed member).
 */
export const DEFAULT_MEMBER_BATCH_SIZE = 100;

/** `{"op":"Replace","path":"active","value":"False"}` / flag: `{"op":"replace","path":"active","value":false}`. */
export function activePatch(active: boolean, shape: PatchShape, path = 'active'): PatchBody {
  return patchBody(buildOperations([{ path: parseTargetPath(path), value: active, kind: 'replace' }], shape));
}

export function disablePatch(shape: PatchShape): PatchBody {
  return activePatch(false, shape);
}

export function enablePatch(shape: PatchShape): PatchBody {
  return activePatch(true, shape);
}

/** The manager id currently on a target user (bare string or `{value}`), or null. */
export function currentManagerId(resource: ScimResource | null): string | null {
  if (resource === null) return null;
  const ext = getCI(resource, ENTERPRISE_USER_URN);
  const manager = typeof ext === 'object' && ext !== null && !Array.isArray(ext) ? getCI(ext as ScimResource, 'manager') : undefined;
  if (typeof manager === 'string') return manager === '' ? null : manager;
  if (Array.isArray(manager)) return currentManagerId({ [ENTERPRISE_USER_URN]: { manager: manager[0] as JsonValue } });
  if (typeof manager === 'object' && manager !== null) {
    const value = getCI(manager as ScimResource, 'value');
    return typeof value === 'string' && value !== '' ? value : null;
  }
  return null;
}

/**
 * `{"op":"Add"|"Replace","path":"urn:…:User:manager","value":"<target id>"}` (bare id, as Entra sends it).
 * Add when the target has no manager, Replace when it differs; null when it already is that id (ids are compared
 * case-sensitively). `currentTarget` null = not read → Replace.
 */
export function managerPatch(managerTargetId: string, currentTarget: ScimResource | null, shape: PatchShape): PatchBody | null {
  const current = currentTarget === null ? undefined : currentManagerId(currentTarget);
  if (current === managerTargetId) return null;
  const kind = current === null ? 'add' : 'replace';
  return patchBody([{ op: opName(kind, shape), path: MANAGER_PATH, value: managerTargetId }]);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** `{"op":"Add","path":"members","value":[{"$ref":null,"value":id},…]}`, one PATCH per batch. */
export function memberAddPatches(targetIds: readonly string[], shape: PatchShape, batchSize = DEFAULT_MEMBER_BATCH_SIZE): PatchBody[] {
  return chunks(targetIds, batchSize).map((batch) =>
    patchBody([{ op: opName('add', shape), path: 'members', value: batch.map((value) => ({ $ref: null, value })) }]),
  );
}

function escapeFilterValue(id: string): string {
  return id.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * default: `{"op":"Remove","path":"members","value":[{"value":id},…]}` (one op per batch);
 * flag: one `{"op":"remove","path":"members[value eq \"id\"]"}` per member, batched per PATCH.
 */
export function memberRemovePatches(targetIds: readonly string[], shape: PatchShape, batchSize = DEFAULT_MEMBER_BATCH_SIZE): PatchBody[] {
  return chunks(targetIds, batchSize).map((batch) => {
    if (shape === 'default') return patchBody([{ op: 'Remove', path: 'members', value: batch.map((value) => ({ value })) }]);
    const operations: PatchOperation[] = batch.map((id) => ({ op: 'remove', path: `members[value eq "${escapeFilterValue(id)}"]` }));
    return patchBody(operations);
  });
}

/** `{"op":"Replace","path":"displayName","value":"…"}` (flag: lower-case `replace`). */
export function groupRenamePatch(displayName: string, shape: PatchShape): PatchBody {
  return patchBody(buildOperations([{ path: parseTargetPath('displayName'), value: displayName, kind: 'replace' }], shape));
}

/** Member ids (`members[].value`) of a target group resource. */
export function getMembers(resource: ScimResource): string[] {
  const members = getCI(resource, 'members');
  if (!Array.isArray(members)) return [];
  const out: string[] = [];
  for (const m of members) {
    const value = typeof m === 'object' && m !== null ? getCI(m as ScimResource, 'value') : m;
    if (typeof value === 'string') out.push(value);
  }
  return out;
}
