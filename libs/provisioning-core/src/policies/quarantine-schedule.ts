/**
 * Re-evaluation schedule of a quarantined job (reference §5.3): retries at +6 h, +12 h and +24 h after the
 * series began (the first failure), then every 24 h (+48 h, +72 h, …); after 28 days the job is disabled.
 */
import { requireCount } from './policy-error';
import { DAY_MS, HOUR_MS, toEpochMs, type Instant } from './time';

export const QUARANTINE_DISABLE_AFTER_MS = 28 * DAY_MS;

/** Offset from seriesBegan of re-evaluation number `attemptsSoFar + 1`. */
export function quarantineRetryOffsetMs(attemptsSoFar: number): number {
  requireCount('attemptsSoFar', attemptsSoFar);
  if (attemptsSoFar === 0) return 6 * HOUR_MS;
  if (attemptsSoFar === 1) return 12 * HOUR_MS;
  return (attemptsSoFar - 1) * DAY_MS; // 2 → 24 h, 3 → 48 h, 4 → 72 h, …
}

/** When the quarantined job is next re-evaluated, given how many re-evaluations already failed. */
export function nextQuarantineAttempt(seriesBegan: Instant, attemptsSoFar: number): Date {
  return new Date(toEpochMs(seriesBegan) + quarantineRetryOffsetMs(attemptsSoFar));
}

/** true once 28 days (to the millisecond) have passed since the series began. */
export function shouldDisableJob(seriesBegan: Instant, now: Instant): boolean {
  return toEpochMs(now) - toEpochMs(seriesBegan) >= QUARANTINE_DISABLE_AFTER_MS;
}

/** The schedule functions as one object. */
export const quarantineSchedule = {
  retryOffsetMs: quarantineRetryOffsetMs,
  nextAttempt: nextQuarantineAttempt,
  shouldDisableJob,
  disableAfterMs: QUARANTINE_DISABLE_AFTER_MS,
} as const;
