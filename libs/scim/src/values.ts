import { ScimError } from './errors';
import { getOwn, isObject, JsonObject, setOwn } from './json';
import { AttributeDef, findSubAttribute } from './schema';

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/i;

/** xsd:dateTime as used by SCIM (RFC 7643 §2.3.5). */
export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/** Entra sends booleans as "True"/"False" strings; accept any case. */
export function parseBooleanLike(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/**
 * Key under which two values of an attribute compare equal (e.g. for a uniqueness index):
 * strings are lower-cased when the attribute is not caseExact; other values pass through.
 */
export function equalityKey(def: AttributeDef, value: unknown): unknown {
  if (typeof value === 'string' && !def.caseExact && def.type !== 'dateTime') return value.toLowerCase();
  return value;
}

function invalid(path: string, expected: string, value: unknown): ScimError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new ScimError(400, 'invalidValue', `Attribute '${path}' expects ${expected}, got ${got}`);
}

/**
 * Checks and converts an incoming value for `def`. Returns undefined for "unassigned" (null,
 * empty array, complex value without known sub-attributes). Strings are kept exactly as sent.
 * Unknown and readOnly sub-attributes are dropped.
 */
export function coerceAttributeValue(def: AttributeDef, raw: unknown, path: string): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (def.multiValued) {
    const items = (Array.isArray(raw) ? raw : [raw]).map((item) => coerceSingle(def, item, path)).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (Array.isArray(raw)) {
    // Older Entra docs send a single-valued complex attribute (manager) as a one-element array.
    if (def.type === 'complex' && raw.length <= 1) return raw.length === 0 ? undefined : coerceSingle(def, raw[0], path);
    throw new ScimError(400, 'invalidValue', `Attribute '${path}' is single-valued, got an array`);
  }
  return coerceSingle(def, raw, path);
}

function coerceSingle(def: AttributeDef, raw: unknown, path: string): unknown {
  if (raw === null || raw === undefined) return undefined;
  switch (def.type) {
    case 'complex':
      return coerceComplex(def, raw, path);
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof raw !== 'string') throw invalid(path, 'a string', raw);
      return raw;
    case 'dateTime':
      if (typeof raw !== 'string' || !isDateTime(raw)) throw invalid(path, 'an xsd:dateTime string', raw);
      return raw;
    case 'boolean': {
      const b = parseBooleanLike(raw);
      if (b === undefined) throw invalid(path, 'a boolean', raw);
      return b;
    }
    case 'integer':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw invalid(path, 'an integer', raw);
      return raw;
    case 'decimal':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw invalid(path, 'a number', raw);
      return raw;
  }
}

function coerceComplex(def: AttributeDef, raw: unknown, path: string): JsonObject | undefined {
  if (!isObject(raw)) {
    // A bare primitive for a complex attribute with a `value` sub-attribute means {value: raw}
    // (Entra sends manager as a bare id string).
    const valueDef = findSubAttribute(def, 'value');
    if (valueDef && !Array.isArray(raw)) {
      const value = coerceSingle(valueDef, raw, `${path}.value`);
      return value === undefined ? undefined : { value };
    }
    throw invalid(path, 'an object', raw);
  }
  const out: JsonObject = {};
  for (const key of Object.keys(raw)) {
    const sub = findSubAttribute(def, key);
    if (!sub || sub.mutability === 'readOnly') continue;
    const value = coerceAttributeValue(sub, getOwn(raw, key), `${path}.${sub.name}`);
    if (value !== undefined) setOwn(out, sub.name, value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Coerces one element of a multi-valued attribute (or the value of a single-valued one). */
export function coerceElement(def: AttributeDef, raw: unknown, path: string): unknown {
  return coerceSingle(def, raw, path);
}
