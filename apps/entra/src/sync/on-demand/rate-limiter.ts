import { Injectable } from '@nestjs/common';

/** Graph's documented limit of provisionOnDemand: 5 requests per 10 seconds (reference §8.3). */
export const ON_DEMAND_RATE_LIMIT = 5;
export const ON_DEMAND_RATE_WINDOW_MS = 10_000;

export type RateDecision =
  | { allowed: true; remaining: number }
  /** `retryAfterSeconds`: the Retry-After header, whole seconds (at least 1) until a slot frees up. */
  | { allowed: false; retryAfterMs: number; retryAfterSeconds: number };

/** Keys kept before a sweep drops the idle ones. */
const SWEEP_THRESHOLD = 1_000;

/**
 * A sliding-window log per key: at most `limit` accepted calls in any `windowMs`. Refused calls are not recorded
 * (they don't extend the wait). Time is a function so tests can move it; the service passes wall time, since this
 * is an API rate limit and not part of the simulated world.
 */
export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`windowMs must be positive, got ${windowMs}`);
  }

  /** Records a call for `key` when a slot is free; otherwise says how long to wait. */
  take(key: string): RateDecision {
    const now = this.now();
    if (this.hits.size > SWEEP_THRESHOLD) this.sweep(now);
    const recent = this.recent(key, now);
    if (recent.length < this.limit) {
      recent.push(now);
      this.hits.set(key, recent);
      return { allowed: true, remaining: this.limit - recent.length };
    }
    const retryAfterMs = Math.max(0, recent[0] + this.windowMs - now);
    return { allowed: false, retryAfterMs, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }

  /** Forgets every recorded call. */
  reset(): void {
    this.hits.clear();
  }

  private recent(key: string, now: number): number[] {
    const from = now - this.windowMs;
    const kept = (this.hits.get(key) ?? []).filter((at) => at > from);
    if (kept.length === 0) this.hits.delete(key);
    else this.hits.set(key, kept);
    return kept;
  }

  private sweep(now: number): void {
    for (const key of [...this.hits.keys()]) {
      if (this.recent(key, now).length === 0) this.hits.delete(key);
    }
  }
}

/** The process-wide limiter of provisionOnDemand calls, keyed by job id (wall-clock time). */
@Injectable()
export class OnDemandRateLimiter extends SlidingWindowRateLimiter {
  constructor() {
    super(ON_DEMAND_RATE_LIMIT, ON_DEMAND_RATE_WINDOW_MS);
  }
}
