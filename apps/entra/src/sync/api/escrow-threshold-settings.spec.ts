import { DEFAULT_QUARANTINE_THRESHOLDS } from '@app/provisioning-core';
import { escrowThresholdsOf, JobSettingError, validateJobSettings } from './escrow-threshold-settings';

describe('escrow threshold job settings', () => {
  it.each([
    [[], DEFAULT_QUARANTINE_THRESHOLDS],
    [[{ name: 'EscrowThresholdMinFailures', value: '5' }], { ...DEFAULT_QUARANTINE_THRESHOLDS, minFailuresForEvaluation: 5 }],
    [
      [
        { name: 'EscrowThresholdMaxFailurePercent', value: '25' },
        { name: 'EscrowThresholdMaxTotalFailures', value: '30' },
      ],
      { ...DEFAULT_QUARANTINE_THRESHOLDS, maxFailurePercent: 25, maxTotalFailures: 30 },
    ],
  ])('%j → thresholds', (settings, expected) => {
    expect(escrowThresholdsOf(validateJobSettings(settings))).toEqual(expected);
  });

  it.each([
    [[{ name: 'QuarantineTooManyDeletesThreshold', value: '3' }], /Unknown/],
    [[{ name: 'EscrowThresholdMinFailures', value: '-1' }], /non-negative integer/],
    [[{ name: 'EscrowThresholdMinFailures', value: 5 }], /non-negative integer/],
    [[{ name: 'EscrowThresholdMaxFailurePercent', value: '101' }], /between 0 and 100/],
    [
      [
        { name: 'EscrowThresholdMinFailures', value: '1' },
        { name: 'EscrowThresholdMinFailures', value: '2' },
      ],
      /twice/,
    ],
    [[{ name: { toString: () => 'x' }, value: '1' }], /Unknown/],
    [[null], /must be an object/],
    [[42], /must be an object/],
  ])('%j is refused', (settings, message) => {
    expect(() => validateJobSettings(settings as never)).toThrow(JobSettingError);
    expect(() => validateJobSettings(settings as never)).toThrow(message);
  });
});
