/**
 * The evaluator's DateTime: UTC milliseconds since 1970 plus 100 ns ticks below the millisecond (.NET precision),
 * built and split with plain integer calendar arithmetic (proleptic Gregorian, years 1–9999) — no Date objects.
 */

export interface DateValue {
  /** UTC milliseconds since 1970-01-01T00:00:00Z. */
  readonly ms: number;
  /** 0–9999: 100 ns ticks below the millisecond. */
  readonly subTicks: number;
  /** Whether the text carried a zone (Z or an offset); .NET's DateTimeKind Unspecified ↔ false. */
  readonly hasZone: boolean;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  subTicks: number;
  /** 0 = Sunday */
  dayOfWeek: number;
}

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const MIN_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z
export const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number (civil_from_days). */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export interface PartsInput {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** fraction of a second in 100 ns ticks (0–9,999,999) */
  fractionTicks?: number;
  /** offset east of UTC in minutes; undefined = no zone (taken as UTC) */
  offsetMinutes?: number;
}

/** Validated construction; null when a field is out of range. */
export function makeDate(p: PartsInput): DateValue | null {
  const { year, month, day } = p;
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  const fraction = p.fractionTicks ?? 0;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || fraction < 0 || fraction > 9_999_999) return null;
  const offset = p.offsetMinutes ?? 0;
  if (Math.abs(offset) > 14 * 60) return null;
  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * MS_PER_HOUR +
    minute * MS_PER_MINUTE +
    second * MS_PER_SECOND +
    Math.floor(fraction / 10_000) -
    offset * MS_PER_MINUTE;
  return withinRange({ ms, subTicks: fraction % 10_000, hasZone: p.offsetMinutes !== undefined });
}

export function withinRange(value: DateValue): DateValue | null {
  return value.ms >= MIN_MS && value.ms <= MAX_MS ? value : null;
}

export function toParts(value: DateValue): DateParts {
  const days = Math.floor(value.ms / MS_PER_DAY);
  const inDay = value.ms - days * MS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / MS_PER_HOUR),
    minute: Math.floor((inDay % MS_PER_HOUR) / MS_PER_MINUTE),
    second: Math.floor((inDay % MS_PER_MINUTE) / MS_PER_SECOND),
    millisecond: inDay % MS_PER_SECOND,
    subTicks: value.subTicks,
    dayOfWeek: (((days + 4) % 7) + 7) % 7,
  };
}

/** From a JS Date (the context's `now`). */
export function fromJsDate(date: Date): DateValue | null {
  const ms = date.getTime();
  return Number.isFinite(ms) ? withinRange({ ms, subTicks: 0, hasZone: true }) : null;
}
