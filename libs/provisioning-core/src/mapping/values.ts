/** Converting expression values to target attribute types, comparing them, and showing them in logs. */
import type { AttributeDefinition } from '../schema/model';
import type { ExpressionValue } from '../expressions';
import { MappingError } from './errors';
import type { JsonValue } from './types';

/** null, undefined, "" and [] carry no value (they are never exported). */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function toBoolean(value: JsonValue): JsonValue {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return value;
}

function toInteger(value: JsonValue): JsonValue {
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}

function toText(value: JsonValue): JsonValue {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return value;
}

function convertScalar(value: JsonValue, def: AttributeDefinition): JsonValue {
  switch (def.type) {
    case 'Boolean':
      return toBoolean(value);
    case 'Integer':
      return toInteger(value);
    default:
      return toText(value);
  }
}

/**
 * The value to export for a target attribute: Boolean targets get real booleans ("True"/"False" strings
 * converted), Integer targets numbers, others strings. A multi-valued value for a single-valued target is
 * unwrapped when it has one item, else it is an error (SchemaPropertyCanOnlyAcceptValue). Empty → null.
 */
export function toTargetValue(value: ExpressionValue | undefined, def: AttributeDefinition): JsonValue {
  if (value === undefined || isEmptyValue(value)) return null;
  if (Array.isArray(value)) {
    const items = value.filter((v) => !isEmptyValue(v));
    if (def.multivalued) return items.length === 0 ? null : items.map((v) => convertScalar(v, def));
    if (items.length === 0) return null;
    if (items.length > 1) {
      throw new MappingError(
        'SchemaPropertyCanOnlyAcceptValue',
        `Target attribute ${def.name} is single-valued but the source has ${items.length} values`,
        [def.name],
      );
    }
    return convertScalar(items[0], def);
  }
  return convertScalar(value, def);
}

function normalizeForCompare(value: unknown, def: AttributeDefinition): unknown {
  if (def.type === 'Boolean' && typeof value === 'string') return toBoolean(value);
  if (def.type === 'Integer' && typeof value === 'string') return toInteger(value);
  return value;
}

function sameScalar(a: unknown, b: unknown, caseExact: boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string') return caseExact ? a === b : a === b || a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return sameStructure(a, b, caseExact);
  return a === b;
}

function sameStructure(a: object, b: object, caseExact: boolean): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameScalar(x, b[i], caseExact));
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const bb = b as Record<string, unknown>;
  const aa = a as Record<string, unknown>;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bb, k) && sameScalar(aa[k], bb[k], caseExact));
}

/**
 * Change detection (reference §9.5): case-insensitive unless the target definition is caseExact; booleans
 * compared as booleans ("False" equals false); multi-valued values compared as unordered sets.
 */
export function sameTargetValue(desired: JsonValue, current: unknown, def: AttributeDefinition): boolean {
  if (isEmptyValue(current)) return isEmptyValue(desired);
  const a = normalizeForCompare(desired, def);
  const b = Array.isArray(current) ? current.map((v) => normalizeForCompare(v, def)) : normalizeForCompare(current, def);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((x) => b.some((y) => sameScalar(x, y, def.caseExact)));
  }
  return sameScalar(a, b, def.caseExact);
}

/** Log text of a value: strings as-is, booleans "True"/"False", numbers as text, structures as JSON. */
export function displayValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Default-shape wire form: booleans as "True"/"False" strings (reference §4.5). */
export function toDefaultWire(value: JsonValue): JsonValue {
  return typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
}
