import { FilterNode, LeafNode, Literal } from './filter-ast';
import { PropertyMap, isCaseInsensitive } from './property-map';
import { ScalarType, validateFilter } from './filter-validate';

type Comparable = string | number | boolean;

interface EvalTarget {
  readonly type: ScalarType;
  readonly caseInsensitive: boolean;
}

/**
 * In-memory evaluation with the same semantics as filterToSql (see README "Semantics"):
 * comparisons with a null/absent value are false except `ne` (true) and `eq null`;
 * strings compare case-insensitively when the property says so, ordered by code point.
 */
export function evaluateFilter(node: FilterNode, object: Readonly<Record<string, unknown>>, props: PropertyMap): boolean {
  return filterPredicate(node, props)(object);
}

/** Validates once and returns a predicate, for filtering many objects. */
export function filterPredicate(node: FilterNode, props: PropertyMap): (object: Readonly<Record<string, unknown>>) => boolean {
  const canonical = validateFilter(node, props, 'Resource');
  return (object) => evalNode(canonical, object, props, undefined);
}

interface Element {
  readonly value: unknown;
  readonly target: EvalTarget;
}

function evalNode(node: FilterNode, object: Readonly<Record<string, unknown>>, props: PropertyMap, element: Element | undefined): boolean {
  switch (node.kind) {
    case 'and':
      return node.operands.every((n) => evalNode(n, object, props, element));
    case 'or':
      return node.operands.some((n) => evalNode(n, object, props, element));
    case 'not':
      return !evalNode(node.operand, object, props, element);
    case 'any': {
      const spec = props[node.property];
      const items = object[node.property];
      if (!Array.isArray(items)) return false;
      const predicate = node.predicate;
      if (!predicate) return items.length > 0;
      const target: EvalTarget = { type: 'string', caseInsensitive: isCaseInsensitive(spec) };
      return items.some((value: unknown) => evalNode(predicate, object, props, { value, target }));
    }
    default: {
      if (node.subject.kind === 'variable' && element) return evalLeaf(node, element.value, element.target);
      const spec = props[node.subject.name];
      const target: EvalTarget = { type: spec.type as ScalarType, caseInsensitive: isCaseInsensitive(spec) };
      return evalLeaf(node, object[node.subject.name], target);
    }
  }
}

/** A stored value as it compares, or null when absent or not of the declared type. */
export function comparableValue(raw: unknown, target: EvalTarget): Comparable | null {
  if (raw === null || raw === undefined) return null;
  switch (target.type) {
    case 'string': {
      const text = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
      return text !== null && target.caseInsensitive ? text.toLowerCase() : text;
    }
    case 'guid':
      return typeof raw === 'string' ? raw.toLowerCase() : null;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'int':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : typeof raw === 'bigint' ? Number(raw) : null;
    case 'datetime': {
      const ms = raw instanceof Date ? raw.getTime() : typeof raw === 'string' ? Date.parse(raw) : typeof raw === 'number' ? raw : NaN;
      return Number.isFinite(ms) ? ms : null;
    }
  }
}

function literalValue(literal: Exclude<Literal, { type: 'null' }>, target: EvalTarget): Comparable {
  switch (literal.type) {
    case 'string':
      return target.caseInsensitive ? literal.value.toLowerCase() : literal.value;
    case 'datetime':
      return Date.parse(literal.value);
    default:
      return literal.value;
  }
}

/** Code-point order (what PostgreSQL's "C" collation gives for UTF-8). */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const l = left.next();
    const r = right.next();
    if (l.done || r.done) return l.done === r.done ? 0 : l.done ? -1 : 1;
    const diff = (l.value.codePointAt(0) ?? 0) - (r.value.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
}

function compare(a: Comparable, b: Comparable): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a === b ? 0 : NaN;
}

function evalLeaf(node: LeafNode, raw: unknown, target: EvalTarget): boolean {
  const actual = comparableValue(raw, target);
  switch (node.kind) {
    case 'compare': {
      const value = node.value;
      if (value.type === 'null') return node.op === 'eq' ? actual === null : actual !== null;
      if (actual === null) return node.op === 'ne';
      const order = compare(actual, literalValue(value, target));
      switch (node.op) {
        case 'eq':
          return order === 0;
        case 'ne':
          return order !== 0;
        case 'gt':
          return order > 0;
        case 'ge':
          return order >= 0;
        case 'lt':
          return order < 0;
        case 'le':
          return order <= 0;
      }
      return false;
    }
    case 'in':
      return node.values.some((v) =>
        v.type === 'null' ? actual === null : actual !== null && compare(actual, literalValue(v, target)) === 0,
      );
    case 'function': {
      if (actual === null || typeof actual !== 'string' || node.value.type !== 'string') return false;
      const value = String(literalValue(node.value, target));
      return node.name === 'startswith' ? actual.startsWith(value) : actual.endsWith(value);
    }
  }
}
