const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i] as const));

/** UTF-8 text → unpadded base64url (RFC 4648 §5). No Buffer, so the library stays runtime-neutral. */
export function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Unpadded base64url → UTF-8 text; undefined if the input is not canonical base64url of valid UTF-8. */
export function base64UrlDecode(encoded: string): string | undefined {
  if (encoded.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i += 4) {
    const chunk = encoded.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const v = k < chunk.length ? INDEX.get(chunk[k]) : 0;
      if (v === undefined) return undefined;
      n = (n << 6) | v;
    }
    const count = chunk.length - 1;
    for (let k = 0; k < count; k++) bytes.push((n >> (16 - 8 * k)) & 255);
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    return base64UrlEncode(text) === encoded ? text : undefined;
  } catch {
    return undefined;
  }
}
