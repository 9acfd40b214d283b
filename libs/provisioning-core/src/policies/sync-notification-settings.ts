/**
 * The `SyncNotificationSettings` secret (reference §5.5, §6.1): a JSON string such as
 * {"Enabled":true,"Recipients":"ops@contoso.com","DeleteThresholdEnabled":true,"DeleteThresholdValue":500}.
 * Parsing is tolerant: keys in any case, booleans/numbers also as strings; anything missing or invalid falls
 * back to the default and is reported as an issue.
 */

/** 500 is the value in every documented example (the UI default isn't stated; Open question 8). */
export const DEFAULT_DELETE_THRESHOLD = 500;

export interface SyncNotificationSettings {
  /** "Send an email notification when a failure occurs". */
  enabled: boolean;
  /** Recipients as stored (Entra keeps one string). */
  recipients: string;
  /** `recipients` split on ";" or ",", trimmed, empties dropped. */
  recipientList: string[];
  /** "Prevent accidental deletions". */
  deleteThresholdEnabled: boolean;
  /** "Accidental deletion threshold". */
  deleteThresholdValue: number;
}

export const DEFAULT_SYNC_NOTIFICATION_SETTINGS: Readonly<SyncNotificationSettings> = {
  enabled: false,
  recipients: '',
  recipientList: [],
  deleteThresholdEnabled: false,
  deleteThresholdValue: DEFAULT_DELETE_THRESHOLD,
};

export interface ParsedSyncNotificationSettings {
  settings: SyncNotificationSettings;
  /** What was missing or invalid and replaced by a default; [] for a clean value. */
  issues: string[];
}

function splitRecipients(recipients: string): string[] {
  return recipients
    .split(/[;,]/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

function lookup(record: Record<string, unknown>, key: string): unknown {
  const found = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : record[found];
}

function readBoolean(record: Record<string, unknown>, key: string, fallback: boolean, issues: string[]): boolean {
  const raw = lookup(record, key);
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return raw.trim().toLowerCase() === 'true';
  issues.push(`${key} is not a boolean; using ${fallback}`);
  return fallback;
}

function readThreshold(record: Record<string, unknown>, issues: string[]): number {
  const raw = lookup(record, 'DeleteThresholdValue');
  if (raw === undefined || raw === null) return DEFAULT_DELETE_THRESHOLD;
  const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  issues.push(`DeleteThresholdValue is not a non-negative integer; using ${DEFAULT_DELETE_THRESHOLD}`);
  return DEFAULT_DELETE_THRESHOLD;
}

export function parseSyncNotificationSettings(json: string | null | undefined): ParsedSyncNotificationSettings {
  const defaults = { ...DEFAULT_SYNC_NOTIFICATION_SETTINGS, recipientList: [] };
  if (json === null || json === undefined || json.trim() === '') {
    return { settings: defaults, issues: ['SyncNotificationSettings is absent; using defaults'] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { settings: defaults, issues: ['SyncNotificationSettings is not valid JSON; using defaults'] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { settings: defaults, issues: ['SyncNotificationSettings is not a JSON object; using defaults'] };
  }
  const record = parsed as Record<string, unknown>;
  const issues: string[] = [];
  const rawRecipients = lookup(record, 'Recipients');
  let recipients = '';
  if (typeof rawRecipients === 'string') recipients = rawRecipients;
  else if (rawRecipients !== undefined && rawRecipients !== null) issues.push('Recipients is not a string; ignoring it');
  const settings: SyncNotificationSettings = {
    enabled: readBoolean(record, 'Enabled', defaults.enabled, issues),
    recipients,
    recipientList: splitRecipients(recipients),
    deleteThresholdEnabled: readBoolean(record, 'DeleteThresholdEnabled', defaults.deleteThresholdEnabled, issues),
    deleteThresholdValue: readThreshold(record, issues),
  };
  return { settings, issues };
}

/** The secret's JSON text for these settings (Entra's key names). */
export function serializeSyncNotificationSettings(settings: SyncNotificationSettings): string {
  return JSON.stringify({
    Enabled: settings.enabled,
    Recipients: settings.recipients,
    DeleteThresholdEnabled: settings.deleteThresholdEnabled,
    DeleteThresholdValue: settings.deleteThresholdValue,
  });
}
