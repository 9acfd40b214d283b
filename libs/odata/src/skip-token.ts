import { ODataError } from './errors';
import { base64UrlDecode, base64UrlEncode } from './base64url';

/** Longest token decodeSkipToken will look at. */
export const MAX_SKIP_TOKEN_LENGTH = 4096;

/**
 * 64-bit FNV-1a-style checksum (two 32-bit lanes) as 16 hex digits. A checksum, not a MAC:
 * it catches edited or misapplied tokens, not a determined forger (fold a server secret into
 * the fingerprint if that matters).
 */
export function checksum(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (a >>> 7), 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** A stable fingerprint of the query options a token is bound to (undefined options omitted). */
export function queryFingerprint(options: Readonly<Record<string, string | undefined>>): string {
  const entries = Object.keys(options)
    .filter((key) => options[key] !== undefined)
    .sort()
    .map((key) => [key.toLowerCase(), options[key]]);
  return JSON.stringify(entries);
}

interface TokenBody {
  readonly p: unknown;
  readonly c: string;
}

const invalid = (): ODataError =>
  new ODataError('Request_BadRequest', 'The specified page token value is invalid or does not belong to this query.');

/**
 * Opaque continuation token for @odata.nextLink: base64url JSON of the keyset position plus a
 * checksum over the position and the query fingerprint, so a token reused with another
 * $filter/$orderby is rejected. position must be JSON-serialisable (TypeError otherwise).
 */
export function encodeSkipToken(position: unknown, queryFingerprint: string): string {
  const json = JSON.stringify(position);
  if (json === undefined) throw new TypeError('skip token position must be JSON-serialisable');
  const body: TokenBody = { p: position, c: checksum(`${json}\u0000${queryFingerprint}`) };
  return base64UrlEncode(JSON.stringify(body));
}

/** The position encoded by encodeSkipToken for the same fingerprint; ODataError otherwise. */
export function decodeSkipToken(token: string, queryFingerprint: string): unknown {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_SKIP_TOKEN_LENGTH) throw invalid();
  const text = base64UrlDecode(token);
  if (text === undefined) throw invalid();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (typeof body !== 'object' || body === null || !('p' in body) || !('c' in body)) throw invalid();
  const { p, c } = body as TokenBody;
  if (typeof c !== 'string' || c !== checksum(`${JSON.stringify(p)}\u0000${queryFingerprint}`)) throw invalid();
  return p;
}
