import { CompareNode, CompareOp, FilterNode, FilterValue } from './filter-ast';
import { asArray, comparableDef, elementScope, FilterScope, resourceScope } from './filter-scope';
import { getOwn, isEmpty, isObject, JsonObject } from './json';
import { AttributeDef, ResolvedAttribute, ResourceSchema, ScimResource } from './schema';
import { parseBooleanLike } from './values';

/** Evaluates a parsed filter against one stored resource. Unknown attributes count as absent. Never throws. */
export function evaluateFilter(node: FilterNode, resource: ScimResource, schema: ResourceSchema): boolean {
  return new Evaluator(schema).test(node, resourceScope(resource, schema));
}

/** Whether one element of a complex attribute matches a value-path filter (relative names). */
export function matchesElement(filter: FilterNode, element: JsonObject, parent: ResolvedAttribute, schema: ResourceSchema): boolean {
  return new Evaluator(schema).test(filter, elementScope(element, parent, schema));
}

class Evaluator {
  constructor(private readonly schema: ResourceSchema) {}

  private readonly matchElement = (filter: FilterNode, element: JsonObject, parent: ResolvedAttribute): boolean =>
    this.test(filter, elementScope(element, parent, this.schema));

  test(node: FilterNode, scope: FilterScope): boolean {
    switch (node.kind) {
      case 'and':
        return node.filters.every((f) => this.test(f, scope));
      case 'or':
        return node.filters.some((f) => this.test(f, scope));
      case 'not':
        return !this.test(node.filter, scope);
      case 'present': {
        const attr = scope.resolve(node.attribute);
        if (!attr) return false;
        return scope.values(attr, node.elementFilter, this.matchElement).some((v) => v !== '' && !isEmpty(v));
      }
      case 'compare':
        return this.compare(node, scope);
      case 'valuePath': {
        const attr = scope.resolve(node.attribute);
        if (!attr || attr.def.type !== 'complex' || attr.parent) return false;
        return scope
          .values(attr, undefined, this.matchElement)
          .filter(isObject)
          .some((element) => this.matchElement(node.filter, element, attr));
      }
    }
  }

  private compare(node: CompareNode, scope: FilterScope): boolean {
    const attr = scope.resolve(node.attribute);
    let values = attr ? scope.values(attr, node.elementFilter, this.matchElement) : [];
    let def: AttributeDef | undefined = attr?.def;
    if (def && def.type === 'complex') {
      def = comparableDef(def);
      values = def ? values.filter(isObject).flatMap((v) => asArray(getOwn(v, 'value'))) : [];
    }
    values = values.filter((v) => v !== null && v !== undefined);
    if (node.value === null) {
      if (node.op === 'eq') return values.length === 0;
      if (node.op === 'ne') return values.length > 0;
      return false;
    }
    if (node.op === 'ne') return values.length === 0 || values.some((v) => !def || !matches('eq', def, v, node.value));
    return def !== undefined && values.some((v) => matches(node.op, def, v, node.value));
  }
}

function matches(op: CompareOp, def: AttributeDef, actual: unknown, literal: FilterValue): boolean {
  switch (def.type) {
    case 'boolean': {
      const a = parseBooleanLike(actual);
      const l = parseBooleanLike(literal);
      return op === 'eq' && a !== undefined && a === l;
    }
    case 'integer':
    case 'decimal':
      return typeof actual === 'number' && typeof literal === 'number' && order(op, actual, literal);
    case 'dateTime': {
      if (typeof actual !== 'string' || typeof literal !== 'string') return false;
      const a = Date.parse(actual);
      const l = Date.parse(literal);
      if (isOrderOp(op) && !Number.isNaN(a) && !Number.isNaN(l)) return order(op, a, l);
      return stringMatch(op, actual, literal);
    }
    case 'complex':
      return false;
    default: {
      if (typeof actual !== 'string' || typeof literal !== 'string') return false;
      return def.caseExact ? stringMatch(op, actual, literal) : stringMatch(op, actual.toLowerCase(), literal.toLowerCase());
    }
  }
}

function isOrderOp(op: CompareOp): boolean {
  return op === 'eq' || op === 'ne' || op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
}

function order<T extends number | string>(op: CompareOp, a: T, b: T): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}

function stringMatch(op: CompareOp, a: string, b: string): boolean {
  switch (op) {
    case 'co':
      return a.includes(b);
    case 'sw':
      return a.startsWith(b);
    case 'ew':
      return a.endsWith(b);
    default:
      return order(op, a, b);
  }
}
