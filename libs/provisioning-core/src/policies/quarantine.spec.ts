import { PolicyError } from './policy-error';
import { nextQuarantineAttempt, quarantineSchedule, shouldDisableJob } from './quarantine-schedule';
import { onQuarantineAttempt, type QuarantineOutcome, type SynchronizationQuarantine } from './quarantine-state';
import { DAY_MS, HOUR_MS } from './time';

const BEGAN = Date.UTC(2024, 0, 1, 0, 0, 0);
const at = (ms: number): string => new Date(BEGAN + ms).toISOString();

describe('quarantine schedule', () => {
  it.each([
    [0, 6 * HOUR_MS],
    [1, 12 * HOUR_MS],
    [2, 24 * HOUR_MS],
    [3, 48 * HOUR_MS],
    [4, 72 * HOUR_MS],
    [28, 27 * DAY_MS],
    [29, 28 * DAY_MS],
  ])('after %p attempts the next is at seriesBegan + %p ms', (attempts, offset) => {
    expect(nextQuarantineAttempt(new Date(BEGAN), attempts).getTime()).toBe(BEGAN + offset);
    expect(quarantineSchedule.nextAttempt(BEGAN, attempts).getTime()).toBe(BEGAN + offset);
  });

  it.each([
    [0, false],
    [27 * DAY_MS, false],
    [27 * DAY_MS + 23 * HOUR_MS, false],
    [28 * DAY_MS - 1, false],
    [28 * DAY_MS, true],
    [28 * DAY_MS + 1, true],
    [29 * DAY_MS, true],
  ])('%p ms after the series began, disable: %p', (elapsed, expected) => {
    expect(shouldDisableJob(BEGAN, BEGAN + elapsed)).toBe(expected);
    expect(shouldDisableJob(new Date(BEGAN), new Date(BEGAN + elapsed))).toBe(expected);
  });

  it('rejects a negative attempt count', () => {
    expect(() => nextQuarantineAttempt(BEGAN, -1)).toThrow(PolicyError);
  });
});

describe('onQuarantineAttempt', () => {
  const credentials: QuarantineOutcome = {
    kind: 'failure',
    reason: 'EncounteredQuarantineException',
    error: {
      code: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
      message: 'Invalid credentials',
      tenantActionable: true,
    },
  };
  const proportion: QuarantineOutcome = {
    kind: 'failure',
    reason: 'EncounteredEscrowProportionThreshold',
    error: { code: 'EscrowProportionThreshold', message: 'Too many failures', tenantActionable: true },
  };
  const imposed: SynchronizationQuarantine = {
    currentBegan: at(0),
    nextAttempt: at(6 * HOUR_MS),
    reason: 'EncounteredQuarantineException',
    seriesBegan: at(0),
    seriesCount: 0,
    error: credentials.kind === 'failure' ? credentials.error : null,
  };

  it('imposes quarantine on a failure while healthy and asks for an email', () => {
    expect(onQuarantineAttempt(null, credentials, BEGAN)).toEqual({
      status: 'quarantined',
      quarantine: imposed,
      entered: true,
      previousReason: null,
      reasonChanged: false,
      notify: true,
    });
  });

  it.each([
    [null, false],
    [imposed, true],
  ])('a success from %p → healthy (lifted %p)', (state, lifted) => {
    expect(onQuarantineAttempt(state, { kind: 'success' }, BEGAN + HOUR_MS)).toEqual({
      status: 'healthy',
      quarantine: null,
      lifted,
      notify: false,
    });
  });

  it('walks the series: 6 h, 12 h, 24 h, 48 h … then disables at 28 days', () => {
    let state = imposed;
    const nextAttempts: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const t = onQuarantineAttempt(state, credentials, Date.parse(state.nextAttempt));
      if (t.status !== 'quarantined') throw new Error(t.status);
      expect(t.notify).toBe(false);
      expect(t.quarantine.seriesCount).toBe(i + 1);
      expect(t.quarantine.currentBegan).toBe(state.nextAttempt);
      nextAttempts.push(t.quarantine.nextAttempt);
      state = t.quarantine;
    }
    expect(nextAttempts).toEqual([at(12 * HOUR_MS), at(24 * HOUR_MS), at(48 * HOUR_MS), at(72 * HOUR_MS)]);
  });

  it.each([
    [27 * DAY_MS, 'quarantined'],
    [28 * DAY_MS - 1, 'quarantined'],
    [28 * DAY_MS, 'disabled'],
  ])('a failure %p ms into the series → %p', (elapsed, status) => {
    expect(onQuarantineAttempt({ ...imposed, seriesCount: 27 }, credentials, BEGAN + elapsed).status).toBe(status);
  });

  it('keeps the state when disabling', () => {
    const t = onQuarantineAttempt({ ...imposed, seriesCount: 28 }, credentials, BEGAN + 28 * DAY_MS);
    expect(t).toEqual({
      status: 'disabled',
      quarantine: { ...imposed, seriesCount: 29, currentBegan: at(28 * DAY_MS) },
      previousReason: 'EncounteredQuarantineException',
      notify: false,
    });
  });

  it('asks for a new email when the reason changes, and only then', () => {
    const changed = onQuarantineAttempt(imposed, proportion, BEGAN + 6 * HOUR_MS);
    expect(changed).toMatchObject({
      status: 'quarantined',
      entered: false,
      previousReason: 'EncounteredQuarantineException',
      reasonChanged: true,
      notify: true,
      quarantine: { reason: 'EncounteredEscrowProportionThreshold', error: { code: 'EscrowProportionThreshold' } },
    });
    if (changed.status !== 'quarantined') throw new Error(changed.status);
    expect(onQuarantineAttempt(changed.quarantine, proportion, BEGAN + 12 * HOUR_MS)).toMatchObject({
      reasonChanged: false,
      notify: false,
    });
  });

  it.each([
    [{ ...imposed, seriesBegan: 'not a date' }, BEGAN],
    [imposed, BEGAN - 1],
    [imposed, Number.NaN],
  ])('rejects invalid input', (state, now) => {
    expect(() => onQuarantineAttempt(state, credentials, now)).toThrow(PolicyError);
  });
});
