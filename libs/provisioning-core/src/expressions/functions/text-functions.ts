/** String functions: Append, CStr, InStr, Join, Left, Mid, StripSpaces, ToLower, ToUpper, Word. */
import { evaluationError } from '../errors';
import { ExpressionValue } from '../types';
import { formatNumber, toInteger, toList, toOptionalInteger, toText } from '../values';
import { FunctionImpl } from './function-impl';

function applyCulture(text: string, culture: string | null, upper: boolean): string {
  if (culture === null || culture.trim() === '') return upper ? text.toUpperCase() : text.toLowerCase();
  try {
    return upper ? text.toLocaleUpperCase(culture.trim()) : text.toLocaleLowerCase(culture.trim());
  } catch {
    throw evaluationError(`unknown culture "${culture}"`);
  }
}

function compareTypeIsText(value: string | null): boolean {
  if (value === null || value === '') return false;
  const v = value.trim();
  if (v === 'vbTextCompare' || v === '1') return true;
  if (v === 'vbBinaryCompare' || v === '0') return false;
  throw evaluationError(`InStr: compareType must be vbTextCompare or vbBinaryCompare, got "${value}"`);
}

export const TEXT_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  Append: (p, ev) => {
    const source = ev.text(p, 0);
    const suffix = ev.text(p, 1);
    if (source === null && suffix === null) return null;
    return (source ?? '') + (suffix ?? '');
  },

  CStr: (p, ev) => ev.text(p, 0),

  InStr: (p, ev) => {
    const haystack = ev.text(p, 0);
    const needle = ev.text(p, 1);
    if (haystack === null || needle === null) return null;
    const start = toOptionalInteger(ev.value(p, 2), 'InStr start', 1);
    if (start < 1) throw evaluationError('InStr: start must be 1 or greater');
    const ignoreCase = compareTypeIsText(ev.text(p, 3));
    if (start > haystack.length) return needle === '' && start === haystack.length + 1 ? formatNumber(start) : '0';
    const h = ignoreCase ? haystack.toLowerCase() : haystack;
    const n = ignoreCase ? needle.toLowerCase() : needle;
    return formatNumber(h.indexOf(n, start - 1) + 1);
  },

  Join: (p, ev) => {
    const separator = ev.text(p, 0) ?? '';
    const parts: string[] = [];
    let sawValue = false;
    for (let i = 1; i < p.length; i++) {
      const value = ev.value(p, i);
      if (value === null) continue;
      sawValue = true;
      for (const item of Array.isArray(value) ? value : [value]) {
        const text = toText(item);
        if (text !== null && text !== '') parts.push(text);
      }
    }
    return sawValue ? parts.join(separator) : null;
  },

  Left: (p, ev) => {
    const text = ev.text(p, 0);
    const count = toInteger(ev.value(p, 1), 'Left numChars');
    if (text === null) return '';
    if (count < 0) return text;
    return text.slice(0, count);
  },

  Mid: (p, ev) => {
    const text = ev.text(p, 0);
    if (text === null) return null;
    const start = Math.max(1, toInteger(ev.value(p, 1), 'Mid start'));
    const length = toInteger(ev.value(p, 2), 'Mid length');
    if (length < 0) return text.slice(start - 1);
    return text.slice(start - 1, start - 1 + length);
  },

  StripSpaces: (p, ev) => {
    const text = ev.text(p, 0);
    return text === null ? null : text.split(' ').join('');
  },

  ToLower: (p, ev) => {
    const text = ev.text(p, 0);
    return text === null ? null : applyCulture(text, ev.text(p, 1), false);
  },

  ToUpper: (p, ev) => {
    const text = ev.text(p, 0);
    return text === null ? null : applyCulture(text, ev.text(p, 1), true);
  },

  Word: (p, ev) => {
    const text = ev.text(p, 0);
    const n = toInteger(ev.value(p, 1), 'Word wordNumber');
    const delimiters = ev.text(p, 2) ?? '';
    if (text === null || n < 1) return '';
    const words: string[] = [];
    let current = '';
    for (const c of text) {
      if (delimiters.includes(c)) {
        if (current !== '') words.push(current);
        current = '';
      } else {
        current += c;
      }
    }
    if (current !== '') words.push(current);
    return words[n - 1] ?? '';
  },
};

/** Values of a multi-valued argument as text (nulls dropped). */
export function textList(value: ExpressionValue): string[] {
  const out: string[] = [];
  for (const item of toList(value)) {
    const text = toText(item);
    if (text !== null) out.push(text);
  }
  return out;
}
