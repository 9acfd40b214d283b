/**
 * The quarantine life cycle as a reducer over Graph's `synchronizationQuarantine` (reference §5.3–5.5):
 * a failed run while healthy imposes quarantine (series starts, email), each failed re-evaluation keeps it
 * (seriesCount + 1, next attempt per the schedule, email again if the reason changed), a successful run lifts it,
 * and a failure 28 days or more after the series began disables the job.
 */
import { PolicyError, requireTime } from './policy-error';
import { nextQuarantineAttempt, shouldDisableJob } from './quarantine-schedule';
import type { QuarantineReason } from './quarantine-reasons';
import { toEpochMs, type Instant } from './time';

/** Graph `synchronizationError`. */
export interface SynchronizationError {
  code: string;
  message: string;
  tenantActionable: boolean;
}

/** Graph `synchronizationQuarantine` (DateTimeOffsets as ISO 8601 UTC strings). */
export interface SynchronizationQuarantine {
  /** Last time the quarantine was imposed or re-evaluated and kept. */
  currentBegan: string;
  nextAttempt: string;
  reason: QuarantineReason;
  /** First imposition in this series (the first failure). */
  seriesBegan: string;
  /** Re-evaluations in this series that kept the quarantine (0 right after imposition). */
  seriesCount: number;
  error: SynchronizationError | null;
}

export type QuarantineOutcome = { kind: 'success' } | { kind: 'failure'; reason: QuarantineReason; error: SynchronizationError | null };

export type QuarantineTransition =
  /** Not quarantined; `lifted` when this success ended a quarantine. */
  | { status: 'healthy'; quarantine: null; lifted: boolean; notify: false }
  | {
      status: 'quarantined';
      quarantine: SynchronizationQuarantine;
      /** true when this failure started the series. */
      entered: boolean;
      previousReason: QuarantineReason | null;
      reasonChanged: boolean;
      /** Send the notification email: on entering quarantine and whenever the reason changes. */
      notify: boolean;
    }
  /** 28 days in quarantine: the job stops running (schedule state Disabled). */
  | { status: 'disabled'; quarantine: SynchronizationQuarantine; previousReason: QuarantineReason; notify: false };

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function parseTime(name: string, value: string): number {
  return requireTime(name, Date.parse(value));
}

/** Applies one run's outcome at `now` to the current quarantine (null = not quarantined). */
export function onQuarantineAttempt(
  state: SynchronizationQuarantine | null,
  outcome: QuarantineOutcome,
  now: Instant,
): QuarantineTransition {
  const nowMs = requireTime('now', toEpochMs(now));
  if (outcome.kind === 'success') return { status: 'healthy', quarantine: null, lifted: state !== null, notify: false };

  if (state === null) {
    const quarantine: SynchronizationQuarantine = {
      currentBegan: iso(nowMs),
      nextAttempt: nextQuarantineAttempt(nowMs, 0).toISOString(),
      reason: outcome.reason,
      seriesBegan: iso(nowMs),
      seriesCount: 0,
      error: outcome.error,
    };
    return { status: 'quarantined', quarantine, entered: true, previousReason: null, reasonChanged: false, notify: true };
  }

  const seriesBeganMs = parseTime('seriesBegan', state.seriesBegan);
  if (nowMs < seriesBeganMs) throw new PolicyError('now is before the quarantine series began');
  const seriesCount = state.seriesCount + 1;
  const kept = { ...state, currentBegan: iso(nowMs), reason: outcome.reason, seriesCount, error: outcome.error };
  if (shouldDisableJob(seriesBeganMs, nowMs)) {
    return { status: 'disabled', quarantine: kept, previousReason: state.reason, notify: false };
  }
  const reasonChanged = state.reason !== outcome.reason;
  return {
    status: 'quarantined',
    quarantine: { ...kept, nextAttempt: nextQuarantineAttempt(seriesBeganMs, seriesCount).toISOString() },
    entered: false,
    previousReason: state.reason,
    reasonChanged,
    notify: reasonChanged,
  };
}
