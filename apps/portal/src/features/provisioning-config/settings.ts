/**
 * Edit provisioning's Admin credentials and Settings, read from and written to the app's synchronization secrets
 * (docs/synchronization-api.md, Secrets): BaseAddress, SecretToken, SyncNotificationSettings, SyncAll,
 * SkipOutOfScopeDeletions. Other keys in the set are kept as they are (PUT replaces the whole set).
 */
import type { SecretPair } from '../../api/sync';
import {
  parseSyncNotificationSettings,
  serializeSyncNotificationSettings,
} from '../../../../../libs/provisioning-core/src/policies/sync-notification-settings';

/** What GET secrets shows for a saved credential; PUT keeps the saved value when it is sent back. */
export const SECRET_MASK = '*';

export interface ProvisioningSettings {
  /** Tenant URL. */
  baseAddress: string;
  /** Secret Token: the mask while unchanged, never the saved value. */
  secretToken: string;
  /** Send an email notification when a failure occurs. */
  notify: boolean;
  /** Notification Email. */
  recipients: string;
  /** Prevent accidental deletion. */
  preventDeletes: boolean;
  /** Accidental deletion threshold. */
  deleteThreshold: number;
  /** Scope: Sync all users and groups (false: Sync only assigned users and groups). */
  syncAll: boolean;
  /** Skip out-of-scope deletions. */
  skipOutOfScopeDeletions: boolean;
}

const valueOf = (pairs: readonly SecretPair[], key: string) => pairs.find((p) => p.key.toLowerCase() === key.toLowerCase())?.value;
const flag = (value: string | undefined) => (value ?? '').trim().toLowerCase() === 'true';

export function settingsOf(pairs: readonly SecretPair[]): ProvisioningSettings {
  const { settings } = parseSyncNotificationSettings(valueOf(pairs, 'SyncNotificationSettings'));
  return {
    baseAddress: valueOf(pairs, 'BaseAddress') ?? '',
    secretToken: valueOf(pairs, 'SecretToken') ?? '',
    notify: settings.enabled,
    recipients: settings.recipients,
    preventDeletes: settings.deleteThresholdEnabled,
    deleteThreshold: settings.deleteThresholdValue,
    syncAll: flag(valueOf(pairs, 'SyncAll')),
    skipOutOfScopeDeletions: flag(valueOf(pairs, 'SkipOutOfScopeDeletions')),
  };
}

const MANAGED = ['BaseAddress', 'SecretToken', 'SyncNotificationSettings', 'SyncAll', 'SkipOutOfScopeDeletions'];

/** The whole secret set to PUT: the saved pairs this page does not edit, then the page's values. */
export function secretsOf(saved: readonly SecretPair[], settings: ProvisioningSettings): SecretPair[] {
  const kept = saved.filter((p) => !MANAGED.some((key) => key.toLowerCase() === p.key.toLowerCase()));
  const credentials = [
    ...(settings.baseAddress.trim() ? [{ key: 'BaseAddress', value: settings.baseAddress.trim() }] : []),
    ...(settings.secretToken ? [{ key: 'SecretToken', value: settings.secretToken }] : []),
  ];
  const recipients = settings.recipients.trim();
  return [
    ...kept,
    ...credentials,
    {
      key: 'SyncNotificationSettings',
      value: serializeSyncNotificationSettings({
        enabled: settings.notify,
        recipients,
        recipientList: [],
        deleteThresholdEnabled: settings.preventDeletes,
        deleteThresholdValue: settings.deleteThreshold,
      }),
    },
    { key: 'SyncAll', value: String(settings.syncAll) },
    { key: 'SkipOutOfScopeDeletions', value: String(settings.skipOutOfScopeDeletions) },
  ];
}

/** The credentials Test Connection sends (the mask stands for the saved token). */
export function credentialsOf(settings: Pick<ProvisioningSettings, 'baseAddress' | 'secretToken'>): SecretPair[] {
  return [
    { key: 'BaseAddress', value: settings.baseAddress.trim() },
    { key: 'SecretToken', value: settings.secretToken },
  ];
}

/** Why saving starts a new full synchronization cycle (a changed scope), or null. */
export function resyncReason(before: ProvisioningSettings, after: ProvisioningSettings): string | null {
  return before.syncAll !== after.syncAll ? 'The scope changed' : null;
}
