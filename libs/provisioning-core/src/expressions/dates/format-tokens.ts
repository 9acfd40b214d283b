/**
 * .NET date/time format strings → tokens. Custom specifiers (d M y h H m s f F t z K g), quoted literals,
 * `\` escapes, `%x` single specifiers, and the en-US standard formats (single letters such as "o", "s", "G").
 */
import { evaluationError } from '../errors';

export type FormatToken = { kind: 'field'; ch: string; len: number } | { kind: 'literal'; text: string };

const FIELD_CHARS = 'dMyhHmsfFtzKg';

/** en-US standard format strings, expanded to custom patterns. */
const STANDARD: Readonly<Record<string, string>> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

const CACHE_LIMIT = 256;
const cache = new Map<string, readonly FormatToken[]>();

/** Tokens of a format string (compiled once per format). Throws ExpressionError('Evaluation'). */
export function formatTokens(format: string): readonly FormatToken[] {
  const cached = cache.get(format);
  if (cached) return cached;
  const tokens = tokenize(format);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(format, tokens);
  return tokens;
}

function tokenize(format: string): FormatToken[] {
  if (format.length === 0) throw evaluationError('empty date format string');
  if (format.length === 1) {
    const standard = STANDARD[format];
    if (standard === undefined) throw evaluationError(`unknown standard date format "${format}"`);
    return tokenize(standard);
  }
  const tokens: FormatToken[] = [];
  const literal = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === 'literal') tokens[tokens.length - 1] = { kind: 'literal', text: last.text + text };
    else tokens.push({ kind: 'literal', text });
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (FIELD_CHARS.includes(c)) {
      let j = i + 1;
      while (j < format.length && format[j] === c) j++;
      tokens.push({ kind: 'field', ch: c, len: j - i });
      i = j - 1;
    } else if (c === "'" || c === '"') {
      const end = format.indexOf(c, i + 1);
      if (end < 0) throw evaluationError(`unterminated quoted text in date format "${format}"`);
      literal(format.slice(i + 1, end));
      i = end;
    } else if (c === '\\') {
      if (i + 1 >= format.length) throw evaluationError(`trailing backslash in date format "${format}"`);
      literal(format[i + 1]);
      i++;
    } else if (c === '%') {
      const next = format[i + 1];
      if (next === undefined || !FIELD_CHARS.includes(next)) throw evaluationError(`invalid "%" in date format "${format}"`);
      tokens.push({ kind: 'field', ch: next, len: 1 });
      i++;
    } else {
      literal(c);
    }
  }
  return tokens;
}
