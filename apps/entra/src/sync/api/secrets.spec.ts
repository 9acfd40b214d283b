import { maskSecrets, secretSettings, SecretsError, validateSecrets } from './secrets';

const pair = (key: string, value: string) => ({ key, value });

describe('validateSecrets', () => {
  it('accepts the documented PUT body and stores canonical keys', () => {
    const out = validateSecrets([
      pair('BaseAddress', 'https://app.example.com/scim'),
      pair('secrettoken', 's3cr3t'),
      pair('SyncNotificationSettings', '{"Enabled":false,"DeleteThresholdEnabled":false}'),
      pair('SYNCALL', 'false'),
      pair('SkipOutOfScopeDeletions', 'True'),
    ]);
    expect(out.map((p) => p.key)).toEqual(['BaseAddress', 'SecretToken', 'SyncNotificationSettings', 'SyncAll', 'SkipOutOfScopeDeletions']);
  });

  it.each([
    ['an unknown key', [pair('Tenant', 'x')], /Invalid secret key 'Tenant'/],
    ['a key twice', [pair('SyncAll', 'true'), pair('syncall', 'false')], /appears more than once/],
    ['a relative BaseAddress', [pair('BaseAddress', '/scim')], /absolute http or https URL/],
    ['a non-URL BaseAddress', [pair('BaseAddress', 'not a url')], /absolute http or https URL/],
    ['an ftp BaseAddress', [pair('BaseAddress', 'ftp://example.com/scim')], /http or https/],
    ['a BaseAddress with credentials', [pair('BaseAddress', 'https://u:p@example.com/scim')], /credentials/],
    ['SyncNotificationSettings that is not JSON', [pair('SyncNotificationSettings', '{Enabled:true')], /must be a JSON object/],
    ['SyncNotificationSettings that is an array', [pair('SyncNotificationSettings', '[]')], /must be a JSON object/],
    [
      'SyncNotificationSettings with a non-boolean Enabled',
      [pair('SyncNotificationSettings', '{"Enabled":"maybe"}')],
      /Enabled is not a boolean/,
    ],
    ['a negative DeleteThresholdValue', [pair('SyncNotificationSettings', '{"DeleteThresholdValue":-1}')], /DeleteThresholdValue/],
    ['SyncAll not true/false', [pair('SyncAll', 'yes')], /SyncAll must be "true" or "false"/],
    ['SkipOutOfScopeDeletions not true/false', [pair('SkipOutOfScopeDeletions', '1')], /SkipOutOfScopeDeletions must be/],
    ['an empty SecretToken', [pair('SecretToken', ' ')], /SecretToken must not be empty/],
    ['the mask with nothing stored', [pair('SecretToken', '*')], /no stored value/],
    ['a too long value', [pair('Url', 'x'.repeat(8193))], /longer than 8192/],
    [
      'an unknown property in a pair',
      [{ key: 'SyncAll', value: 'true', extra: 1 }],
      /Property 'extra' does not exist on type 'microsoft.graph.synchronizationSecretKeyStringValuePair'/,
    ],
    ['a pair that is not an object', ['SyncAll=true'], /must be an object/],
    ['a non-string key', [{ key: 5, value: 'x' }], /string key/],
    ['a non-string value', [{ key: 'SyncAll', value: true }], /value of secret 'SyncAll' must be a string/],
  ] as [string, unknown[], RegExp][])('rejects %s', (_name, pairs, message) => {
    expect(() => validateSecrets(pairs)).toThrow(SecretsError);
    expect(() => validateSecrets(pairs)).toThrow(message);
  });

  it('keeps the stored value when a masked key is PUT back with the mask', () => {
    const stored = [pair('SecretToken', 'real-token')];
    expect(validateSecrets([pair('SecretToken', '*'), pair('SyncAll', 'true')], stored)).toEqual([
      pair('SecretToken', 'real-token'),
      pair('SyncAll', 'true'),
    ]);
  });
});

describe('maskSecrets', () => {
  it.each([
    ['SecretToken', 'tok', '*'],
    ['Password', 'pw', '*'],
    ['ClientSecret', 'cs', '*'],
    ['Oauth2RefreshToken', 'rt', '*'],
    ['ConnectionString', 'Server=x;Password=y', '*'],
    ['BaseAddress', 'https://a.example/scim', 'https://a.example/scim'],
    ['SyncAll', 'true', 'true'],
    ['SyncNotificationSettings', '{"Enabled":true}', '{"Enabled":true}'],
  ])('%s', (key, value, shown) => {
    expect(maskSecrets([pair(key, value)])).toEqual([pair(key, shown)]);
  });
});

describe('secretSettings', () => {
  it('defaults when nothing is saved', () => {
    expect(secretSettings([])).toEqual({
      baseAddress: null,
      secretToken: null,
      syncAll: false,
      skipOutOfScopeDeletions: false,
      notification: { Enabled: false, Recipients: '', DeleteThresholdEnabled: false, DeleteThresholdValue: 500 },
    });
  });

  it('parses every setting', () => {
    expect(
      secretSettings([
        pair('BaseAddress', 'http://127.0.0.1:1/scim/v2'),
        pair('SecretToken', 'tok'),
        pair('SyncAll', 'TRUE'),
        pair('SkipOutOfScopeDeletions', 'True'),
        pair(
          'SyncNotificationSettings',
          '{"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":3}',
        ),
      ]),
    ).toEqual({
      baseAddress: 'http://127.0.0.1:1/scim/v2',
      secretToken: 'tok',
      syncAll: true,
      skipOutOfScopeDeletions: true,
      notification: { Enabled: true, Recipients: 'ops@contoso.com', DeleteThresholdEnabled: true, DeleteThresholdValue: 3 },
    });
  });
});
