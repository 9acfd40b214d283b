/**
 * Free-form date parsing (CDate, DateAdd, DateDiff, NumFromDate): the shapes .NET's DateTime.Parse accepts in
 * practice for provisioning data — ISO 8601 (date, date+offset, date+time+offset), US "M/d/yyyy h:mm:ss tt"
 * (what CDate/Now/DateAdd print), and RFC 1123 / "January 1, 2012" month-name forms. No zone → UTC.
 */
import { DateValue, makeDate } from './date-value';
import { monthFromName } from './names';

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7})\d*)?)?`;
const ZONE = String.raw`(Z|GMT|UTC|[+-]\d{1,2}(?::?\d{2})?)`;

const ISO = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]${TIME})?\s*${ZONE}?$`, 'i');
const US = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+${TIME}\s*(AM|PM|A|P)?)?\s*${ZONE}?$`, 'i');
const DAY_MONTH_YEAR = new RegExp(String.raw`^(?:[a-z]+,?\s+)?(\d{1,2})[\s-]+([a-z]+)[\s-]+(\d{4})(?:\s+${TIME})?\s*${ZONE}?$`, 'i');
const MONTH_DAY_YEAR = new RegExp(
  String.raw`^(?:[a-z]+,?\s+)?([a-z]+)\s+(\d{1,2}),?\s+(\d{4})(?:\s+${TIME}\s*(AM|PM|A|P)?)?\s*${ZONE}?$`,
  'i',
);

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined) return undefined;
  const upper = zone.toUpperCase();
  if (upper === 'Z' || upper === 'GMT' || upper === 'UTC') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = digits.length <= 2 ? Number(digits) : Number(digits.slice(0, digits.length - 2));
  const minutes = digits.length <= 2 ? 0 : Number(digits.slice(-2));
  return sign * (hours * 60 + minutes);
}

function fraction(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits.padEnd(7, '0'));
}

function hour12(hour: number, designator: string | undefined): number | null {
  if (designator === undefined) return hour;
  if (hour < 1 || hour > 12) return null;
  return (hour % 12) + (designator[0].toUpperCase() === 'P' ? 12 : 0);
}

/** null when the text is not a recognisable date. */
export function parseDate(input: string): DateValue | null {
  const text = input.trim();
  let m = ISO.exec(text);
  if (m) {
    return makeDate({
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
      fractionTicks: fraction(m[7]),
      offsetMinutes: offsetMinutes(m[8]),
    });
  }
  m = US.exec(text) ?? MONTH_DAY_YEAR.exec(text);
  if (m) {
    const month = /^\d+$/.test(m[1]) ? Number(m[1]) : monthFromName(m[1]);
    const hour = hour12(Number(m[4] ?? 0), m[8]);
    if (hour === null || month === 0) return null;
    return makeDate({
      year: Number(m[3]),
      month,
      day: Number(m[2]),
      hour,
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
      fractionTicks: fraction(m[7]),
      offsetMinutes: offsetMinutes(m[9]),
    });
  }
  m = DAY_MONTH_YEAR.exec(text);
  if (m) {
    const month = monthFromName(m[2]);
    if (month === 0) return null;
    return makeDate({
      year: Number(m[3]),
      month,
      day: Number(m[1]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
      fractionTicks: fraction(m[7]),
      offsetMinutes: offsetMinutes(m[8]),
    });
  }
  return null;
}
