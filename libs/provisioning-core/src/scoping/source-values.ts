/**
 * How a source attribute value looks to a scoping clause. Source objects are flat records of
 * string | boolean | number | string[] | null (see SourceObject in ../schema/model).
 */

/** A source value reduced to what the operators can compare. */
export type ScopeValue =
  | { kind: 'empty' }
  | { kind: 'multi' }
  | { kind: 'unsupported' }
  | { kind: 'scalar'; text: string; raw: string | number | boolean | bigint };

const EMPTY: ScopeValue = { kind: 'empty' };
const MULTI: ScopeValue = { kind: 'multi' };
const UNSUPPORTED: ScopeValue = { kind: 'unsupported' };

/**
 * Classifies a raw source value: null, undefined and "" are empty; arrays are multi-valued (not supported);
 * strings, finite numbers, booleans and bigints are scalars with a text form (.NET-like: booleans render
 * "True"/"False"); anything else (objects, NaN, functions) is unsupported.
 */
export function toScopeValue(raw: unknown): ScopeValue {
  if (raw === null || raw === undefined || raw === '') return EMPTY;
  if (Array.isArray(raw)) return MULTI;
  switch (typeof raw) {
    case 'string':
      return { kind: 'scalar', text: raw, raw };
    case 'boolean':
      return { kind: 'scalar', text: raw ? 'True' : 'False', raw };
    case 'bigint':
      return { kind: 'scalar', text: raw.toString(), raw };
    case 'number':
      return Number.isFinite(raw) ? { kind: 'scalar', text: String(raw), raw } : UNSUPPORTED;
    default:
      return UNSUPPORTED;
  }
}

/** Reads an own property only, so names like "constructor" or "__proto__" never reach the prototype. */
export function readAttribute(source: unknown, name: string): unknown {
  if (typeof source !== 'object' || source === null) return undefined;
  return Object.hasOwn(source, name) ? (source as Record<string, unknown>)[name] : undefined;
}

const INTEGER_TEXT = /^[+-]?[0-9]+$/;

/**
 * Parses an integer the way the scoping doc asks for ("both must be integers"): optional sign, decimal digits,
 * surrounding whitespace ignored. Exact at any size (bigint). Returns undefined for anything else.
 */
export function parseInteger(value: string | number | boolean | bigint): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return INTEGER_TEXT.test(trimmed) ? BigInt(trimmed) : undefined;
}

/** true/false, or a string "True"/"False" in any case (like .NET Boolean.TryParse); undefined otherwise. */
export function parseBoolean(value: string | number | boolean | bigint): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lowered = value.trim().toLowerCase();
  if (lowered === 'true') return true;
  if (lowered === 'false') return false;
  return undefined;
}
