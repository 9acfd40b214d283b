/** Byte-level functions: BitAnd, ConvertToBase64 (UTF-16LE), ConvertToUTF8Hex. Pure, no Buffer. */
import { evaluationError } from '../errors';
import { FunctionImpl } from './function-impl';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789ABCDEF';

export function base64(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
    out += BASE64[b0 >> 2] + BASE64[((b0 & 3) << 4) | (b1 >> 4)];
    out += i + 1 < bytes.length ? BASE64[((b1 & 15) << 2) | (b2 >> 6)] : '=';
    out += i + 2 < bytes.length ? BASE64[b2 & 63] : '=';
  }
  return out;
}

/** .NET Encoding.Unicode: UTF-16 code units, little-endian. */
export function utf16leBytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes.push(unit & 0xff, unit >> 8);
  }
  return bytes;
}

/** UTF-8; lone surrogates become U+FFFD as in .NET. */
export function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return bytes;
}

/** Integer from decimal text or a `&H`/`&O` literal, as a 64-bit BigInt. */
function toBigInt(text: string | null, what: string): bigint {
  const t = (text ?? '').trim();
  let n: bigint | null = null;
  if (/^[-+]?\d+$/.test(t)) n = BigInt(t);
  else if (/^&[Hh][0-9A-Fa-f]+$/.test(t)) n = BigInt('0x' + t.slice(2));
  else if (/^&[Oo][0-7]+$/.test(t)) n = BigInt('0o' + t.slice(2));
  if (n === null) throw evaluationError(`BitAnd: ${what} must be an integer, got ${JSON.stringify(text)}`);
  return BigInt.asIntN(64, n);
}

export const ENCODING_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  BitAnd: (p, ev) => {
    const a = ev.text(p, 0);
    const b = ev.text(p, 1);
    if (a === null || b === null) return null;
    return (toBigInt(a, 'value1') & toBigInt(b, 'value2')).toString();
  },

  ConvertToBase64: (p, ev) => {
    const text = ev.text(p, 0);
    return text === null ? null : base64(utf16leBytes(text));
  },

  ConvertToUTF8Hex: (p, ev) => {
    const text = ev.text(p, 0);
    if (text === null) return null;
    let out = '';
    for (const byte of utf8Bytes(text)) out += HEX[byte >> 4] + HEX[byte & 15];
    return out;
  },
};
