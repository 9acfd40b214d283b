/**
 * Escrow (object-level) retry schedule. Entra documents only "retried in following cycles, backing off
 * gradually" and "transient errors retried in 40 minutes (next cycle)" (reference §4.9, §5.1, Open question 1),
 * so the curve is ours: delay(n) = min(cap, base × factor^n) after the latest failure, where n = retries so far.
 * Defaults: base 40 min, factor 2, cap 24 h → +40 min, 80 min, 160 min, 320 min, 640 min, 1280 min, then daily.
 * There is no last retry: escrows are retried until fixed or cleared (restart with resetScope Escrows).
 */
import { PolicyError, requireCount, requireTime } from './policy-error';
import { HOUR_MS, MINUTE_MS, toEpochMs, type Instant } from './time';

export interface EscrowRetryPolicy {
  /** Delay before the first retry (default 40 min = one cycle). */
  baseIntervalMs: number;
  /** Growth per retry (default 2). */
  factor: number;
  /** Longest delay (default 24 h). */
  capMs: number;
}

export const DEFAULT_ESCROW_RETRY_POLICY: Readonly<EscrowRetryPolicy> = {
  baseIntervalMs: 40 * MINUTE_MS,
  factor: 2,
  capMs: 24 * HOUR_MS,
};

export interface EscrowRetryInput {
  /** Retries already made (0 right after the original failure). */
  attempt: number;
  firstFailedAt: Instant;
  /** The latest failure (the original one when attempt = 0). */
  lastFailedAt: Instant;
}

function checkPolicy(policy: EscrowRetryPolicy): void {
  const { baseIntervalMs, factor, capMs } = policy;
  if (!(baseIntervalMs > 0) || !(factor >= 1) || !(capMs >= baseIntervalMs) || !Number.isFinite(capMs)) {
    throw new PolicyError('escrow retry policy needs baseIntervalMs > 0, factor ≥ 1 and a finite capMs ≥ baseIntervalMs');
  }
}

/** Delay before retry number `attempt + 1`. */
export function escrowRetryDelayMs(attempt: number, policy: EscrowRetryPolicy = DEFAULT_ESCROW_RETRY_POLICY): number {
  requireCount('attempt', attempt);
  checkPolicy(policy);
  // Stop multiplying once the cap is reached, so large attempts never overflow.
  let delay = policy.baseIntervalMs;
  for (let n = 0; n < attempt && delay < policy.capMs; n += 1) delay *= policy.factor;
  return Math.min(delay, policy.capMs);
}

/** When the escrowed operation may next be retried (the engine retries it in the first cycle after that). */
export function nextEscrowRetry(input: EscrowRetryInput, policy: EscrowRetryPolicy = DEFAULT_ESCROW_RETRY_POLICY): Date {
  const first = requireTime('firstFailedAt', toEpochMs(input.firstFailedAt));
  const last = requireTime('lastFailedAt', toEpochMs(input.lastFailedAt));
  if (last < first) throw new PolicyError('lastFailedAt is before firstFailedAt');
  return new Date(last + escrowRetryDelayMs(input.attempt, policy));
}

/** true when an escrow whose next retry is `retryAt` should be retried in a cycle running at `now`. */
export function isEscrowRetryDue(retryAt: Instant, now: Instant): boolean {
  return toEpochMs(now) >= toEpochMs(retryAt);
}
