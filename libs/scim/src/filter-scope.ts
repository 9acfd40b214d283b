import { FilterNode } from './filter-ast';
import { getOwn, isObject, JsonObject } from './json';
import { AttributeDef, ResolvedAttribute, ResourceSchema, ScimResource } from './schema';

/**
 * Where filter attribute names are resolved and read: the resource itself, or (inside a value
 * path's brackets) one element of a complex attribute, where names are relative.
 */
export interface FilterScope {
  resolve(name: string): ResolvedAttribute | undefined;
  /** Values of a resolved attribute, flattened; elementFilter narrows the parent's elements. */
  values(attr: ResolvedAttribute, elementFilter: FilterNode | undefined, matches: ElementMatcher): unknown[];
}

export type ElementMatcher = (filter: FilterNode, element: JsonObject, parent: ResolvedAttribute) => boolean;

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The object holding the attributes of `schemaUrn`: the resource or its extension object. */
export function container(resource: ScimResource, schema: ResourceSchema, schemaUrn: string): JsonObject | undefined {
  if (schemaUrn === schema.core.id) return resource;
  const ext = getOwn(resource, schemaUrn);
  return isObject(ext) ? ext : undefined;
}

/** The ResolvedAttribute of the parent of a sub-attribute. */
export function parentOf(schema: ResourceSchema, attr: ResolvedAttribute): ResolvedAttribute | undefined {
  if (!attr.parent) return undefined;
  return schema.resolve(attr.canonicalPath.slice(0, attr.canonicalPath.lastIndexOf('.')));
}

export function resourceScope(resource: ScimResource, schema: ResourceSchema): FilterScope {
  return {
    resolve: (name) => schema.resolve(name),
    values(attr, elementFilter, matches) {
      const holder = container(resource, schema, attr.schemaUrn);
      if (!holder) return [];
      if (!attr.parent) return elementFilter ? [] : asArray(getOwn(holder, attr.def.name));
      const parent = parentOf(schema, attr);
      let elements = asArray(getOwn(holder, attr.parent.name)).filter(isObject);
      if (elementFilter && parent) elements = elements.filter((e) => matches(elementFilter, e, parent));
      return elements.flatMap((e) => asArray(getOwn(e, attr.def.name)));
    },
  };
}

export function elementScope(element: JsonObject, parent: ResolvedAttribute, schema: ResourceSchema): FilterScope {
  return {
    resolve: (name) => resolveRelative(schema, parent, name),
    values: (attr) => asArray(getOwn(element, attr.def.name)),
  };
}

/** A sub-attribute name relative to `parent` ('type' in emails[type eq "work"]). */
export function resolveRelative(schema: ResourceSchema, parent: ResolvedAttribute, name: string): ResolvedAttribute | undefined {
  if (/[.:]/.test(name)) return undefined;
  return schema.resolve(`${parent.canonicalPath}.${name}`);
}

/** For comparisons a complex attribute stands for its `value` sub-attribute (members eq "id"). */
export function comparableDef(def: AttributeDef): AttributeDef | undefined {
  if (def.type !== 'complex') return def;
  return def.subAttributes?.find((s) => s.name === 'value');
}
