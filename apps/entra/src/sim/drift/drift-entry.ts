/**
 * provsim extension, not part of Entra: the pure parts of the Drift view — how the engine's plan for a source object,
 * or an unlinked object found in the target, reads as a difference between the target and what the mappings expect.
 */
import type { ScimResource } from '@app/provisioning-core';
import type { PreviewEntry } from '../preview/preview-entry';

export type DriftKind = 'missing' | 'extra' | 'differs';

export interface DriftEntry {
  kind: DriftKind;
  objectType: 'User' | 'Group';
  sourceId: string | null;
  targetId: string | null;
  displayName: string;
  attributes: { name: string; expected: string | null; actual: string | null }[];
}

export interface DriftSummary {
  inScope: number;
  inTarget: number;
  missing: number;
  extra: number;
  differs: number;
}

/**
 * A source object's difference, from what a full cycle would do to it now: create it (missing), update it (its
 * attributes differ), disable or delete it (the target holds an active object that nothing in scope stands for:
 * extra); nothing to do is no difference.
 */
export function driftOfPlan(entry: PreviewEntry): DriftEntry | null {
  const base = { objectType: entry.objectType, sourceId: entry.sourceId, targetId: entry.targetId, displayName: entry.displayName };
  switch (entry.action) {
    case 'Create':
      return { kind: 'missing', ...base, targetId: null, attributes: [] };
    case 'Update':
      return {
        kind: 'differs',
        ...base,
        attributes: entry.modifiedProperties.map((p) => ({ name: p.displayName, expected: p.newValue, actual: p.oldValue })),
      };
    case 'Disable':
    case 'Delete':
      return { kind: 'extra', ...base, attributes: [] };
    default:
      return null;
  }
}

/** Does a source object count as in scope (the next full cycle keeps it in the target)? */
export function keptInTarget(entry: PreviewEntry): boolean {
  return entry.action === 'Create' || entry.action === 'Update' || (entry.action === 'None' && entry.reason === null);
}

/**
 * An object listed in the target that no link of the job names: extra unless it is disabled (an object that left
 * scope ends disabled in the target, which is where the loop converges).
 */
export function driftOfUnlinked(objectType: 'User' | 'Group', resource: ScimResource): DriftEntry | null {
  if (resource.active === false) return null;
  const name = resource.userName ?? resource.displayName ?? resource.id;
  return { kind: 'extra', objectType, sourceId: null, targetId: String(resource.id), displayName: String(name), attributes: [] };
}
