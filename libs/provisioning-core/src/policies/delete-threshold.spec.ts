import { countPlannedDeletions, evaluateDeleteThreshold, exceedsDeleteThreshold } from './delete-threshold';
import { PolicyError } from './policy-error';
import { DEFAULT_DELETE_THRESHOLD, parseSyncNotificationSettings, serializeSyncNotificationSettings } from './sync-notification-settings';

describe('parseSyncNotificationSettings', () => {
  it('reads the documented JSON', () => {
    expect(
      parseSyncNotificationSettings(
        '{"Enabled":true,"Recipients":"ops@contoso.com; it@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":3}',
      ),
    ).toEqual({
      settings: {
        enabled: true,
        recipients: 'ops@contoso.com; it@contoso.com',
        recipientList: ['ops@contoso.com', 'it@contoso.com'],
        deleteThresholdEnabled: true,
        deleteThresholdValue: 3,
      },
      issues: [],
    });
  });

  it.each([
    ['the Graph example', '{"Enabled":false,"DeleteThresholdEnabled":false}', false, DEFAULT_DELETE_THRESHOLD, 0],
    ['string forms', '{"enabled":"True","deletethresholdenabled":"true","DeleteThresholdValue":"25"}', true, 25, 0],
    ['null values', '{"Enabled":null,"DeleteThresholdEnabled":null,"DeleteThresholdValue":null}', false, DEFAULT_DELETE_THRESHOLD, 0],
    ['bad boolean', '{"DeleteThresholdEnabled":"yes","DeleteThresholdValue":10}', false, 10, 1],
    ['negative threshold', '{"DeleteThresholdEnabled":true,"DeleteThresholdValue":-1}', true, DEFAULT_DELETE_THRESHOLD, 1],
    ['fractional threshold', '{"DeleteThresholdEnabled":true,"DeleteThresholdValue":2.5}', true, DEFAULT_DELETE_THRESHOLD, 1],
    ['absent', undefined, false, DEFAULT_DELETE_THRESHOLD, 1],
    ['null', null, false, DEFAULT_DELETE_THRESHOLD, 1],
    ['blank', '  ', false, DEFAULT_DELETE_THRESHOLD, 1],
    ['not JSON', '{Enabled:true', false, DEFAULT_DELETE_THRESHOLD, 1],
    ['a JSON array', '[1]', false, DEFAULT_DELETE_THRESHOLD, 1],
    ['a JSON string', '"x"', false, DEFAULT_DELETE_THRESHOLD, 1],
  ])('%s → enabled %p, threshold %p, %p issue(s)', (_label, json, enabled, threshold, issueCount) => {
    const { settings, issues } = parseSyncNotificationSettings(json);
    expect(settings.deleteThresholdEnabled).toBe(enabled);
    expect(settings.deleteThresholdValue).toBe(threshold);
    expect(issues).toHaveLength(issueCount);
  });

  it('reports a non-string Recipients', () => {
    expect(parseSyncNotificationSettings('{"Recipients":42}')).toMatchObject({
      settings: { recipients: '', recipientList: [] },
      issues: ['Recipients is not a string; ignoring it'],
    });
  });

  it('round-trips through serializeSyncNotificationSettings', () => {
    const json = '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":500}';
    const { settings } = parseSyncNotificationSettings(json);
    expect(serializeSyncNotificationSettings(settings)).toBe(json);
  });
});

describe('exceedsDeleteThreshold', () => {
  const on = (value: number) => ({ deleteThresholdEnabled: true, deleteThresholdValue: value });

  it.each([
    // planned, settings, exceeded
    [{ userDisables: 500 }, on(500), false], // exactly the threshold is allowed
    [{ userDisables: 501 }, on(500), true],
    [{ userDisables: 200, userDeletes: 200, groupDisables: 50, groupDeletes: 50 }, on(500), false],
    [{ userDisables: 200, userDeletes: 200, groupDisables: 50, groupDeletes: 51 }, on(500), true], // groups count
    [{ groupDeletes: 4 }, on(3), true],
    [{ userDeletes: 3 }, on(3), false],
    [{}, on(0), false],
    [{ userDisables: 1 }, on(0), true],
    [{ userDisables: 10_000 }, { deleteThresholdEnabled: false, deleteThresholdValue: 500 }, false], // disabled
  ])('%p with %p → %p', (planned, settings, expected) => {
    expect(exceedsDeleteThreshold(planned, settings)).toBe(expected);
  });

  it('explains the decision', () => {
    expect(evaluateDeleteThreshold({ userDisables: 2, groupDeletes: 2 }, on(3))).toEqual({
      exceeded: true,
      count: 4,
      threshold: 3,
      enabled: true,
    });
  });

  it.each([[{ userDisables: -1 }], [{ groupDeletes: 1.5 }]])('rejects %p', (planned) => {
    expect(() => countPlannedDeletions(planned)).toThrow(PolicyError);
  });
});
