import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random bearer token (URL-safe, 256 bits). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two secrets of any length. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Shows just enough of a secret to recognise it: `abcd…(43 chars)`. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return '********';
  return `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

/** Extracts the token of an `Authorization: Bearer <token>` header; undefined when absent or another scheme. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1] : undefined;
}
