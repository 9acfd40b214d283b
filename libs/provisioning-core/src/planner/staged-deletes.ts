/** Accidental-deletion prevention support (reference §6.1): withholding disables and deletes. */
import { emptyCounts } from './plan';
import type { Plan, PlannedAction } from './types';

/** Disables and deletes count toward the accidental-deletion threshold (groups too). */
export function isDeletion(action: PlannedAction): boolean {
  return action.action === 'disable' || action.action === 'delete';
}

export function countDeletions(plan: Plan): number {
  return plan.actions.reduce((n, a) => n + (isDeletion(a) ? 1 : 0), 0);
}

function stage(action: PlannedAction): PlannedAction {
  return {
    ...action,
    action: 'stagedDelete',
    provisioningAction: 'stagedDelete',
    status: 'skipped',
    reason: `Withheld by the accidental deletion threshold: ${action.reason}`,
    requests: [],
    link: { kind: 'keep' },
    steps: action.steps
      .filter((s) => s.provisioningStepType !== 'export' && s.provisioningStepType !== 'referenceResolution')
      .map((s) =>
        s.provisioningStepType === 'processing' ? { ...s, status: 'skipped', details: { ...s.details, SkipReason: 'StagedDelete' } } : s,
      ),
    withheld: action,
  };
}

/** Converts every disable/delete into a stagedDelete that keeps the original in `withheld`. */
export function stageDeletes(plan: Plan): Plan {
  const counts = emptyCounts();
  const actions = plan.actions.map((a) => {
    const out = isDeletion(a) ? stage(a) : a;
    counts[out.action] += 1;
    return out;
  });
  return { actions, counts };
}

/** "Allow deletes" / ForceDeletes: the withheld actions back. */
export function releaseStagedDeletes(plan: Plan): Plan {
  const counts = emptyCounts();
  const actions = plan.actions.map((a) => {
    const out = a.action === 'stagedDelete' && a.withheld ? a.withheld : a;
    counts[out.action] += 1;
    return out;
  });
  return { actions, counts };
}
