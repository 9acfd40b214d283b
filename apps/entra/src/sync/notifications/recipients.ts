/**
 * The "Notification Email" field (`SyncNotificationSettings.Recipients`): one string of addresses separated by
 * semicolons or commas. Each entry may also be written `Name <address>`.
 */

export interface ParsedRecipients {
  /** Usable addresses in the order given, each once (compared case-insensitively). */
  valid: string[];
  /** Entries that are not an email address, as written (trimmed). */
  invalid: string[];
}

const MAX_ADDRESS_LENGTH = 254;
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
/** local@domain: no spaces, quotes or separators in the local part; the domain letter/digit labels split by dots. */
const ADDRESS = new RegExp(`^[^\\s@<>()\\[\\]\\\\,;:"]+@${LABEL}(?:\\.${LABEL})*$`, 'u');
const NAMED = /^[^<>]*<([^<>]*)>$/;

/** True for one plain address such as `ops@contoso.com` (also `admin@localhost`). */
export function isEmailAddress(value: string): boolean {
  if (value.length > MAX_ADDRESS_LENGTH || !ADDRESS.test(value)) return false;
  const local = value.slice(0, value.lastIndexOf('@'));
  return !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
}

export function parseRecipients(raw: string | null | undefined): ParsedRecipients {
  const valid: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const part of (raw ?? '').split(/[;,]/)) {
    const entry = part.trim();
    if (entry === '') continue;
    const address = (NAMED.exec(entry)?.[1] ?? entry).trim();
    if (!isEmailAddress(address)) {
      invalid.push(entry);
      continue;
    }
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    valid.push(address);
  }
  return { valid, invalid };
}
