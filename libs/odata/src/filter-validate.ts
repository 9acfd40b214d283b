import { ODataError } from './errors';
import { AnyNode, FilterNode, FunctionNode, InNode, CompareNode, Literal, Subject } from './filter-ast';
import { GUID_PATTERN } from './filter-literals';
import {
  PropertyMap,
  PropertySpec,
  PropertyType,
  edmTypeName,
  graphTypeName,
  isCaseInsensitive,
  isFilterable,
  resolveProperty,
} from './property-map';

/** Type of the value a leaf tests: a scalar property, or one element of a string collection. */
export type ScalarType = Exclude<PropertyType, 'stringCollection'>;

export interface LeafTarget {
  readonly type: ScalarType;
  readonly caseInsensitive: boolean;
  /** SQL of the tested value (property column, or the element alias inside any()). */
  readonly spec: PropertySpec;
}

/** Operators each scalar type supports (beyond eq/ne null checks). */
const OPERATORS: Record<ScalarType, ReadonlySet<string>> = {
  string: new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in', 'startswith', 'endswith']),
  boolean: new Set(['eq', 'ne', 'in']),
  guid: new Set(['eq', 'ne', 'in']),
  datetime: new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in']),
  int: new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in']),
};

const OPERATOR_KIND: Record<string, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
  in: 'In',
};

interface Scope {
  readonly props: PropertyMap;
  readonly resourceName: string;
  /** Set inside any(): the range variable and the collection it ranges over. */
  readonly lambda?: { readonly variable: string; readonly collection: string; readonly spec: PropertySpec };
}

/**
 * Checks every property against the map (case-insensitively, returning the map's spelling),
 * and every operator and literal against the property's type. Returns the canonical tree
 * that filterToSql and evaluateFilter consume.
 */
export function validateFilter(node: FilterNode, props: PropertyMap, resourceName: string): FilterNode {
  return validateNode(node, { props, resourceName });
}

function validateNode(node: FilterNode, scope: Scope): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      if (node.operands.length === 0) throw new ODataError('BadRequest', `Invalid filter clause: empty '${node.kind}'.`);
      return { kind: node.kind, operands: node.operands.map((operand) => validateNode(operand, scope)) };
    case 'not':
      return { kind: 'not', operand: validateNode(node.operand, scope) };
    case 'any':
      return validateAny(node, scope);
    case 'compare':
      return validateCompare(node, scope);
    case 'in':
      return validateIn(node, scope);
    case 'function':
      return validateFunction(node, scope);
    default:
      throw new ODataError('BadRequest', 'Invalid filter clause: unknown node.');
  }
}

const unsupportedClause = (property: string, scope: Scope, position?: number): ODataError =>
  new ODataError(
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${property}' of resource '${scope.resourceName}'.`,
    position,
  );

function lookup(name: string, scope: Scope, position: number): { name: string; spec: PropertySpec } {
  const found = resolveProperty(scope.props, name);
  if (!found) {
    throw new ODataError(
      'Request_BadRequest',
      `Could not find a property named '${name}' on type '${graphTypeName(scope.resourceName)}'.`,
      position,
    );
  }
  if (!isFilterable(found.spec)) throw unsupportedClause(found.name, scope, position);
  return found;
}

/** Resolves what a leaf tests and returns the canonical subject. */
function resolveTarget(subject: Subject, scope: Scope, position: number): { subject: Subject; target: LeafTarget; label: string } {
  if (subject.kind === 'variable') {
    if (!scope.lambda || scope.lambda.variable !== subject.name) {
      throw new ODataError('Request_UnsupportedQuery', `Unknown range variable '${subject.name}'.`, position);
    }
    const spec = scope.lambda.spec;
    return {
      subject,
      target: { type: 'string', caseInsensitive: isCaseInsensitive(spec), spec },
      label: scope.lambda.collection,
    };
  }
  if (scope.lambda) {
    throw new ODataError(
      'Request_UnsupportedQuery',
      `Only the range variable '${scope.lambda.variable}' may be used inside ${scope.lambda.collection}/any(); found '${subject.name}'.`,
      position,
    );
  }
  const found = lookup(subject.name, scope, position);
  if (found.spec.type === 'stringCollection') throw unsupportedClause(found.name, scope, position);
  return {
    subject: { kind: 'property', name: found.name },
    target: { type: found.spec.type, caseInsensitive: isCaseInsensitive(found.spec), spec: found.spec },
    label: found.name,
  };
}

/** Checks a literal's type against the target's; a quoted guid is accepted for guid targets. */
function coerce(literal: Literal, target: LeafTarget, op: string, position: number): Literal {
  if (literal.type === 'null') return literal;
  if (literal.type === target.type) return literal;
  if (target.type === 'guid' && literal.type === 'string' && GUID_PATTERN.test(literal.value)) {
    return { type: 'guid', value: literal.value.toLowerCase() };
  }
  const found = literal.type === 'int' ? 'Edm.Int32' : edmTypeName(literal.type);
  throw new ODataError(
    'BadRequest',
    `A binary operator with incompatible types was detected. Found operand types '${edmTypeName(target.type)}' and '${found}' for operator kind '${OPERATOR_KIND[op] ?? op}'.`,
    position,
  );
}

function validateCompare(node: CompareNode, scope: Scope): FilterNode {
  const { subject, target, label } = resolveTarget(node.subject, scope, node.position);
  const isNullCheck = node.value.type === 'null';
  if (isNullCheck ? node.op !== 'eq' && node.op !== 'ne' : !OPERATORS[target.type].has(node.op)) {
    throw unsupportedClause(label, scope, node.position);
  }
  return { ...node, subject, value: coerce(node.value, target, node.op, node.position) };
}

function validateIn(node: InNode, scope: Scope): FilterNode {
  const { subject, target, label } = resolveTarget(node.subject, scope, node.position);
  if (!OPERATORS[target.type].has('in')) throw unsupportedClause(label, scope, node.position);
  if (node.values.length === 0) throw new ODataError('BadRequest', "Invalid filter clause: empty 'in' list.", node.position);
  return { ...node, subject, values: node.values.map((value) => coerce(value, target, 'in', node.position)) };
}

function validateFunction(node: FunctionNode, scope: Scope): FilterNode {
  const { subject, target, label } = resolveTarget(node.subject, scope, node.position);
  const allowed = OPERATORS[target.type].has(node.name) && (node.name !== 'endswith' || target.spec.endsWith === true);
  if (!allowed) throw unsupportedClause(label, scope, node.position);
  if (node.value.type !== 'string') {
    throw new ODataError(
      'BadRequest',
      `No function signature for the function with name '${node.name}' matches the specified arguments.`,
      node.position,
    );
  }
  return { ...node, subject };
}

function validateAny(node: AnyNode, scope: Scope): FilterNode {
  if (scope.lambda) {
    throw new ODataError('Request_UnsupportedQuery', 'Nested lambda operators are not supported.', node.position);
  }
  const found = lookup(node.property, scope, node.position);
  if (found.spec.type !== 'stringCollection') throw unsupportedClause(found.name, scope, node.position);
  if (node.predicate === undefined) return { ...node, property: found.name };
  const inner: Scope = { ...scope, lambda: { variable: node.variable, collection: found.name, spec: found.spec } };
  return { ...node, property: found.name, predicate: validateNode(node.predicate, inner) };
}

/** Operators Graph accepts on directory objects only as "advanced queries" (ConsistencyLevel: eventual + $count=true). */
export function advancedQueryOperators(node: FilterNode): string[] {
  const found = new Set<string>();
  const walk = (n: FilterNode): void => {
    switch (n.kind) {
      case 'and':
      case 'or':
        n.operands.forEach(walk);
        return;
      case 'not':
        found.add('not');
        walk(n.operand);
        return;
      case 'any':
        if (n.predicate) walk(n.predicate);
        return;
      case 'compare':
        if (n.op === 'ne') found.add('ne');
        return;
      case 'function':
        if (n.name === 'endswith') found.add('endsWith');
        return;
      default:
        return;
    }
  };
  walk(node);
  return [...found].sort();
}
