/**
 * What the connector sent and got back, kept per processed object so its provisioning-log entry can show the SCIM
 * requests behind it (a provsim extension: Entra shows none). Recording is cheap on purpose: a few string checks
 * and slices per exchange, nothing parsed; the secret token is never kept (Authorization is masked, and any echo of
 * the token in a URL, body or error text is replaced).
 */
import type { ScimMethod } from './classify-response';

/** Longest body kept, in UTF-8 bytes (request and response each); longer bodies are cut and marked. */
export const SCIM_TRACE_BODY_LIMIT = 64 * 1024;
/** Longest error text kept, in characters. */
export const SCIM_TRACE_ERROR_LIMIT = 4096;
/** Most exchanges kept for one object (a 429 storm or a huge group cannot grow a log entry without bound). */
export const SCIM_TRACE_MAX_RECORDS = 200;
/** What replaces the secret wherever it would appear. */
export const MASK = '****';

/** One HTTP exchange as recorded: the request as sent (secret masked) and the answer as received. */
export interface ScimRequestRecord {
  method: ScimMethod;
  url: string;
  requestHeaders: Record<string, string>;
  /** The body as sent, null for GET and DELETE. */
  requestBody: string | null;
  /** null when no answer came (timeout, connection failure). */
  status: number | null;
  /** The body as received; null when there was none. */
  responseBody: string | null;
  /** Why the connector counted the exchange as failed (transport error, or its reading of the answer); null when it did not. */
  error: string | null;
  durationMs: number;
  /** Wall-clock epoch ms when the request left the queue. */
  startedAt: number;
}

/** The exchanges of one object, in the order they were sent; pass it to the connector's calls to fill it. */
export class ScimTrace {
  readonly records: ScimRequestRecord[] = [];
  /** Exchanges not kept because SCIM_TRACE_MAX_RECORDS was reached. */
  dropped = 0;

  add(record: ScimRequestRecord): void {
    if (this.records.length >= SCIM_TRACE_MAX_RECORDS) this.dropped += 1;
    else this.records.push(record);
  }
}

/** Request headers as recorded: the Authorization value's scheme kept, its credential masked. */
export function maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization') {
      const space = value.indexOf(' ');
      masked[name] = space > 0 ? `${value.slice(0, space)} ${MASK}` : MASK;
    } else {
      masked[name] = value;
    }
  }
  return masked;
}

/** `text` with every occurrence of `secret` replaced by the mask (nothing to do for an empty secret). */
export function redactSecret(text: string, secret: string): string {
  return secret !== '' && text.includes(secret) ? text.split(secret).join(MASK) : text;
}

/** The marker appended to a cut body. */
export function truncationMarker(totalBytes: number): string {
  return `…[provsim: truncated, ${totalBytes} bytes in all]`;
}

/**
 * A body as stored: at most `limit` UTF-8 bytes of it (cut on a character boundary) followed by the truncation
 * marker; NUL characters (which PostgreSQL text cannot hold) replaced by U+FFFD. Empty → null.
 */
export function capBody(body: string | null | undefined, limit = SCIM_TRACE_BODY_LIMIT): string | null {
  if (body === null || body === undefined || body === '') return null;
  let text = body.includes('\u0000') ? body.replaceAll('\u0000', '\uFFFD') : body;
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short strings need no byte count.
  if (text.length * 3 > limit) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limit) {
      // Decoding a prefix drops a character cut in half as U+FFFD; remove that one.
      let head = Buffer.from(text, 'utf8').subarray(0, limit).toString('utf8');
      if (head.endsWith('\uFFFD') && !text.startsWith(head)) head = head.slice(0, -1);
      text = head + truncationMarker(bytes);
    }
  }
  return text;
}

/** An error text as stored: secret redacted, at most SCIM_TRACE_ERROR_LIMIT characters. */
export function capError(error: string | null | undefined, secret: string): string | null {
  if (!error) return null;
  const text = redactSecret(error, secret).replaceAll('\u0000', '\uFFFD');
  return text.length > SCIM_TRACE_ERROR_LIMIT ? `${text.slice(0, SCIM_TRACE_ERROR_LIMIT)}…` : text;
}

/** Builds the stored record of one exchange (the only place the secret is seen, to take it out). */
export function traceRecord(
  exchange: {
    method: ScimMethod;
    url: string;
    headers: Readonly<Record<string, string>>;
    body: string | undefined;
    status: number | null;
    responseBody: string;
    error: string | null;
    durationMs: number;
    startedAt: number;
  },
  secret: string,
): ScimRequestRecord {
  // Redacted before cutting, so no part of the secret survives a cut through it.
  return {
    method: exchange.method,
    url: redactSecret(exchange.url, secret),
    requestHeaders: maskHeaders(exchange.headers),
    requestBody: exchange.body === undefined ? null : capBody(redactSecret(exchange.body, secret)),
    status: exchange.status,
    responseBody: capBody(redactSecret(exchange.responseBody, secret)),
    error: capError(exchange.error, secret),
    durationMs: exchange.durationMs,
    startedAt: exchange.startedAt,
  };
}
