/** Letter-level functions: NormalizeDiacritics, PCase. */
import { FunctionImpl } from './function-impl';

/** Letters that do not decompose under NFD but have a documented/conventional base-letter spelling. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  æ: 'ae',
  Æ: 'AE',
  ǣ: 'ae',
  Ǣ: 'AE',
  ǽ: 'ae',
  Ǽ: 'AE',
  ø: 'oe',
  Ø: 'OE',
  ǿ: 'oe',
  Ǿ: 'OE',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  ẞ: 'SS',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
};

const COMBINING_MARK = /\p{M}/u;
/** Pure ASCII text has nothing to normalize. */
const ASCII_ONLY = /^[ -~\t\r\n]*$/;

export function normalizeDiacritics(text: string): string {
  if (ASCII_ONLY.test(text)) return text;
  let out = '';
  for (const c of text.normalize('NFD')) {
    if (COMBINING_MARK.test(c)) continue;
    out += SPECIAL_LETTERS[c] ?? c;
  }
  return out.normalize('NFC');
}

/**
 * .NET TextInfo.ToTitleCase word separators (space, control/format, connector/dash/open/close/quote/other
 * punctuation, math/currency/modifier/other symbols). The apostrophe stays inside a word, as in .NET.
 */
const DEFAULT_SEPARATOR = /[\p{Z}\p{Cc}\p{Cf}\p{Pc}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{Sm}\p{Sc}\p{Sk}\p{So}]/u;
const LETTER = /\p{L}/u;

/** Upper-cases the first letter of each word and lower-cases the rest. */
export function properCase(text: string, separators: string | null): string {
  const isSeparator =
    separators === null || separators === ''
      ? (c: string): boolean => c !== "'" && DEFAULT_SEPARATOR.test(c)
      : (c: string): boolean => separators.includes(c);
  let out = '';
  let atWordStart = true;
  for (const c of text) {
    if (isSeparator(c)) {
      out += c;
      atWordStart = true;
    } else if (atWordStart && LETTER.test(c)) {
      out += c.toUpperCase();
      atWordStart = false;
    } else {
      out += c.toLowerCase();
      atWordStart = false;
    }
  }
  return out;
}

export const CASING_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  NormalizeDiacritics: (p, ev) => {
    const text = ev.text(p, 0);
    return text === null ? null : normalizeDiacritics(text);
  },

  PCase: (p, ev) => {
    const text = ev.text(p, 0);
    return text === null ? null : properCase(text, ev.text(p, 1));
  },
};
