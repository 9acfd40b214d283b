import { ScimError } from './errors';
import { CompareNode, FilterNode, FilterValue } from './filter-ast';
import { comparableDef, parentOf, resolveRelative } from './filter-scope';
import { ResolvedAttribute, ResourceSchema } from './schema';
import { isDateTime, parseBooleanLike } from './values';

type Resolver = (name: string) => ResolvedAttribute | undefined;

function fail(message: string, position: number): never {
  throw new ScimError(400, 'invalidFilter', `Invalid filter: ${message} at position ${position}`);
}

/**
 * Throws ScimError(400,'invalidFilter') if an attribute is unknown to the schema or isFilterable
 * returns false, or an operator/value does not fit the attribute type (e.g. gt on boolean).
 */
export function validateFilter(node: FilterNode, schema: ResourceSchema, isFilterable: (canonicalPath: string) => boolean): void {
  new Validator(schema, isFilterable).check(node, (name) => schema.resolve(name));
}

class Validator {
  constructor(
    private readonly schema: ResourceSchema,
    private readonly isFilterable: (canonicalPath: string) => boolean,
  ) {}

  check(node: FilterNode, resolve: Resolver): void {
    switch (node.kind) {
      case 'and':
      case 'or':
        node.filters.forEach((f) => this.check(f, resolve));
        return;
      case 'not':
        this.check(node.filter, resolve);
        return;
      case 'valuePath': {
        const attr = this.attribute(node.attribute, node.position, resolve);
        if (attr.def.type !== 'complex' || attr.parent) fail(`'${node.attribute}' is not a complex attribute`, node.position);
        this.check(node.filter, this.relative(attr));
        return;
      }
      case 'present':
      case 'compare': {
        const attr = this.attribute(node.attribute, node.position, resolve);
        if (node.elementFilter) {
          const parent = parentOf(this.schema, attr);
          if (!parent) fail(`'${node.attribute}' is not a sub-attribute`, node.position);
          this.check(node.elementFilter, this.relative(parent));
        }
        if (node.kind === 'compare') this.checkComparison(node, attr);
        return;
      }
    }
  }

  private attribute(name: string, position: number, resolve: Resolver): ResolvedAttribute {
    const attr = resolve(name);
    if (!attr) fail(`unknown attribute '${name}'`, position);
    if (!this.isFilterable(attr.canonicalPath)) fail(`attribute '${name}' is not filterable`, position);
    return attr;
  }

  private relative(parent: ResolvedAttribute): Resolver {
    return (name) => resolveRelative(this.schema, parent, name);
  }

  private checkComparison(node: CompareNode, attr: ResolvedAttribute): void {
    const def = comparableDef(attr.def);
    const where = `'${node.attribute}'`;
    if (!def) fail(`complex attribute ${where} cannot be compared; use a sub-attribute`, node.position);
    const { op, value } = node;
    if (value === null) {
      if (op !== 'eq' && op !== 'ne') fail(`operator '${op}' cannot compare with null`, node.position);
      return;
    }
    switch (def.type) {
      case 'boolean':
        if (op !== 'eq' && op !== 'ne') fail(`operator '${op}' is not valid for boolean attribute ${where}`, node.position);
        if (parseBooleanLike(value) === undefined) fail(typeError(where, 'a boolean', value), node.position);
        return;
      case 'integer':
      case 'decimal':
        if (op === 'co' || op === 'sw' || op === 'ew') fail(`operator '${op}' is not valid for numeric attribute ${where}`, node.position);
        if (typeof value !== 'number' || (def.type === 'integer' && !Number.isInteger(value)))
          fail(typeError(where, def.type === 'integer' ? 'an integer' : 'a number', value), node.position);
        return;
      case 'dateTime':
        if (op === 'co' || op === 'sw' || op === 'ew') fail(`operator '${op}' is not valid for dateTime attribute ${where}`, node.position);
        if (typeof value !== 'string' || !isDateTime(value)) fail(typeError(where, 'an xsd:dateTime string', value), node.position);
        return;
      case 'binary':
        if (op !== 'eq' && op !== 'ne') fail(`operator '${op}' is not valid for binary attribute ${where}`, node.position);
        if (typeof value !== 'string') fail(typeError(where, 'a string', value), node.position);
        return;
      default:
        if (typeof value !== 'string') fail(typeError(where, 'a string', value), node.position);
    }
  }
}

function typeError(where: string, expected: string, value: FilterValue): string {
  return `${where} needs ${expected}, got ${JSON.stringify(value)}`;
}

/**
 * For index pushdown: the `attr eq <value>` clauses on simple (non-value-path) single-valued
 * attributes that are joined to the root by AND only. Canonical paths; boolean values coerced
 * from "True"/"False". [] if none.
 */
export function conjunctiveEqualities(
  node: FilterNode,
  schema: ResourceSchema,
): { path: string; value: string | number | boolean | null }[] {
  if (node.kind === 'and') return node.filters.flatMap((f) => conjunctiveEqualities(f, schema));
  if (node.kind !== 'compare' || node.op !== 'eq' || node.elementFilter) return [];
  const attr = schema.resolve(node.attribute);
  if (!attr || attr.def.multiValued || attr.def.type === 'complex' || attr.parent?.multiValued) return [];
  const value = attr.def.type === 'boolean' && node.value !== null ? parseBooleanLike(node.value) : node.value;
  return value === undefined ? [] : [{ path: attr.canonicalPath, value }];
}

/** Validates a value-path filter whose names are relative to `parent` (PATCH paths). */
export function validateElementFilter(node: FilterNode, schema: ResourceSchema, parent: ResolvedAttribute): void {
  new Validator(schema, () => true).check(node, (name) => resolveRelative(schema, parent, name));
}
