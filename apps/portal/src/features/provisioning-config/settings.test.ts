import { describe, expect, it } from 'vitest';
import { credentialsOf, resyncReason, secretsOf, settingsOf, type ProvisioningSettings } from './settings';

const saved = [
  { key: 'BaseAddress', value: 'http://127.0.0.1:3001/scim/v2' },
  { key: 'SecretToken', value: '*' },
  { key: 'AppKey', value: '*' },
  {
    key: 'SyncNotificationSettings',
    value: '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":"5"}',
  },
  { key: 'SyncAll', value: 'True' },
];

describe('provisioning settings from the secrets', () => {
  it.each([
    {
      name: 'a saved set',
      pairs: saved,
      want: {
        baseAddress: 'http://127.0.0.1:3001/scim/v2',
        secretToken: '*',
        notify: true,
        recipients: 'ops@contoso.com',
        preventDeletes: true,
        deleteThreshold: 5,
        syncAll: true,
        skipOutOfScopeDeletions: false,
      },
    },
    {
      name: "nothing saved: Entra's defaults",
      pairs: [],
      want: {
        baseAddress: '',
        secretToken: '',
        notify: false,
        recipients: '',
        preventDeletes: false,
        deleteThreshold: 500,
        syncAll: false,
        skipOutOfScopeDeletions: false,
      },
    },
  ])('$name', ({ pairs, want }) => {
    expect(settingsOf(pairs)).toEqual(want);
  });

  it('writes the whole set back: keys it does not edit kept, the mask kept for the unchanged token', () => {
    const edited: ProvisioningSettings = {
      ...settingsOf(saved),
      preventDeletes: true,
      deleteThreshold: 2,
      syncAll: false,
      skipOutOfScopeDeletions: true,
    };
    expect(secretsOf(saved, edited)).toEqual([
      { key: 'AppKey', value: '*' },
      { key: 'BaseAddress', value: 'http://127.0.0.1:3001/scim/v2' },
      { key: 'SecretToken', value: '*' },
      {
        key: 'SyncNotificationSettings',
        value: '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":2}',
      },
      { key: 'SyncAll', value: 'false' },
      { key: 'SkipOutOfScopeDeletions', value: 'true' },
    ]);
  });

  it('leaves out credentials never entered', () => {
    expect(secretsOf([], settingsOf([])).map((p) => p.key)).toEqual(['SyncNotificationSettings', 'SyncAll', 'SkipOutOfScopeDeletions']);
  });

  it('tests the typed credentials (the mask stands for the saved token)', () => {
    expect(credentialsOf({ baseAddress: ' https://app.example/scim ', secretToken: '*' })).toEqual([
      { key: 'BaseAddress', value: 'https://app.example/scim' },
      { key: 'SecretToken', value: '*' },
    ]);
  });

  it.each([
    { change: { syncAll: false }, reason: 'The scope changed' },
    { change: { deleteThreshold: 3, notify: false }, reason: null },
  ])('a full re-sync follows $change: $reason', ({ change, reason }) => {
    const before = settingsOf(saved);
    expect(resyncReason(before, { ...before, ...change })).toBe(reason);
  });
});
