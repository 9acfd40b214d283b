/** en-US / invariant month and day names used by .NET date formatting. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function abbreviation(name: string): string {
  return name.slice(0, 3);
}

/** 1-based month number of a full or 3-letter month name (case-insensitive), else 0. */
export function monthFromName(name: string): number {
  const lower = name.toLowerCase();
  const index = MONTH_NAMES.findIndex((m) => m.toLowerCase() === lower || m.slice(0, 3).toLowerCase() === lower);
  return index + 1;
}
