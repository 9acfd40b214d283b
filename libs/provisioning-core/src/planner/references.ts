/** The reference pass: manager PATCH and group membership changes, by target ids (reference §4.4, §4.7, §9.3–9.4). */
import {
  compileObjectMapping,
  currentManagerId,
  getMembers,
  managerPatch,
  memberAddPatches,
  memberRemovePatches,
  type ModifiedProperty,
  type PendingReference,
  type ScimResource,
} from '../mapping';
import { patchRequest } from './requests';
import type { PlanContext, ScimRequest } from './types';

export interface MemberChanges {
  add: string[];
  remove: string[];
}

/** (desired − current) to add, (current − desired) to remove; ids compared exactly; order kept. */
export function diffMembers(desired: readonly string[], current: readonly string[]): MemberChanges {
  const want = new Set(desired);
  const have = new Set(current);
  return {
    add: [...want].filter((id) => !have.has(id)),
    remove: [...have].filter((id) => !want.has(id)),
  };
}

export interface ReferencePassInput {
  /** The object's own target id (known after create or from the link). */
  targetId: string;
  pendingReferences: readonly PendingReference[];
  /** Current target resource (null = new or not read). */
  currentTarget: ScimResource | null;
  /** Groups: member target ids already in the target. */
  currentMemberTargetIds?: readonly string[];
}

export interface ReferencePass {
  requests: ScimRequest[];
  members: MemberChanges;
  /** What the log entry shows for an exported manager (old and new target ids). */
  modifiedProperties: ModifiedProperty[];
}

function resolveAll(ctx: PlanContext, sourceIds: readonly string[]): string[] {
  const resolve = ctx.resolveReference;
  if (!resolve) return [];
  const out: string[] = [];
  for (const id of sourceIds) {
    const target = resolve(id);
    if (target !== null) out.push(target);
  }
  return out;
}

/**
 * Users: a manager PATCH when the manager resolves to a target id different from the current one (an unresolved or
 * removed manager exports nothing). Groups: member add/remove PATCHes from (source members ∩ in-scope linked users)
 * vs the current target members.
 */
export function planReferences(ctx: PlanContext, input: ReferencePassInput): ReferencePass {
  const compiled = compileObjectMapping(ctx.objectMapping, ctx.targetDefs);
  const shape = ctx.settings.shape;
  const requests: ScimRequest[] = [];
  let members: MemberChanges = { add: [], remove: [] };
  const modifiedProperties: ModifiedProperty[] = [];
  for (const reference of input.pendingReferences) {
    const resolved = resolveAll(ctx, reference.sourceIds);
    if (compiled.kind === 'Group' && reference.targetAttributeName.toLowerCase() === 'members') {
      const current = input.currentMemberTargetIds ?? (input.currentTarget ? getMembers(input.currentTarget) : []);
      members = diffMembers(resolved, current);
      for (const body of memberAddPatches(members.add, shape, ctx.settings.memberBatchSize))
        requests.push(patchRequest(compiled, input.targetId, body, 'members'));
      for (const body of memberRemovePatches(members.remove, shape, ctx.settings.memberBatchSize))
        requests.push(patchRequest(compiled, input.targetId, body, 'members'));
      continue;
    }
    if (resolved.length === 0) continue;
    const body = managerPatch(resolved[0], input.currentTarget ?? {}, shape);
    if (!body) continue;
    requests.push(patchRequest(compiled, input.targetId, body, 'reference'));
    modifiedProperties.push({
      displayName: reference.targetAttributeName,
      oldValue: currentManagerId(input.currentTarget ?? {}) ?? null,
      newValue: resolved[0],
    });
  }
  return { requests, members, modifiedProperties };
}
