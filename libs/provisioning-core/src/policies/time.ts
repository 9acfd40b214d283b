/** Time helpers for the policies: instants come in as Date or epoch milliseconds, never from a clock. */

export type Instant = Date | number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function toEpochMs(instant: Instant): number {
  return typeof instant === 'number' ? instant : instant.getTime();
}

/** ISO 8601 UTC without fractional seconds, e.g. 2024-05-01T10:40:00Z. */
export function formatUtc(instant: Instant): string {
  return new Date(toEpochMs(instant)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
