/**
 * .NET DateTime.ParseExact for one format string, with DateTimeStyles. Zones (z/K) convert to UTC; text without
 * a zone is taken as UTC (the service's local zone). Missing date parts default to `now`'s date (time-only
 * formats) or to year-of-now/1/1, as in .NET.
 */
import { evaluationError } from '../errors';
import { DateValue, makeDate, toParts } from './date-value';
import { formatTokens } from './format-tokens';
import { DAY_NAMES, MONTH_NAMES } from './names';

export interface DateTimeStyles {
  allowLeadingWhite: boolean;
  allowTrailingWhite: boolean;
  allowInnerWhite: boolean;
  noCurrentDateDefault: boolean;
}

/** Graph/Entra default: RoundtripKind | AllowLeadingWhite | AllowTrailingWhite. */
export const DEFAULT_STYLES: DateTimeStyles = {
  allowLeadingWhite: true,
  allowTrailingWhite: true,
  allowInnerWhite: false,
  noCurrentDateDefault: false,
};

const STYLE_NAMES: Readonly<Record<string, number>> = {
  none: 0,
  allowleadingwhite: 1,
  allowtrailingwhite: 2,
  allowinnerwhite: 4,
  allowwhitespaces: 7,
  nocurrentdatedefault: 8,
  adjusttouniversal: 16,
  assumelocal: 32,
  assumeuniversal: 64,
  roundtripkind: 128,
};

/** "AdjustToUniversal, AllowWhiteSpaces" / "DateTimeStyles.RoundtripKind | …" / a number → styles. */
export function parseStyles(text: string | null): DateTimeStyles {
  if (text === null || text.trim() === '') return DEFAULT_STYLES;
  let bits = 0;
  for (const raw of text.split(/[,|+]/)) {
    const name = raw
      .trim()
      .replace(/^(System\.Globalization\.)?DateTimeStyles\./i, '')
      .toLowerCase();
    if (name === '') continue;
    const value = /^\d+$/.test(name) ? Number(name) : STYLE_NAMES[name];
    if (value === undefined) throw evaluationError(`unknown DateTimeStyles value "${raw.trim()}"`);
    bits |= value;
  }
  return {
    allowLeadingWhite: (bits & 1) !== 0,
    allowTrailingWhite: (bits & 2) !== 0,
    allowInnerWhite: (bits & 4) !== 0,
    noCurrentDateDefault: (bits & 8) !== 0,
  };
}

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  fraction?: number;
  pm?: boolean;
  offset?: number;
}

const WHITE = /\s/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  skipWhite(): void {
    while (this.pos < this.text.length && WHITE.test(this.text[this.pos])) this.pos++;
  }
  /** between min and max digits */
  digits(min: number, max: number): number | null {
    let end = this.pos;
    while (end < this.text.length && end - this.pos < max && this.text[end] >= '0' && this.text[end] <= '9') end++;
    if (end - this.pos < min) return null;
    const n = Number(this.text.slice(this.pos, end));
    this.pos = end;
    return n;
  }
  /** case-insensitive match of one of the names (longest first); index or -1 */
  name(names: readonly string[]): number {
    const rest = this.text.slice(this.pos).toLowerCase();
    let best = -1;
    for (let i = 0; i < names.length; i++) {
      if (rest.startsWith(names[i].toLowerCase()) && (best < 0 || names[i].length > names[best].length)) best = i;
    }
    if (best >= 0) this.pos += names[best].length;
    return best;
  }
  literal(text: string): boolean {
    for (const c of text) {
      if (WHITE.test(c)) {
        if (this.done || !WHITE.test(this.text[this.pos])) return false;
        this.pos++;
      } else if (this.text[this.pos] === c) {
        this.pos++;
      } else {
        return false;
      }
    }
    return true;
  }
}

/** Parses `text` exactly as `format`; null if it does not match. Throws only for a malformed format. */
export function parseExact(text: string, format: string, styles: DateTimeStyles, now: DateValue): DateValue | null {
  const tokens = formatTokens(format);
  const cur = new Cursor(text);
  if (styles.allowLeadingWhite) cur.skipWhite();
  const f: Fields = {};
  for (const token of tokens) {
    if (styles.allowInnerWhite) cur.skipWhite();
    if (token.kind === 'literal') {
      const lit = styles.allowInnerWhite ? token.text.trim() : token.text;
      if (!cur.literal(lit)) return null;
      continue;
    }
    if (!readField(cur, token.ch, token.len, f)) return null;
  }
  if (styles.allowTrailingWhite || styles.allowInnerWhite) cur.skipWhite();
  if (!cur.done) return null;
  return build(f, styles, now);
}

function readField(cur: Cursor, ch: string, len: number, f: Fields): boolean {
  const short = len === 1;
  switch (ch) {
    case 'd':
      if (len >= 3) return cur.name(len === 3 ? DAY_NAMES.map((n) => n.slice(0, 3)) : DAY_NAMES) >= 0;
      return set(f, 'day', cur.digits(short ? 1 : 2, 2));
    case 'M':
      if (len >= 3) {
        const index = cur.name(len === 3 ? MONTH_NAMES.map((n) => n.slice(0, 3)) : MONTH_NAMES);
        return index >= 0 && set(f, 'month', index + 1);
      }
      return set(f, 'month', cur.digits(short ? 1 : 2, 2));
    case 'y': {
      if (len <= 2) {
        const y = cur.digits(short ? 1 : 2, 2);
        return y !== null && set(f, 'year', y < 50 ? 2000 + y : 1900 + y);
      }
      return set(f, 'year', cur.digits(len === 3 ? 3 : len, Math.max(len, 4)));
    }
    case 'h':
    case 'H':
      return set(f, 'hour', cur.digits(short ? 1 : 2, 2));
    case 'm':
      return set(f, 'minute', cur.digits(short ? 1 : 2, 2));
    case 's':
      return set(f, 'second', cur.digits(short ? 1 : 2, 2));
    case 'f':
    case 'F': {
      if (len > 7) return false;
      const start = cur.pos;
      const n = cur.digits(ch === 'f' ? len : 0, len);
      if (n === null) return false;
      const count = cur.pos - start;
      return set(f, 'fraction', n * 10 ** (7 - count));
    }
    case 't': {
      const index = cur.name(short ? ['A', 'P'] : ['AM', 'PM']);
      if (index < 0) return false;
      f.pm = index === 1;
      return true;
    }
    case 'z':
      return readOffset(cur, f, false);
    case 'K':
      return readOffset(cur, f, true);
    case 'g':
      return cur.name(['A.D.', 'AD']) >= 0;
    default:
      return false;
  }
}

function set(f: Fields, key: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction', value: number | null): boolean {
  if (value === null) return false;
  f[key] = value;
  return true;
}

function readOffset(cur: Cursor, f: Fields, optional: boolean): boolean {
  const c = cur.text[cur.pos];
  if (optional && (c === 'Z' || c === 'z')) {
    cur.pos++;
    f.offset = 0;
    return true;
  }
  if (c !== '+' && c !== '-') return optional;
  cur.pos++;
  const hours = cur.digits(1, 2);
  if (hours === null) return false;
  let minutes: number;
  if (cur.text[cur.pos] === ':') {
    cur.pos++;
    const m = cur.digits(2, 2);
    if (m === null) return false;
    minutes = m;
  } else {
    minutes = cur.digits(2, 2) ?? 0;
  }
  f.offset = (c === '-' ? -1 : 1) * (hours * 60 + minutes);
  return true;
}

function build(f: Fields, styles: DateTimeStyles, now: DateValue): DateValue | null {
  let hour = f.hour ?? 0;
  if (f.pm !== undefined) {
    if (hour > 12) return null;
    hour = (hour % 12) + (f.pm ? 12 : 0);
  }
  let { year, month, day } = f;
  if (year === undefined && month === undefined && day === undefined) {
    if (styles.noCurrentDateDefault) {
      year = 1;
      month = 1;
      day = 1;
    } else {
      const p = toParts(now);
      year = p.year;
      month = p.month;
      day = p.day;
    }
  }
  return makeDate({
    year: year ?? toParts(now).year,
    month: month ?? 1,
    day: day ?? 1,
    hour,
    minute: f.minute ?? 0,
    second: f.second ?? 0,
    fractionTicks: f.fraction ?? 0,
    offsetMinutes: f.offset,
  });
}
