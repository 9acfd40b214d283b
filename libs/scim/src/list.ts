import { SCIM_SCHEMAS, ScimError } from './errors';
import { ScimResource } from './schema';

export interface ListResponse {
  schemas: [string];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: ScimResource[];
}

/** RFC 7644 §3.4.2 ListResponse; itemsPerPage is the number of resources on this page. */
export function listResponse(resources: ScimResource[], totalResults: number, startIndex: number): ListResponse {
  return { schemas: [SCIM_SCHEMAS.listResponse], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

function parseInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text === null) return undefined;
  const trimmed = String(text).trim();
  if (trimmed === '') return undefined;
  if (!/^[+-]?\d+$/.test(trimmed)) throw new ScimError(400, 'invalidValue', `Query parameter '${name}' must be an integer, got '${text}'`);
  const n = Number(trimmed);
  return Math.min(Math.max(n, -Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
}

/**
 * RFC 7644 §3.4.2.4: startIndex < 1 → 1; count < 0 → 0; count > maxCount → maxCount;
 * default count = defaultCount (also capped); non-integer text → ScimError(400,'invalidValue').
 */
export function parsePaging(
  startIndex: string | undefined,
  count: string | undefined,
  opts: { defaultCount: number; maxCount: number },
): { startIndex: number; count: number } {
  const start = parseInteger('startIndex', startIndex) ?? 1;
  const requested = parseInteger('count', count) ?? opts.defaultCount;
  return { startIndex: Math.max(1, start), count: Math.min(Math.max(0, requested), opts.maxCount) };
}
