import { ScimError } from './errors';
import { checkImmutable, checkRequired, keepImmutable, schemasFor } from './integrity';
import { clone, getOwn, isObject, JsonObject, setOwn } from './json';
import { AttributeDef, ResolvedAttribute, ResourceSchema, ScimResource, SchemaScope } from './schema';
import { coerceAttributeValue } from './values';

/**
 * Turns a POST/PUT body into a stored resource: known attributes only, canonical names, values
 * exactly as sent (booleans also from "True"/"False"), nulls dropped, readOnly attributes dropped,
 * `schemas` rebuilt. See the README for the full rules.
 */
export function normalizeResource(
  input: unknown,
  schema: ResourceSchema,
  mode: 'create' | 'replace',
  existing?: ScimResource,
): ScimResource {
  if (!isObject(input)) throw new ScimError(400, 'invalidSyntax', 'Resource body must be a JSON object');
  const out: ScimResource = { schemas: [] };
  for (const key of Object.keys(input)) {
    if (key.toLowerCase() === 'schemas') continue;
    const value = getOwn(input, key);
    const extension = schema.extensionScope(key);
    if (extension) {
      if (value === null || value === undefined) continue;
      if (!isObject(value)) throw new ScimError(400, 'invalidValue', `'${extension.urn}' must be an object of extension attributes`);
      for (const subKey of Object.keys(value)) {
        const attr = schema.resolve(`${extension.urn}:${subKey}`);
        if (attr && attr.schemaUrn === extension.urn) assign(out, schema, attr, getOwn(value, subKey));
      }
      continue;
    }
    const attr = schema.resolve(key);
    if (attr) assign(out, schema, attr, value);
  }
  checkRequired(out, schema);
  if (mode === 'replace' && existing) {
    keepImmutable(out, existing, schema);
    checkImmutable(existing, out, schema);
  }
  out.schemas = schemasFor(out, schema);
  return out;
}

function assign(out: ScimResource, schema: ResourceSchema, attr: ResolvedAttribute, value: unknown): void {
  if (attr.def.mutability === 'readOnly' || attr.parent?.mutability === 'readOnly') return;
  const coerced = coerceAttributeValue(attr.def, value, attr.canonicalPath);
  if (coerced === undefined) return;
  let holder: JsonObject = out;
  if (attr.schemaUrn !== schema.core.id) {
    const current = getOwn(out, attr.schemaUrn);
    holder = isObject(current) ? current : {};
    setOwn(out, attr.schemaUrn, holder);
  }
  if (attr.parent) {
    // dotted key such as "name.givenName" (only meaningful for single-valued complex attributes)
    if (attr.parent.multiValued) return;
    const current = getOwn(holder, attr.parent.name);
    const parentValue: JsonObject = isObject(current) ? current : {};
    setOwn(parentValue, attr.def.name, coerced);
    setOwn(holder, attr.parent.name, parentValue);
    return;
  }
  const current = getOwn(holder, attr.def.name);
  if (attr.def.type === 'complex' && !attr.def.multiValued && isObject(current) && isObject(coerced)) {
    setOwn(holder, attr.def.name, { ...current, ...coerced });
  } else {
    setOwn(holder, attr.def.name, coerced);
  }
}

/** Splits an `attributes` / `excludedAttributes` query parameter; undefined when absent or empty. */
export function parseAttributeList(text: string | undefined): string[] | undefined {
  if (text === undefined || text === null) return undefined;
  const names = String(text)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.length > 0 ? names : undefined;
}

/**
 * The resource without its `returned: "never"` attributes (RFC 7643 §2.4: `password` is never answered): what every
 * answer without `attributes` / `excludedAttributes` must be, at the cost of a few own-key checks instead of a full
 * projection. Expects the stored form (canonical attribute names, extension data under its URN). Returns the
 * resource itself when there is nothing to drop, else a copy (never mutates the input).
 */
export function omitNeverReturned(resource: ScimResource, schema: ResourceSchema): ScimResource {
  let out = resource;
  for (const attr of schema.neverReturned) {
    const inCore = attr.schemaUrn === schema.core.id;
    const holder = inCore ? out : getOwn(out, attr.schemaUrn);
    if (!isObject(holder)) continue;
    const key = attr.parent ? attr.parent.name : attr.def.name;
    if (!Object.prototype.hasOwnProperty.call(holder, key)) continue;
    const copy: JsonObject = { ...holder };
    if (attr.parent) {
      const value = getOwn(holder, key);
      const strip = (element: unknown): unknown => (isObject(element) ? without(element, attr.def.name) : element);
      setOwn(copy, key, Array.isArray(value) ? value.map(strip) : strip(value));
    } else {
      delete copy[key];
    }
    if (inCore) {
      out = copy;
    } else {
      if (out === resource) out = { ...resource };
      setOwn(out, attr.schemaUrn, copy);
    }
  }
  return out;
}

function without(obj: JsonObject, key: string): JsonObject {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) return obj;
  const copy: JsonObject = { ...obj };
  delete copy[key];
  return copy;
}

type Mode = { kind: 'default' } | { kind: 'include'; names: Set<string> } | { kind: 'exclude'; names: Set<string> };

/**
 * RFC 7644 §3.9 attributes / excludedAttributes. returned:'always' attributes (id, userName,
 * schemas, Group displayName) are always included, returned:'never' (password) never,
 * returned:'request' only when asked for. Unknown names are ignored; `attributes` wins when both are given.
 */
export function projectResource(
  resource: ScimResource,
  schema: ResourceSchema,
  opts: { attributes?: string[]; excludedAttributes?: string[] },
): ScimResource {
  const mode: Mode =
    opts.attributes && opts.attributes.length > 0
      ? { kind: 'include', names: resolveNames(opts.attributes, schema) }
      : opts.excludedAttributes && opts.excludedAttributes.length > 0
        ? { kind: 'exclude', names: resolveNames(opts.excludedAttributes, schema) }
        : { kind: 'default' };
  const out: ScimResource = {};
  for (const key of Object.keys(resource)) {
    const value = getOwn(resource, key);
    if (key === 'schemas') {
      setOwn(out, key, clone(value));
      continue;
    }
    const extension = schema.extensionScope(key);
    if (extension) {
      if (!isObject(value)) continue;
      const whole = mode.kind === 'include' && mode.names.has(extension.urn.toLowerCase());
      const projected = projectScope(value, extension, whole ? { kind: 'default' } : mode);
      if (Object.keys(projected).length > 0) setOwn(out, extension.urn, projected);
      continue;
    }
    const def = schema.scopes[0].byName.get(key.toLowerCase());
    if (def) projectAttribute(out, def, value, `${def.name}`, mode);
  }
  return out;
}

function resolveNames(names: string[], schema: ResourceSchema): Set<string> {
  const out = new Set<string>();
  for (const name of names) {
    const trimmed = name.trim();
    const extension = schema.extensionScope(trimmed);
    const path = extension ? extension.urn : schema.resolve(trimmed)?.canonicalPath;
    if (path) out.add(path.toLowerCase());
  }
  return out;
}

function projectScope(holder: JsonObject, scope: SchemaScope, mode: Mode): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(holder)) {
    const def = scope.byName.get(key.toLowerCase());
    if (def) projectAttribute(out, def, getOwn(holder, key), `${scope.urn}:${def.name}`, mode);
  }
  return out;
}

function projectAttribute(out: JsonObject, def: AttributeDef, value: unknown, canonical: string, mode: Mode): void {
  if (def.returned === 'never' || value === undefined || value === null) return;
  const path = canonical.toLowerCase();
  let subFilter: ((sub: AttributeDef) => boolean) | undefined;
  if (def.returned !== 'always') {
    if (mode.kind === 'include') {
      if (!mode.names.has(path)) {
        const requestedSubs = def.subAttributes?.filter((s) => mode.names.has(`${path}.${s.name.toLowerCase()}`)) ?? [];
        if (requestedSubs.length === 0) return;
        subFilter = (s) => requestedSubs.includes(s) || s.returned === 'always';
      }
    } else {
      if (def.returned === 'request') return;
      if (mode.kind === 'exclude') {
        if (mode.names.has(path)) return;
        subFilter = (s) => s.returned === 'always' || !mode.names.has(`${path}.${s.name.toLowerCase()}`);
      }
    }
  }
  const projected = def.type === 'complex' ? projectComplex(def, value, subFilter) : clone(value);
  if (projected !== undefined) setOwn(out, def.name, projected);
}

function projectComplex(def: AttributeDef, value: unknown, keep: ((sub: AttributeDef) => boolean) | undefined): unknown {
  const projectOne = (element: unknown): unknown => {
    if (!isObject(element)) return clone(element);
    const out: JsonObject = {};
    for (const key of Object.keys(element)) {
      const sub = def.subAttributes?.find((s) => s.name.toLowerCase() === key.toLowerCase());
      if (!sub || sub.returned === 'never' || (keep && !keep(sub))) continue;
      setOwn(out, sub.name, clone(getOwn(element, key)));
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  if (Array.isArray(value)) {
    const items = value.map(projectOne).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  return projectOne(value);
}
