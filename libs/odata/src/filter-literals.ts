import { ODataError } from './errors';

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DATETIME_PARTS = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?$/i;

const syntax = (message: string, position: number): ODataError =>
  new ODataError('BadRequest', `Invalid filter clause: ${message}`, position);

/**
 * Parses an OData date (`2021-01-02`, taken as midnight UTC) or DateTimeOffset
 * (`2021-01-02T12:00:00Z`, `...+01:00`) literal to a canonical ISO-8601 UTC string with
 * millisecond precision. Sub-millisecond digits must be zero so that the SQL and in-memory
 * evaluations compare the same instant.
 */
export function parseDateTimeLiteral(text: string, position: number): string {
  const m = DATETIME_PARTS.exec(text);
  if (!m) throw syntax(`Invalid DateTimeOffset literal '${text}' at position ${position}.`, position);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h !== undefined && zone === undefined) {
    throw syntax(`DateTimeOffset literal '${text}' at position ${position} needs a time zone ('Z' or ±hh:mm).`, position);
  }
  const fraction = frac ?? '';
  if (/[1-9]/.test(fraction.slice(3))) {
    throw new ODataError(
      'Request_UnsupportedQuery',
      `DateTimeOffset literal '${text}' has sub-millisecond precision, which is not supported.`,
      position,
    );
  }
  const [year, month, day, hour, minute, second] = [y, mo, d, h ?? '0', mi ?? '0', s ?? '0'].map(Number);
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const offsetMinutes = zoneOffsetMinutes(zone);
  const inRange = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
  if (!inRange || Math.abs(offsetMinutes) > 14 * 60) {
    throw syntax(`Invalid DateTimeOffset literal '${text}' at position ${position}.`, position);
  }
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const date = new Date(epoch);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    throw syntax(`DateTimeOffset literal '${text}' at position ${position} is out of range.`, position);
  }
  return date.toISOString();
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
