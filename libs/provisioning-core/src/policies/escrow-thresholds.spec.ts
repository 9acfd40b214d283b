import { DEFAULT_QUARANTINE_THRESHOLDS, evaluateEscrowThresholds, resolveEscrowThresholds } from './escrow-thresholds';
import { PolicyError } from './policy-error';

describe('evaluateEscrowThresholds (defaults)', () => {
  it.each([
    // reference §5.2 worked examples
    ['45,000 failed', { failures: 45_000, successes: 100_000 }, 'EncounteredBaseEscrowThreshold'],
    ['30,000 failed + 5,000 ok', { failures: 30_000, successes: 5_000 }, 'EncounteredEscrowProportionThreshold'],
    ['20,000 failed + 100,000 ok', { failures: 20_000, successes: 100_000 }, null],
    [
      '40,000 user + 21,000 manager failures',
      { failures: 40_000, referenceFailures: 21_000, successes: 200_000 },
      'EncounteredTotalEscrowThreshold',
    ],
    // the evaluation gate
    ['4,000 failed, nothing else', { failures: 4_000, successes: 0 }, null],
    ['4,999 failed, 100 %', { failures: 4_999, successes: 0 }, null],
    ['5,000 failed, 100 %', { failures: 5_000, successes: 0 }, 'EncounteredEscrowProportionThreshold'],
    ['gate counts reference failures', { failures: 4_000, referenceFailures: 1_000, successes: 0 }, 'EncounteredEscrowProportionThreshold'],
    ['reference failures alone never hit the proportion', { failures: 0, referenceFailures: 10_000, successes: 0 }, null],
    // 40 %: exactly is not exceeded
    ['exactly 40 %', { failures: 8_000, successes: 12_000 }, null],
    ['just over 40 %', { failures: 8_001, successes: 12_000 }, 'EncounteredEscrowProportionThreshold'],
    ['reference failures excluded from the 40 %', { failures: 8_000, referenceFailures: 30_000, successes: 12_000 }, null],
    // 40,000 and 60,000: exactly is not exceeded
    ['exactly 40,000', { failures: 40_000, successes: 1_000_000 }, null],
    ['40,001', { failures: 40_001, successes: 1_000_000 }, 'EncounteredBaseEscrowThreshold'],
    ['reference failures excluded from the 40,000', { failures: 39_000, referenceFailures: 20_000, successes: 1_000_000 }, null],
    ['exactly 60,000 in total', { failures: 40_000, referenceFailures: 20_000, successes: 1_000_000 }, null],
    ['60,001 in total', { failures: 40_000, referenceFailures: 20_001, successes: 1_000_000 }, 'EncounteredTotalEscrowThreshold'],
  ])('%s → %p', (_label, counts, expected) => {
    expect(evaluateEscrowThresholds(counts)).toBe(expected);
  });
});

describe('evaluateEscrowThresholds (per-job thresholds)', () => {
  const demo = resolveEscrowThresholds({ minFailuresForEvaluation: 5, maxFailures: 20, maxTotalFailures: 30 });

  it.each([
    [{ failures: 4, successes: 0 }, null],
    [{ failures: 5, successes: 46 }, null], // ~9.8 %
    [{ failures: 20, successes: 30 }, null], // exactly 40 %
    [{ failures: 21, successes: 30 }, 'EncounteredBaseEscrowThreshold'],
    [{ failures: 10, successes: 5 }, 'EncounteredEscrowProportionThreshold'],
    [{ failures: 10, referenceFailures: 21, successes: 1_000 }, 'EncounteredTotalEscrowThreshold'],
  ])('a 50-user demo: %p → %p', (counts, expected) => {
    expect(evaluateEscrowThresholds(counts, demo)).toBe(expected);
  });

  it('keeps defaults for what is not overridden', () => {
    expect(resolveEscrowThresholds({ maxFailures: 7 })).toEqual({ ...DEFAULT_QUARANTINE_THRESHOLDS, maxFailures: 7 });
  });

  it.each([{ maxFailurePercent: 101 }, { maxFailurePercent: -1 }, { maxFailures: -1 }, { minFailuresForEvaluation: 0.5 }])(
    'rejects %p',
    (overrides) => {
      expect(() => resolveEscrowThresholds(overrides)).toThrow(PolicyError);
    },
  );

  it.each([
    { failures: -1, successes: 0 },
    { failures: 1, successes: Number.NaN },
    { failures: 1, referenceFailures: 0.5, successes: 0 },
  ])('rejects the counts %p', (counts) => {
    expect(() => evaluateEscrowThresholds(counts)).toThrow(PolicyError);
  });
});
