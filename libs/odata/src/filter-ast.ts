/** A literal value as written in $filter, already normalised (guid lower-cased, datetime as ISO-8601 UTC). */
export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }
  | { readonly type: 'guid'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'datetime'; readonly value: string };

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunction = 'startswith' | 'endswith';

/** What a leaf tests: a property of the resource, or the range variable of the enclosing any(). */
export type Subject = { readonly kind: 'property'; readonly name: string } | { readonly kind: 'variable'; readonly name: string };

export interface CompareNode {
  readonly kind: 'compare';
  readonly op: ComparisonOperator;
  readonly subject: Subject;
  readonly value: Literal;
  /** 0-based offset of the clause in the $filter text. */
  readonly position: number;
}
export interface InNode {
  readonly kind: 'in';
  readonly subject: Subject;
  readonly values: readonly Literal[];
  readonly position: number;
}
export interface FunctionNode {
  readonly kind: 'function';
  readonly name: StringFunction;
  readonly subject: Subject;
  readonly value: Literal;
  readonly position: number;
}
/** `collection/any(v: predicate)`; no predicate means "the collection is not empty". */
export interface AnyNode {
  readonly kind: 'any';
  readonly property: string;
  readonly variable: string;
  readonly predicate?: FilterNode;
  readonly position: number;
}
export interface AndNode {
  readonly kind: 'and';
  readonly operands: readonly FilterNode[];
}
export interface OrNode {
  readonly kind: 'or';
  readonly operands: readonly FilterNode[];
}
export interface NotNode {
  readonly kind: 'not';
  readonly operand: FilterNode;
}

/** Parsed $filter. `and`/`or` are n-ary (flattened) so long chains do not make deep trees. */
export type FilterNode = CompareNode | InNode | FunctionNode | AnyNode | AndNode | OrNode | NotNode;
export type LeafNode = CompareNode | InNode | FunctionNode;
