/**
 * Quarantine on too many escrows (reference §5.2):
 * - nothing happens below `minFailuresForEvaluation` failures (5,000; counted including reference failures);
 * - `maxTotalFailures` (60,000): failures including reference failures, exceeded → EncounteredTotalEscrowThreshold;
 * - `maxFailures` (40,000): failures excluding reference failures, exceeded → EncounteredBaseEscrowThreshold;
 * - `maxFailurePercent` (40): failures excluding reference failures as a share of events (failures + successes,
 *   excluding reference events), exceeded → EncounteredEscrowProportionThreshold.
 * "Exceeded" is strict (> threshold). The reason→threshold pairing and the check order (total, base,
 * proportion) are our inference: Microsoft names the reasons but not which rule raises which.
 */
import { PolicyError, requireCount } from './policy-error';
import type { QuarantineReason } from './quarantine-reasons';

export interface EscrowThresholds {
  minFailuresForEvaluation: number;
  maxFailurePercent: number;
  maxFailures: number;
  maxTotalFailures: number;
}

export const DEFAULT_QUARANTINE_THRESHOLDS: Readonly<EscrowThresholds> = {
  minFailuresForEvaluation: 5_000,
  maxFailurePercent: 40,
  maxFailures: 40_000,
  maxTotalFailures: 60_000,
};

export interface EscrowCounts {
  /** Failed non-reference operations (creates, updates, disables, deletes). */
  failures: number;
  /** Failed reference operations (manager, group member updates). */
  referenceFailures?: number;
  /** Successful non-reference operations. */
  successes: number;
}

export type EscrowThresholdReason = Extract<
  QuarantineReason,
  'EncounteredTotalEscrowThreshold' | 'EncounteredBaseEscrowThreshold' | 'EncounteredEscrowProportionThreshold'
>;

/** Merges per-job overrides (e.g. tiny values for a 50-user demo) onto the defaults and checks them. */
export function resolveEscrowThresholds(overrides: Partial<EscrowThresholds> = {}): EscrowThresholds {
  const t = { ...DEFAULT_QUARANTINE_THRESHOLDS, ...overrides };
  requireCount('minFailuresForEvaluation', t.minFailuresForEvaluation);
  requireCount('maxFailures', t.maxFailures);
  requireCount('maxTotalFailures', t.maxTotalFailures);
  if (!(t.maxFailurePercent >= 0 && t.maxFailurePercent <= 100)) {
    throw new PolicyError(`maxFailurePercent must be between 0 and 100, got ${t.maxFailurePercent}`);
  }
  return t;
}

/** The quarantine reason the counts trip, or null. */
export function evaluateEscrowThresholds(
  counts: EscrowCounts,
  thresholds: EscrowThresholds = DEFAULT_QUARANTINE_THRESHOLDS,
): EscrowThresholdReason | null {
  const failures = requireCount('failures', counts.failures);
  const referenceFailures = requireCount('referenceFailures', counts.referenceFailures ?? 0);
  const successes = requireCount('successes', counts.successes);
  const t = resolveEscrowThresholds(thresholds);

  const allFailures = failures + referenceFailures;
  if (allFailures < t.minFailuresForEvaluation) return null;
  if (allFailures > t.maxTotalFailures) return 'EncounteredTotalEscrowThreshold';
  if (failures > t.maxFailures) return 'EncounteredBaseEscrowThreshold';
  // failures / events > percent / 100, in integers where possible to keep 40 % exact.
  const events = failures + successes;
  if (events > 0 && failures * 100 > t.maxFailurePercent * events) return 'EncounteredEscrowProportionThreshold';
  return null;
}
