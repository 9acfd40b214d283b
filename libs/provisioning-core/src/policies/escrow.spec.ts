import { escrowRetryMessage, withEscrowRetryMessage } from './escrow-message';
import { escrowRetryDelayMs, isEscrowRetryDue, nextEscrowRetry } from './escrow-retry';
import { PolicyError } from './policy-error';
import { HOUR_MS, MINUTE_MS } from './time';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

describe('escrow retry schedule', () => {
  it.each([
    [0, 40 * MINUTE_MS],
    [1, 80 * MINUTE_MS],
    [2, 160 * MINUTE_MS],
    [3, 320 * MINUTE_MS],
    [4, 640 * MINUTE_MS],
    [5, 1280 * MINUTE_MS],
    [6, 24 * HOUR_MS], // capped
    [50, 24 * HOUR_MS],
    [Number.MAX_SAFE_INTEGER, 24 * HOUR_MS],
  ])('after %p retries the next delay is %p ms', (attempt, delay) => {
    expect(escrowRetryDelayMs(attempt)).toBe(delay);
  });

  it.each([
    [{ baseIntervalMs: 20 * MINUTE_MS, factor: 3, capMs: 2 * HOUR_MS }, [20, 60, 120, 120]],
    [{ baseIntervalMs: 40 * MINUTE_MS, factor: 1, capMs: 40 * MINUTE_MS }, [40, 40, 40, 40]],
  ])('takes the base interval, factor and cap as parameters (%p)', (policy, minutes) => {
    expect([0, 1, 2, 3].map((n) => escrowRetryDelayMs(n, policy) / MINUTE_MS)).toEqual(minutes);
  });

  it('counts from the latest failure', () => {
    expect(nextEscrowRetry({ attempt: 0, firstFailedAt: T0, lastFailedAt: T0 }).toISOString()).toBe('2024-05-01T10:40:00.000Z');
    expect(nextEscrowRetry({ attempt: 2, firstFailedAt: new Date(T0), lastFailedAt: new Date(T0 + 2 * HOUR_MS) }).toISOString()).toBe(
      '2024-05-01T14:40:00.000Z',
    );
  });

  it.each([
    [{ attempt: -1, firstFailedAt: T0, lastFailedAt: T0 }],
    [{ attempt: 1.5, firstFailedAt: T0, lastFailedAt: T0 }],
    [{ attempt: 0, firstFailedAt: T0, lastFailedAt: T0 - 1 }],
    [{ attempt: 0, firstFailedAt: Number.NaN, lastFailedAt: T0 }],
  ])('rejects %p', (input) => {
    expect(() => nextEscrowRetry(input)).toThrow(PolicyError);
  });

  it.each([
    [{ baseIntervalMs: 0, factor: 2, capMs: HOUR_MS }],
    [{ baseIntervalMs: HOUR_MS, factor: 0.5, capMs: HOUR_MS }],
    [{ baseIntervalMs: HOUR_MS, factor: 2, capMs: MINUTE_MS }],
    [{ baseIntervalMs: HOUR_MS, factor: 2, capMs: Number.POSITIVE_INFINITY }],
  ])('rejects the policy %p', (policy) => {
    expect(() => escrowRetryDelayMs(0, policy)).toThrow(PolicyError);
  });

  it.each([
    [T0 - 1, false],
    [T0, true],
    [T0 + 1, true],
  ])('a retry at T0 is due at %p: %p', (now, due) => {
    expect(isEscrowRetryDue(T0, now)).toBe(due);
  });
});

describe('escrow retry message', () => {
  it.each([
    [0, T0, 'This operation was retried 0 times. It will be retried again after this date: 2024-05-01T10:00:00Z'],
    [3, new Date(T0 + 1234), 'This operation was retried 3 times. It will be retried again after this date: 2024-05-01T10:00:01Z'],
  ])('%p retries, next %p', (count, next, text) => {
    expect(escrowRetryMessage(count, next)).toBe(text);
  });

  it('appends to the error message', () => {
    expect(withEscrowRetryMessage('Conflict.', 1, T0)).toBe(
      'Conflict. This operation was retried 1 times. It will be retried again after this date: 2024-05-01T10:00:00Z',
    );
    expect(withEscrowRetryMessage('', 1, T0)).toBe(escrowRetryMessage(1, T0));
  });
});
