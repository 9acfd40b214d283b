import { ScimError } from './errors';
import { FilterNode } from './filter-ast';
import { matchesElement } from './filter-eval';
import { asArray, resolveRelative } from './filter-scope';
import { deepEqual, getOwn, isEmpty, isObject, JsonObject, setOwn } from './json';
import { parsePatchPath } from './path';
import { AttributeDef, findSubAttribute, ResolvedAttribute, ResourceSchema, ScimResource } from './schema';
import { coerceAttributeValue, coerceElement, equalityKey } from './values';

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value: unknown;
  index: number;
}

const isReadOnly = (attr: ResolvedAttribute): boolean => attr.def.mutability === 'readOnly' || attr.parent?.mutability === 'readOnly';

/** Applies single PATCH operations to a working copy (mutated in place). Internal. */
export class Patcher {
  constructor(
    private readonly resource: ScimResource,
    private readonly schema: ResourceSchema,
  ) {}

  apply(operation: PatchOperation): void {
    if (operation.path === undefined) return this.applyPathless(operation);
    const path = parsePatchPath(operation.path, this.schema);
    if (path.extension) return this.applyExtension(operation, path.extension, operation.value);
    const attr = path.attribute;
    if (!attr) return; // attributes this app does not have are ignored
    if (isReadOnly(attr) || path.subAttribute?.def.mutability === 'readOnly') {
      throw new ScimError(400, 'mutability', `Attribute '${(path.subAttribute ?? attr).canonicalPath}' is readOnly`);
    }
    if (path.filter) return this.applyFiltered(operation, attr, path.filter, path.subAttribute);
    this.applyAttribute(operation.op, attr, operation.value);
  }

  /** No path: the value is an object of attribute → value (plain, dotted, URN-qualified, or extension URN → object). */
  private applyPathless(operation: PatchOperation): void {
    if (operation.op === 'remove') throw new ScimError(400, 'noTarget', `Operations[${operation.index}]: remove requires a path`);
    const value = operation.value;
    if (!isObject(value))
      throw new ScimError(400, 'invalidValue', `Operations[${operation.index}]: without a path the value must be an object of attributes`);
    for (const key of Object.keys(value)) {
      if (key.toLowerCase() === 'schemas') continue;
      const extension = this.schema.extensionScope(key);
      if (extension) {
        this.applyExtension(operation, extension.urn, getOwn(value, key));
        continue;
      }
      const attr = this.schema.resolve(key);
      // Unknown attributes are ignored; readOnly ones too (as in a PUT body, RFC 7644 §3.5.1).
      if (attr && !isReadOnly(attr)) this.applyAttribute(operation.op, attr, getOwn(value, key));
    }
  }

  /** The whole extension object: its keys are attribute names of that extension. */
  private applyExtension(operation: PatchOperation, urn: string, value: unknown): void {
    if (operation.op === 'remove' || (operation.op === 'replace' && value === null)) {
      delete this.resource[urn];
      return;
    }
    if (value === null) return;
    if (!isObject(value)) throw new ScimError(400, 'invalidValue', `'${urn}' must be an object of extension attributes`);
    for (const key of Object.keys(value)) {
      const attr = this.schema.resolve(`${urn}:${key}`);
      if (attr && attr.schemaUrn === urn && !isReadOnly(attr)) this.applyAttribute(operation.op, attr, getOwn(value, key));
    }
  }

  /** The object holding `attr`: the resource or its extension object (created on demand). */
  private holder(attr: ResolvedAttribute, create: boolean): JsonObject | undefined {
    if (attr.schemaUrn === this.schema.core.id) return this.resource;
    const current = getOwn(this.resource, attr.schemaUrn);
    if (isObject(current)) return current;
    if (!create) return undefined;
    const created: JsonObject = {};
    setOwn(this.resource, attr.schemaUrn, created);
    return created;
  }

  private applyAttribute(op: PatchOperation['op'], attr: ResolvedAttribute, value: unknown): void {
    if (op === 'remove') return this.remove(attr, value);
    if (attr.parent) return this.setSubAttribute(attr, value);
    const { def } = attr;
    const coerced = coerceAttributeValue(def, value, attr.canonicalPath);
    const holder = this.holder(attr, coerced !== undefined);
    if (!holder) return;
    if (coerced === undefined) {
      // null / [] means unassigned (RFC 7644 §3.5.2.3); an add of nothing changes nothing.
      if (op === 'replace') delete holder[def.name];
      return;
    }
    const current = getOwn(holder, def.name);
    if (def.multiValued) {
      const items = coerced as unknown[];
      const next = op === 'replace' ? items : appendUnique(def, asArray(current), items);
      setOwn(holder, def.name, singlePrimary(next, items));
    } else if (def.type === 'complex' && isObject(value) && isObject(current)) {
      // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes not given are left unchanged.
      setOwn(holder, def.name, { ...current, ...(coerced as JsonObject) });
    } else {
      // Includes a bare value for a complex attribute (manager: "<id>"), which replaces it whole.
      setOwn(holder, def.name, coerced);
    }
  }

  /** 'name.givenName' / 'emails.value' (no filter): set on the single value or on every element. */
  private setSubAttribute(attr: ResolvedAttribute, value: unknown): void {
    const parent = attr.parent as AttributeDef;
    const coerced = coerceAttributeValue(attr.def, value, attr.canonicalPath);
    const holder = this.holder(attr, coerced !== undefined);
    if (!holder) return;
    const elements = asArray(getOwn(holder, parent.name));
    const targets = elements.length > 0 ? elements : [{}];
    const next = targets.map((e) => (isObject(e) ? withSub(e, attr.def.name, coerced) : e));
    writeBack(holder, parent, next);
  }

  private remove(attr: ResolvedAttribute, value: unknown): void {
    const holder = this.holder(attr, false);
    if (!holder) return;
    if (attr.parent) {
      const next = asArray(getOwn(holder, attr.parent.name)).map((e) => (isObject(e) ? withSub(e, attr.def.name, undefined) : e));
      writeBack(holder, attr.parent, next);
      return;
    }
    const { def } = attr;
    if (def.multiValued && value !== undefined && value !== null) {
      // Entra: {"op":"Remove","path":"members","value":[{"value":"<id>"}]} removes just those values.
      const targets = new ElementIndex(def, asArray(coerceAttributeValue(def, value, attr.canonicalPath)));
      const kept = asArray(getOwn(holder, def.name)).filter((e) => !targets.has(e));
      writeBack(holder, def, kept);
      return;
    }
    delete holder[def.name];
  }

  /** `emails[type eq "work"]` and `emails[type eq "work"].value` */
  private applyFiltered(operation: PatchOperation, attr: ResolvedAttribute, filter: FilterNode, sub: ResolvedAttribute | undefined): void {
    const { def } = attr;
    const holder = this.holder(attr, operation.op !== 'remove');
    if (!holder) return;
    const elements = asArray(getOwn(holder, def.name));
    const matched = elements.map((e) => isObject(e) && matchesElement(filter, e, attr, this.schema));

    if (operation.op === 'remove') {
      const next = sub
        ? elements.map((e, i) => (matched[i] && isObject(e) ? withSub(e, sub.def.name, undefined) : e))
        : elements.filter((_, i) => !matched[i]);
      writeBack(holder, def, next);
      return;
    }

    const coerced = sub
      ? coerceAttributeValue(sub.def, operation.value, sub.canonicalPath)
      : coerceElement(def, operation.value, attr.canonicalPath);
    const touched: unknown[] = [];
    let next: unknown[];
    if (matched.some(Boolean)) {
      next = elements.map((e, i) => {
        if (!matched[i] || !isObject(e)) return e;
        const updated = sub ? withSub(e, sub.def.name, coerced) : { ...e, ...(isObject(coerced) ? coerced : {}) };
        touched.push(updated);
        return updated;
      });
    } else {
      // Entra relies on this: a filter of eq clauses that matches nothing creates the element.
      const seed = def.multiValued || elements.length === 0 ? equalitySeed(filter, attr, this.schema) : undefined;
      if (!seed) {
        throw new ScimError(
          400,
          'noTarget',
          `Operations[${operation.index}]: no value of '${attr.canonicalPath}' matches the filter in path '${operation.path ?? ''}'`,
        );
      }
      if (coerced === undefined) return;
      const created = sub ? withSub(seed, sub.def.name, coerced) : { ...seed, ...(isObject(coerced) ? coerced : {}) };
      touched.push(created);
      next = [...elements, created];
    }
    writeBack(holder, def, singlePrimary(next, touched));
  }
}

/** Copy of `element` with `name` set, or removed when `value` is undefined. */
function withSub(element: JsonObject, name: string, value: unknown): JsonObject {
  const copy: JsonObject = { ...element };
  if (value === undefined) delete copy[name];
  else setOwn(copy, name, value);
  return copy;
}

/** Stores elements back (array for multi-valued, the single object otherwise); empty → attribute removed. */
function writeBack(holder: JsonObject, def: AttributeDef, elements: unknown[]): void {
  const kept = elements.filter((e) => !isEmpty(e));
  if (kept.length === 0) delete holder[def.name];
  else setOwn(holder, def.name, def.multiValued ? kept : kept[0]);
}

/** The element {sub: literal, ...} described by a filter made only of `eq` clauses joined by `and`; else undefined. */
function equalitySeed(filter: FilterNode, parent: ResolvedAttribute, schema: ResourceSchema): JsonObject | undefined {
  const clauses: FilterNode[] = [];
  const collect = (node: FilterNode): void => {
    if (node.kind === 'and') node.filters.forEach(collect);
    else clauses.push(node);
  };
  collect(filter);
  const seed: JsonObject = {};
  for (const clause of clauses) {
    if (clause.kind !== 'compare' || clause.op !== 'eq' || clause.value === null || clause.elementFilter) return undefined;
    const attr = resolveRelative(schema, parent, clause.attribute);
    if (!attr) return undefined;
    const value = coerceAttributeValue(attr.def, clause.value, attr.canonicalPath);
    if (value !== undefined) setOwn(seed, attr.def.name, value);
  }
  return seed;
}

/**
 * Whether two values of a multi-valued attribute are "the same value" (RFC 7644 §3.5.2.1: adding
 * an existing value changes nothing). Complex values are the same when their `value`
 * sub-attributes are equal and their `type`s do not differ.
 */
export function sameElement(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (def.type !== 'complex') return equalityKey(def, a) === equalityKey(def, b);
  if (!isObject(a) || !isObject(b)) return false;
  const valueDef = findSubAttribute(def, 'value');
  const av = getOwn(a, 'value');
  const bv = getOwn(b, 'value');
  if (!valueDef || av === undefined || bv === undefined) return false;
  if (equalityKey(valueDef, av) !== equalityKey(valueDef, bv)) return false;
  const typeDef = findSubAttribute(def, 'type');
  const at = getOwn(a, 'type');
  const bt = getOwn(b, 'type');
  return !typeDef || at === undefined || bt === undefined || equalityKey(typeDef, at) === equalityKey(typeDef, bt);
}

/**
 * The values of a multi-valued attribute, indexed by their (case-folded) `value`, so that adding
 * or removing m values among n is O(n + m) rather than O(n·m) — groups can be large.
 */
class ElementIndex {
  private readonly byKey = new Map<string, unknown[]>();
  private readonly unkeyed: unknown[] = [];

  constructor(
    private readonly def: AttributeDef,
    elements: unknown[] = [],
  ) {
    elements.forEach((e) => this.add(e));
  }

  add(element: unknown): void {
    const key = this.key(element);
    if (key === undefined) {
      this.unkeyed.push(element);
      return;
    }
    const bucket = this.byKey.get(key);
    if (bucket) bucket.push(element);
    else this.byKey.set(key, [element]);
  }

  /** Whether `element` is the same value as one in the index (sameElement or deep-equal). */
  has(element: unknown): boolean {
    const key = this.key(element);
    const candidates =
      key === undefined ? [...this.unkeyed, ...[...this.byKey.values()].flat()] : [...(this.byKey.get(key) ?? []), ...this.unkeyed];
    return candidates.some((c) => sameElement(this.def, c, element) || deepEqual(c, element));
  }

  private key(element: unknown): string | undefined {
    if (this.def.type !== 'complex') return `${typeof element}:${String(equalityKey(this.def, element))}`;
    if (!isObject(element)) return undefined;
    const value = getOwn(element, 'value');
    const valueDef = findSubAttribute(this.def, 'value');
    return value === undefined || !valueDef ? undefined : `${typeof value}:${String(equalityKey(valueDef, value))}`;
  }
}

function appendUnique(def: AttributeDef, current: unknown[], items: unknown[]): unknown[] {
  const out = [...current];
  const index = new ElementIndex(def, current);
  for (const item of items) {
    if (index.has(item)) continue;
    out.push(item);
    index.add(item);
  }
  return out;
}

/** RFC 7643 §2.4: at most one `primary: true`; the most recently written value keeps it. */
function singlePrimary(elements: unknown[], touched: unknown[]): unknown[] {
  const primaries = elements.filter((e) => isObject(e) && e.primary === true);
  if (primaries.length <= 1) return elements;
  const keep = [...touched].reverse().find((e) => primaries.includes(e)) ?? primaries[primaries.length - 1];
  return elements.map((e) => (isObject(e) && e !== keep && e.primary === true ? { ...e, primary: false } : e));
}
