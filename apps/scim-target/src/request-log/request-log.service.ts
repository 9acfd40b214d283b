import { Inject, Injectable } from '@nestjs/common';
import { SCIM_TARGET_CONFIG } from '../config/config.token';
import { ScimTargetConfig } from '../config/scim-target.config';

export interface RequestLogEntry {
  at: string;
  method: string;
  /** Path and query as received, relative to the host. */
  url: string;
  status: number;
  durationMs: number;
  /** The request body with secrets replaced by "[REDACTED]"; a string prefix when it was too large to keep. */
  body?: unknown;
  /** Id of the fault rule that answered instead of the app. */
  fault?: string;
  /** The response body, secrets redacted like the request's (read back from the text kept, only when listed). */
  response?: unknown;
}

/** An entry as kept: the response as its text (a prefix when long), parsed and redacted only when someone lists it. */
type KeptEntry = Omit<RequestLogEntry, 'response'> & { responseText?: string };

/** The kept response text as listed: JSON redacted; a cut or non-JSON text as-is unless it may hold a secret. */
export function responseOf(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return redactSecrets(JSON.parse(text));
  } catch {
    return SECRET_KEY.test(text) ? REDACTED : text;
  }
}

const SECRET_KEY = /pass(word)?|secret|token|authorization|credential/i;
const MAX_BODY_CHARS = 16 * 1024;
const REDACTED = '[REDACTED]';
/** PATCH operation members, matched in any case as the SCIM library reads them. */
const PATCH_PATH = /^path$/i;
const PATCH_VALUE = /^value$/i;
/** A bracketed value filter; brackets excluded inside, so a body full of `[` costs linear time. */
const VALUE_FILTER = /\[[^[\]]*\]/g;

/**
 * Whether a PATCH `path` names a secret attribute, judged like a key name: `password`, `Password`,
 * `urn:ietf:params:scim:schemas:core:2.0:User:password`. Value filters (`emails[value eq "…"]`) only select
 * elements, so their text does not count.
 */
function pathNamesSecret(path: unknown): boolean {
  return typeof path === 'string' && SECRET_KEY.test(path.replace(VALUE_FILTER, ''));
}

/**
 * Copies a JSON value, replacing the values of secret-looking keys, and the `value` of objects whose `path` names a
 * secret attribute (PATCH operations such as `{"op":"replace","path":"password","value":"…"}`).
 * Safe for `__proto__` keys (defined, not assigned).
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[TOO DEEP]';
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value);
  const secretTarget = entries.some(([key, v]) => PATCH_PATH.test(key) && pathNamesSecret(v));
  for (const [key, v] of entries) {
    const secret = SECRET_KEY.test(key) || (secretTarget && PATCH_VALUE.test(key));
    Object.defineProperty(out, key, {
      value: secret ? REDACTED : redactSecrets(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A bounded circular buffer: O(1) append, oldest entries overwritten. */
class Ring<T> {
  private readonly items: T[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}
  push(item: T): void {
    if (this.capacity === 0) return;
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }
  newestFirst(limit: number): T[] {
    const out: T[] = [];
    const n = this.items.length;
    for (let i = 1; i <= Math.min(limit, n); i++) out.push(this.items[(this.next - i + n) % n]);
    return out;
  }
}

/** Every SCIM request of each tenant, newest first, capped per tenant; kept in memory (see docs/scim-target.md). */
@Injectable()
export class RequestLogService {
  private readonly logs = new Map<string, Ring<KeptEntry>>();

  constructor(@Inject(SCIM_TARGET_CONFIG) private readonly config: ScimTargetConfig) {}

  record(tenant: string, entry: Omit<RequestLogEntry, 'response'> & { responseText?: string }): void {
    let ring = this.logs.get(tenant);
    if (!ring) {
      ring = new Ring(this.config.SCIM_REQUEST_LOG_SIZE);
      this.logs.set(tenant, ring);
    }
    const stored: KeptEntry = { ...entry };
    if (entry.responseText !== undefined && entry.responseText.length > MAX_BODY_CHARS) {
      stored.responseText = `${entry.responseText.slice(0, MAX_BODY_CHARS)}…(truncated)`;
    }
    if (entry.body !== undefined) {
      const redacted = redactSecrets(entry.body);
      const text = JSON.stringify(redacted) ?? '';
      stored.body = text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…(truncated)` : redacted;
    }
    ring.push(stored);
  }

  list(tenant: string, limit: number): RequestLogEntry[] {
    return (this.logs.get(tenant)?.newestFirst(limit) ?? []).map(({ responseText, ...entry }) =>
      responseText === undefined ? entry : { ...entry, response: responseOf(responseText) },
    );
  }

  clear(tenant: string): void {
    this.logs.delete(tenant);
  }
}
