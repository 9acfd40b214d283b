import { resolveEscrowThresholds, type EscrowThresholds } from '@app/provisioning-core';
import { InputError } from '../../http/input-error';

/**
 * provsim's `synchronizationJobSettings` names for the escrow quarantine thresholds (Entra's are fixed and not
 * settable; these let a small demo trip them). Values are integers; Percent is 0–100.
 */
export const ESCROW_THRESHOLD_SETTINGS: Readonly<Record<string, keyof EscrowThresholds>> = {
  EscrowThresholdMinFailures: 'minFailuresForEvaluation',
  EscrowThresholdMaxFailures: 'maxFailures',
  EscrowThresholdMaxTotalFailures: 'maxTotalFailures',
  EscrowThresholdMaxFailurePercent: 'maxFailurePercent',
};

export class JobSettingError extends InputError {}

/** Checks settings given at job creation: only the names above, integer values in range. */
export function validateJobSettings(settings: readonly { name: unknown; value: unknown }[]): { name: string; value: string }[] {
  if (settings.length > Object.keys(ESCROW_THRESHOLD_SETTINGS).length) throw new JobSettingError('Too many synchronizationJobSettings.');
  const out: { name: string; value: string }[] = [];
  for (const s of settings) {
    if (s === null || typeof s !== 'object')
      throw new JobSettingError('Each synchronizationJobSettings item must be an object {name, value}.');
    if (typeof s.name !== 'string' || !(s.name in ESCROW_THRESHOLD_SETTINGS)) {
      throw new JobSettingError(
        `Unknown synchronizationJobSettings name '${String(s.name).slice(0, 64)}'. Settable: ${Object.keys(ESCROW_THRESHOLD_SETTINGS).join(', ')}.`,
      );
    }
    if (typeof s.value !== 'string' || !/^\d{1,9}$/.test(s.value))
      throw new JobSettingError(`The value of '${s.name}' must be a non-negative integer as a string.`);
    if (out.some((o) => o.name === s.name)) throw new JobSettingError(`'${s.name}' is given twice.`);
    out.push({ name: s.name, value: s.value });
  }
  try {
    escrowThresholdsOf(out);
  } catch (error) {
    throw new JobSettingError(error instanceof Error ? error.message : String(error));
  }
  return out;
}

/** The thresholds a job's settings give (defaults for what they do not set). */
export function escrowThresholdsOf(settings: readonly { name: string; value: string }[]): EscrowThresholds {
  const overrides: Partial<EscrowThresholds> = {};
  for (const s of settings) {
    const key = ESCROW_THRESHOLD_SETTINGS[s.name];
    if (key) overrides[key] = Number(s.value);
  }
  return resolveEscrowThresholds(overrides);
}
