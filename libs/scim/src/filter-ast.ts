/** RFC 7644 §3.4.2.2 filter AST. Attribute names are kept as written; resolve them with ResourceSchema. */

export type FilterValue = string | number | boolean | null;
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

/**
 * `attr op value`. Inside a value path's brackets `attribute` is relative to the bracketed
 * attribute ('type'). `elementFilter` is set for the non-RFC form Entra uses,
 * `emails[type eq "work"].value eq "a@b"`: attribute 'emails.value', elementFilter `type eq "work"`,
 * meaning "the value sub-attribute of the emails elements that match the element filter".
 */
export interface CompareNode {
  kind: 'compare';
  attribute: string;
  op: CompareOp;
  value: FilterValue;
  /** 0-based offset of the attribute in the filter text */
  position: number;
  elementFilter?: FilterNode;
}

/** `attr pr` (same `elementFilter` convention as CompareNode). */
export interface PresentNode {
  kind: 'present';
  attribute: string;
  position: number;
  elementFilter?: FilterNode;
}

/** n-ary so long chains stay flat: `a and b and c` → one node with three operands. */
export interface AndNode {
  kind: 'and';
  filters: FilterNode[];
}

export interface OrNode {
  kind: 'or';
  filters: FilterNode[];
}

export interface NotNode {
  kind: 'not';
  filter: FilterNode;
}

/** `emails[type eq "work" and value co "@x"]`: some element of `attribute` matches `filter` (relative names). */
export interface ValuePathNode {
  kind: 'valuePath';
  attribute: string;
  filter: FilterNode;
  position: number;
}

export type FilterNode = CompareNode | PresentNode | AndNode | OrNode | NotNode | ValuePathNode;

export interface FilterLimits {
  /** default 4096 characters */
  maxLength?: number;
  /** default 32 levels of parentheses / brackets / not */
  maxDepth?: number;
}

export const DEFAULT_FILTER_LIMITS: Required<FilterLimits> = { maxLength: 4096, maxDepth: 32 };
