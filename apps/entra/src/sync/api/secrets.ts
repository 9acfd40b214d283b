/**
 * `PUT/GET /servicePrincipals/{id}/synchronization/secrets`: the synchronizationSecret key enum, validation of a
 * secret set, masking for reads, and the parsed settings the engine works with (reference §5.5, §6, §8.2).
 */
import { DEFAULT_DELETE_THRESHOLD, parseSyncNotificationSettings } from '@app/provisioning-core';
import { InputError } from '../../http/input-error';

/** Graph's `synchronizationSecret` enum, in its documented order. */
export const SYNCHRONIZATION_SECRET_KEYS = [
  'None',
  'UserName',
  'Password',
  'SecretToken',
  'AppKey',
  'BaseAddress',
  'ClientIdentifier',
  'ClientSecret',
  'SingleSignOnType',
  'Sandbox',
  'Url',
  'Domain',
  'ConsumerKey',
  'ConsumerSecret',
  'TokenKey',
  'TokenExpiration',
  'Oauth2AccessToken',
  'Oauth2AccessTokenCreationTime',
  'Oauth2RefreshToken',
  'SyncAll',
  'InstanceName',
  'Oauth2ClientId',
  'Oauth2ClientSecret',
  'CompanyId',
  'UpdateKeyOnSoftDelete',
  'SynchronizationSchedule',
  'SystemOfRecord',
  'SandboxName',
  'EnforceDomain',
  'SyncNotificationSettings',
  'SkipOutOfScopeDeletions',
  'Oauth2AuthorizationCode',
  'Oauth2RedirectUri',
  'ApplicationTemplateIdentifier',
  'Oauth2TokenExchangeUri',
  'Oauth2AuthorizationUri',
  'AuthenticationType',
  'Server',
  'PerformInboundEntitlementGrants',
  'HardDeletesEnabled',
  'SyncAgentCompatibilityKey',
  'SyncAgentADContainer',
  'ValidateDomain',
  'TestReferences',
  'ConnectionString',
] as const;
export type SynchronizationSecretKey = (typeof SYNCHRONIZATION_SECRET_KEYS)[number];

/** Keys whose values are credentials: never shown on GET (reference §8.2: "secret values masked, e.g. "*""). */
export const MASKED_SECRET_KEYS: ReadonlySet<SynchronizationSecretKey> = new Set<SynchronizationSecretKey>([
  'Password',
  'SecretToken',
  'AppKey',
  'ClientSecret',
  'ConsumerSecret',
  'TokenKey',
  'Oauth2AccessToken',
  'Oauth2RefreshToken',
  'Oauth2ClientSecret',
  'Oauth2AuthorizationCode',
  'ConnectionString',
  'SyncAgentCompatibilityKey',
]);

/** What a masked value reads as. */
export const SECRET_MASK = '*';

/** Longest value accepted for one key. */
export const MAX_SECRET_VALUE_LENGTH = 8192;

/** Keys holding "true"/"false" (any case). */
const BOOLEAN_KEYS: ReadonlySet<SynchronizationSecretKey> = new Set<SynchronizationSecretKey>(['SyncAll', 'SkipOutOfScopeDeletions']);

export interface SecretPair {
  key: string;
  value: string;
}

export class SecretsError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsError';
  }
}

const BY_LOWER: ReadonlyMap<string, SynchronizationSecretKey> = new Map(SYNCHRONIZATION_SECRET_KEYS.map((k) => [k.toLowerCase(), k]));

/** The canonical key for a (case-insensitive) name, or undefined when it is not in the enum. */
export function secretKey(name: string): SynchronizationSecretKey | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** Why `value` is not an absolute http(s) URL, or null when it is one. */
export function baseAddressProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'BaseAddress must be an absolute http or https URL (the SCIM Tenant URL).';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'BaseAddress must use http or https.';
  if (url.username !== '' || url.password !== '') return 'BaseAddress must not contain credentials.';
  if (value.trim() !== value) return 'BaseAddress must not start or end with spaces.';
  return null;
}

/** Why a SyncNotificationSettings value is invalid, or null when it is a clean JSON object. */
export function notificationSettingsProblem(value: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'SyncNotificationSettings must be a JSON object, e.g. {"Enabled":false,"DeleteThresholdEnabled":false}.';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'SyncNotificationSettings must be a JSON object.';
  const { issues } = parseSyncNotificationSettings(value);
  return issues.length > 0 ? `SyncNotificationSettings: ${issues[0].replace(/; using .*$/, '')}.` : null;
}

/**
 * Validates a secret set as PUT: every key in the enum (case-insensitive, stored canonically), no key twice,
 * values strings of bounded length, BaseAddress an absolute http(s) URL, SyncNotificationSettings a JSON object
 * of the documented keys, SyncAll / SkipOutOfScopeDeletions "true" or "false".
 * `stored` is the current set: a masked key PUT back with the mask keeps its stored value (GET → edit → PUT).
 * Returns the canonical set; throws SecretsError with a message naming the bad key.
 */
export function validateSecrets(pairs: readonly unknown[], stored: readonly SecretPair[] = []): SecretPair[] {
  const seen = new Set<SynchronizationSecretKey>();
  const out: SecretPair[] = [];
  for (const pair of pairs as readonly unknown[]) {
    assertPairShape(pair);
    const key = secretKey(pair.key);
    if (key === undefined) {
      throw new SecretsError(`Invalid secret key '${String(pair.key).slice(0, 64)}'. It must be one of the synchronizationSecret values.`);
    }
    if (seen.has(key)) throw new SecretsError(`Secret key '${key}' appears more than once.`);
    seen.add(key);
    if (typeof pair.value !== 'string') throw new SecretsError(`The value of secret '${key}' must be a string.`);
    if (pair.value.length > MAX_SECRET_VALUE_LENGTH)
      throw new SecretsError(`The value of secret '${key}' is longer than ${MAX_SECRET_VALUE_LENGTH} characters.`);
    let value = pair.value;
    if (MASKED_SECRET_KEYS.has(key) && value === SECRET_MASK) {
      const previous = stored.find((p) => p.key === key);
      if (!previous) throw new SecretsError(`Secret '${key}' has no stored value; send the value itself, not the mask.`);
      value = previous.value;
    }
    const problem = valueProblem(key, value);
    if (problem) throw new SecretsError(problem);
    out.push({ key, value });
  }
  return out;
}

/** A `synchronizationSecretKeyStringValuePair`: `key` and `value` strings, nothing else (annotations aside). */
function assertPairShape(pair: unknown): asserts pair is SecretPair {
  if (typeof pair !== 'object' || pair === null || Array.isArray(pair))
    throw new SecretsError('Each secret must be an object {"key": …, "value": …}.');
  for (const name of Object.keys(pair)) {
    if (name !== 'key' && name !== 'value' && !name.includes('@odata.')) {
      throw new SecretsError(
        `Property '${name.slice(0, 64)}' does not exist on type 'microsoft.graph.synchronizationSecretKeyStringValuePair'.`,
      );
    }
  }
  const { key } = pair as { key?: unknown };
  if (typeof key !== 'string') throw new SecretsError('Each secret needs a string key.');
}

function valueProblem(key: SynchronizationSecretKey, value: string): string | null {
  if (key === 'BaseAddress') return baseAddressProblem(value);
  if (key === 'SyncNotificationSettings') return notificationSettingsProblem(value);
  if (BOOLEAN_KEYS.has(key) && !/^(true|false)$/i.test(value)) return `${key} must be "true" or "false".`;
  if (key === 'SecretToken' && value.trim() === '') return 'SecretToken must not be empty.';
  return null;
}

/** The set as GET shows it: credential values replaced by the mask. */
export function maskSecrets(pairs: readonly SecretPair[]): SecretPair[] {
  return pairs.map((p) => ({ key: p.key, value: MASKED_SECRET_KEYS.has(p.key as SynchronizationSecretKey) ? SECRET_MASK : p.value }));
}

/** SyncNotificationSettings with Entra's key names, defaults filled in. */
export interface NotificationSettings {
  Enabled: boolean;
  Recipients: string;
  DeleteThresholdEnabled: boolean;
  DeleteThresholdValue: number;
}

/** What the engine needs from a service principal's secrets (unmasked: engine use only, never rendered). */
export interface SyncSecretSettings {
  /** Tenant URL (SCIM base); null when not saved. */
  baseAddress: string | null;
  /** Bearer token; null when not saved. */
  secretToken: string | null;
  /** "Sync all users and groups" (false = only assigned). */
  syncAll: boolean;
  skipOutOfScopeDeletions: boolean;
  notification: NotificationSettings;
}

/** Parses a stored secret set into settings; anything absent takes Entra's default. */
export function secretSettings(pairs: readonly SecretPair[]): SyncSecretSettings {
  const get = (key: SynchronizationSecretKey): string | undefined => pairs.find((p) => p.key === key)?.value;
  const flag = (key: SynchronizationSecretKey): boolean => (get(key) ?? '').trim().toLowerCase() === 'true';
  const raw = get('SyncNotificationSettings');
  const { settings } = parseSyncNotificationSettings(raw ?? null);
  return {
    baseAddress: nonEmpty(get('BaseAddress')),
    secretToken: nonEmpty(get('SecretToken')),
    syncAll: flag('SyncAll'),
    skipOutOfScopeDeletions: flag('SkipOutOfScopeDeletions'),
    notification: {
      Enabled: settings.enabled,
      Recipients: settings.recipients,
      DeleteThresholdEnabled: settings.deleteThresholdEnabled,
      DeleteThresholdValue: raw === undefined ? DEFAULT_DELETE_THRESHOLD : settings.deleteThresholdValue,
    },
  };
}

/** Credentials saved: the job can connect (status NotRun rather than NotConfigured). */
export function isConfigured(settings: Pick<SyncSecretSettings, 'baseAddress' | 'secretToken'>): boolean {
  return settings.baseAddress !== null && settings.secretToken !== null;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}
