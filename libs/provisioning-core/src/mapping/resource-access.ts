/**
 * Reading and writing values at target paths inside SCIM resources. Attribute names are matched
 * case-insensitively (SCIM names are case-insensitive); own properties only (prototype-safe).
 */
import type { ElementFilterClause, TargetPath } from './target-path';
import type { JsonValue, ScimResource } from './types';

type Bag = { [key: string]: unknown };

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own key equal to `name` ignoring case (exact spelling tried first). */
export function findKey(obj: Bag, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return key;
  return undefined;
}

export function getCI(obj: Bag, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

function sameFilterValue(actual: unknown, expected: string): boolean {
  if (typeof actual === 'boolean') return String(actual).toLowerCase() === expected.toLowerCase();
  return typeof actual === 'string' && actual.toLowerCase() === expected.toLowerCase();
}

function matchesFilter(element: unknown, filter: readonly ElementFilterClause[]): element is Bag {
  return isBag(element) && filter.every((c) => sameFilterValue(getCI(element, c.attribute), c.value));
}

function container(resource: ScimResource, path: TargetPath): Bag | undefined {
  if (path.schemaUrn === null) return resource;
  const ext = getCI(resource, path.schemaUrn);
  return isBag(ext) ? ext : undefined;
}

/** The current value at `path` (undefined when absent). */
export function readAtPath(resource: ScimResource, path: TargetPath): unknown {
  const bag = container(resource, path);
  if (bag === undefined) return undefined;
  const top = getCI(bag, path.attribute);
  if (path.filter !== null) {
    if (!Array.isArray(top)) return undefined;
    const element = top.find((e) => matchesFilter(e, path.filter ?? []));
    if (element === undefined) return undefined;
    return path.subAttribute === null ? element : getCI(element, path.subAttribute);
  }
  if (path.subAttribute === null) return top;
  return isBag(top) ? getCI(top, path.subAttribute) : undefined;
}

function ensureBag(parent: Bag, name: string): Bag {
  const existing = parent[name];
  if (isBag(existing)) return existing;
  const created: Bag = {};
  parent[name] = created;
  return created;
}

function seedValue(attribute: string, value: string): JsonValue {
  if (attribute.toLowerCase() === 'primary') return value.toLowerCase() === 'true';
  return value;
}

/**
 * Writes `value` at `path` into a resource under construction (POST body). Filtered paths find or create the
 * element seeded from the filter's `eq` clauses; a created `emails` element of type work is marked primary.
 */
export function writeAtPath(resource: ScimResource, path: TargetPath, value: JsonValue): void {
  const bag = path.schemaUrn === null ? resource : ensureBag(resource, path.schemaUrn);
  if (path.filter !== null) {
    const filter = path.filter;
    const existing = bag[path.attribute];
    const list: unknown[] = Array.isArray(existing) ? existing : [];
    bag[path.attribute] = list;
    let element = list.find((e) => matchesFilter(e, filter));
    if (element === undefined) {
      const seeded: Bag = {};
      for (const clause of filter) seeded[clause.attribute] = seedValue(clause.attribute, clause.value);
      if (path.attribute === 'emails' && filter.some((c) => c.attribute === 'type' && c.value === 'work')) seeded.primary = true;
      list.push(seeded);
      element = seeded;
    }
    if (path.subAttribute !== null && isBag(element)) element[path.subAttribute] = value;
    return;
  }
  if (path.subAttribute === null) {
    bag[path.attribute] = value;
    return;
  }
  ensureBag(bag, path.attribute)[path.subAttribute] = value;
}
