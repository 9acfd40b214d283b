import { parseRetryAfter, throttleDelayMs } from './retry-after';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['7', 7000],
    ['0', 0],
    [' 12 ', 12_000],
    [['3', '9'], 3000],
    [new Date(NOW + 30_000).toUTCString(), 30_000],
    ['Sat, 01 Mar 2025 12:01:00 GMT', 60_000],
    ['Saturday, 01-Mar-25 12:01:00 GMT', 60_000],
    ['Sat, 01 Mar 2025 11:00:00 GMT', 0],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['2025-03-01', undefined],
  ] as const)('%j → %p', (value, expected) => {
    expect(parseRetryAfter(value as string | string[] | undefined, NOW)).toBe(expected);
  });
});

describe('throttleDelayMs', () => {
  const base = { maxRetries: 5, maxRetryAfterMs: 60_000 };
  it.each([
    ['honours Retry-After', { ...base, retriesSoFar: 0, retryAfterMs: 2000 }, 2000],
    ['honours Retry-After 0', { ...base, retriesSoFar: 0, retryAfterMs: 0 }, 0],
    ['honours Retry-After equal to the cap', { ...base, retriesSoFar: 3, retryAfterMs: 60_000 }, 60_000],
    ['gives up when Retry-After is above the cap', { ...base, retriesSoFar: 0, retryAfterMs: 60_001 }, null],
    ['gives up after maxRetries', { ...base, retriesSoFar: 5, retryAfterMs: 1000 }, null],
    ['never retries with maxRetries 0', { ...base, maxRetries: 0, retriesSoFar: 0, retryAfterMs: 1000 }, null],
    ['backs off 1 s without Retry-After', { ...base, retriesSoFar: 0, retryAfterMs: undefined }, 1000],
    ['backs off 4 s on the third retry', { ...base, retriesSoFar: 2, retryAfterMs: undefined }, 4000],
    ['caps the backoff', { ...base, maxRetryAfterMs: 3000, retriesSoFar: 4, retryAfterMs: undefined }, 3000],
  ])('%s', (_label, input, expected) => {
    expect(throttleDelayMs(input)).toBe(expected);
  });
});
