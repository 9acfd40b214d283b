import { ODataError } from './errors';

/** `$top`: absent → default; must be an integer 1..max, else a Graph-like 400. */
export function parseTop(text: string | undefined, opts: { default: number; max: number }): number {
  if (text === undefined) return opts.default;
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    throw new ODataError(
      'BadRequest',
      `Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  const value = Number(trimmed);
  if (value < 1 || value > opts.max) {
    throw new ODataError(
      'Request_UnsupportedQuery',
      `Invalid page size specified: '${trimmed}'. Must be between 1 and ${opts.max} inclusive.`,
    );
  }
  return value;
}

/** `$count`: 'true' | 'false' (case-insensitive); absent → false. */
export function parseCount(text: string | undefined): boolean {
  if (text === undefined) return false;
  const value = text.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ODataError('BadRequest', `'${text}' is not a valid count option. Valid values are 'true' and 'false'.`);
}
