/**
 * DateAdd / DateDiff with VBA semantics (intervals yyyy q m y d w ww h n s), and Active Directory FILETIME
 * integers (100 ns ticks since 1601-01-01 UTC) for DateFromNum / NumFromDate.
 */
import { evaluationError } from '../errors';
import {
  DateValue,
  daysFromCivil,
  daysInMonth,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  toParts,
  withinRange,
} from './date-value';

const FIXED_UNITS: Readonly<Record<string, number>> = {
  d: MS_PER_DAY,
  y: MS_PER_DAY,
  w: 7 * MS_PER_DAY,
  ww: 7 * MS_PER_DAY,
  h: MS_PER_HOUR,
  n: MS_PER_MINUTE,
  s: MS_PER_SECOND,
};

function normalizeInterval(interval: string): string {
  const key = interval.trim().toLowerCase();
  if (!['yyyy', 'q', 'm', 'y', 'd', 'w', 'ww', 'h', 'n', 's'].includes(key)) {
    throw evaluationError(`unknown date interval "${interval}" (use yyyy, m, d, ww, h, n or s)`);
  }
  return key;
}

function addMonths(value: DateValue, months: number): DateValue | null {
  const p = toParts(value);
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  if (year < 1 || year > 9999) return null;
  const day = Math.min(p.day, daysInMonth(year, month));
  const timeOfDay = value.ms - Math.floor(value.ms / MS_PER_DAY) * MS_PER_DAY;
  return withinRange({ ms: daysFromCivil(year, month, day) * MS_PER_DAY + timeOfDay, subTicks: value.subTicks, hasZone: value.hasZone });
}

/** VBA DateAdd; `amount` is rounded to a whole number. Throws ExpressionError on bad interval/overflow. */
export function dateAdd(interval: string, amount: number, value: DateValue): DateValue {
  const key = normalizeInterval(interval);
  const n = Math.round(amount);
  let result: DateValue | null;
  if (key === 'yyyy') result = addMonths(value, n * 12);
  else if (key === 'q') result = addMonths(value, n * 3);
  else if (key === 'm') result = addMonths(value, n);
  else result = withinRange({ ms: value.ms + n * FIXED_UNITS[key], subTicks: value.subTicks, hasZone: value.hasZone });
  if (result === null) throw evaluationError('DateAdd: result is outside 0001-01-01 … 9999-12-31');
  return result;
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** VBA DateDiff: number of interval boundaries crossed from date1 to date2 (weeks "ww" start on Sunday). */
export function dateDiff(interval: string, date1: DateValue, date2: DateValue): number {
  const key = normalizeInterval(interval);
  const a = toParts(date1);
  const b = toParts(date2);
  switch (key) {
    case 'yyyy':
      return b.year - a.year;
    case 'q':
      return b.year * 4 + Math.floor((b.month - 1) / 3) - (a.year * 4 + Math.floor((a.month - 1) / 3));
    case 'm':
      return b.year * 12 + b.month - (a.year * 12 + a.month);
    case 'w':
      return Math.trunc((floorDiv(date2.ms, MS_PER_DAY) - floorDiv(date1.ms, MS_PER_DAY)) / 7);
    case 'ww':
      return floorDiv(floorDiv(date2.ms, MS_PER_DAY) + 4, 7) - floorDiv(floorDiv(date1.ms, MS_PER_DAY) + 4, 7);
    default:
      return floorDiv(date2.ms, FIXED_UNITS[key]) - floorDiv(date1.ms, FIXED_UNITS[key]);
  }
}

/** 1601-01-01T00:00:00Z in ms since 1970. */
const FILETIME_EPOCH_MS = BigInt(daysFromCivil(1601, 1, 1) * MS_PER_DAY);

export function toFileTime(value: DateValue): string {
  return ((BigInt(value.ms) - FILETIME_EPOCH_MS) * 10_000n + BigInt(value.subTicks)).toString();
}

/** FILETIME integer text → DateValue; null for values outside the DateTime range (e.g. "never expires"). */
export function fromFileTime(text: string): DateValue | null {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) throw evaluationError(`DateFromNum: "${text}" is not an integer`);
  const ticks = BigInt(trimmed);
  const ms = ticks / 10_000n + FILETIME_EPOCH_MS;
  const subTicks = Number(ticks % 10_000n);
  if (ticks < 0n) return null;
  return withinRange({ ms: Number(ms), subTicks, hasZone: true });
}
