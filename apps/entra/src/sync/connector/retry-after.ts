/**
 * Throttling (429) inside one connector call. Entra's exact reaction is not documented (reference §4.9, open
 * question 1: a Q&A answer says it honours Retry-After); ours: wait what Retry-After asks, retry at most
 * `max429Retries` times, and give up (escrow) at once when the app asks for more than `maxRetryAfterMs`, since
 * retrying earlier than asked would ignore the header.
 */

/** Wait used when a 429 carries no usable Retry-After: 1 s, 2 s, 4 s … */
export const DEFAULT_THROTTLE_BACKOFF_MS = 1_000;

/**
 * Retry-After (RFC 9110 §10.2.3) in milliseconds from `nowMs`: delay-seconds or an HTTP-date (a date in the past
 * is 0). undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // HTTP-date (IMF-fixdate, and the obsolete RFC 850 / asctime forms Date.parse also reads); a date needs letters.
  if (!/[a-z]/i.test(raw)) return undefined;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export interface ThrottleInput {
  /** Retries already made for this call (0 after the first 429). */
  retriesSoFar: number;
  /** From Retry-After; undefined when the answer had none. */
  retryAfterMs: number | undefined;
  maxRetries: number;
  maxRetryAfterMs: number;
}

/** How long to wait before retrying a throttled request, or null to give up (the caller escrows). */
export function throttleDelayMs(input: ThrottleInput): number | null {
  if (input.retriesSoFar >= input.maxRetries) return null;
  if (input.retryAfterMs !== undefined) return input.retryAfterMs <= input.maxRetryAfterMs ? input.retryAfterMs : null;
  return Math.min(DEFAULT_THROTTLE_BACKOFF_MS * 2 ** input.retriesSoFar, input.maxRetryAfterMs);
}
