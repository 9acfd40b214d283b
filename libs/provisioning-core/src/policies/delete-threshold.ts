/**
 * Accidental-deletions prevention (reference §6.1): every disable and delete the engine is about to send in ONE
 * cycle — users and groups — counts; if the count exceeds (>) the threshold the cycle's deletions are withheld
 * (logged as StagedDelete) and the job is quarantined with reason TooManyDeletes. Counts never carry over
 * between cycles.
 */
import { requireCount } from './policy-error';
import type { SyncNotificationSettings } from './sync-notification-settings';

/** Disables and deletes planned in one cycle. */
export interface PlannedDeletions {
  userDisables?: number;
  userDeletes?: number;
  groupDisables?: number;
  groupDeletes?: number;
}

export type DeleteThresholdSettings = Pick<SyncNotificationSettings, 'deleteThresholdEnabled' | 'deleteThresholdValue'>;

export interface DeleteThresholdDecision {
  exceeded: boolean;
  /** Disables + deletes counted. */
  count: number;
  threshold: number;
  enabled: boolean;
}

export function countPlannedDeletions(planned: PlannedDeletions): number {
  return (
    requireCount('userDisables', planned.userDisables ?? 0) +
    requireCount('userDeletes', planned.userDeletes ?? 0) +
    requireCount('groupDisables', planned.groupDisables ?? 0) +
    requireCount('groupDeletes', planned.groupDeletes ?? 0)
  );
}

export function evaluateDeleteThreshold(planned: PlannedDeletions, settings: DeleteThresholdSettings): DeleteThresholdDecision {
  const count = countPlannedDeletions(planned);
  const threshold = requireCount('deleteThresholdValue', settings.deleteThresholdValue);
  const enabled = settings.deleteThresholdEnabled;
  return { exceeded: enabled && count > threshold, count, threshold, enabled };
}

/** true when this cycle's planned disables + deletes exceed the threshold (count > value) and it is enabled. */
export function exceedsDeleteThreshold(planned: PlannedDeletions, settings: DeleteThresholdSettings): boolean {
  return evaluateDeleteThreshold(planned, settings).exceeded;
}
