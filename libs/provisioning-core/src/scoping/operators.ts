/**
 * The scoping-filter operators: the documented table (reference §2.4) plus three extensions, and their
 * Graph `filterOperatorSchema` description for GET …/jobs/{jobId}/schema/filterOperators (reference §2.3, §8.2).
 */
import type { AttributeType } from '../schema/model';

/** Canonical operator names, as the scoping-filter article spells them (UI names). */
export type ScopeOperatorName =
  | 'EQUALS'
  | 'NOT EQUALS'
  | 'IS TRUE'
  | 'IS FALSE'
  | 'IS NULL'
  | 'IS NOT NULL'
  | 'REGEX MATCH'
  | 'NOT REGEX MATCH'
  | 'Greater_Than'
  | 'Greater_Than_OR_EQUALS'
  | 'Includes'
  | '&'
  | '!&'
  | 'ENDS_WITH'
  | 'Less_Than'
  | 'Less_Than_OR_EQUALS'
  | 'Not_Includes';

/** Graph `scopeOperatorType`. */
export type ScopeOperatorArity = 'Binary' | 'Unary';
/** Graph `scopeOperatorMultiValuedComparisonType`. */
export type ScopeOperatorMultiValuedComparisonType = 'All' | 'Any';

/** Graph's `filterOperatorSchema`. */
export interface FilterOperatorSchema {
  name: ScopeOperatorName;
  arity: ScopeOperatorArity;
  multivaluedComparisonType: ScopeOperatorMultiValuedComparisonType;
  supportedAttributeTypes: AttributeType[];
}

/** How the operand is interpreted: drives validation and evaluation. */
export type OperatorKind = 'text' | 'regex' | 'integer' | 'boolean' | 'presence';

/** Our description of an operator: the Graph schema plus what the engine needs. */
export interface ScopeOperatorDefinition extends FilterOperatorSchema {
  kind: OperatorKind;
  /** true for operators not in the current Microsoft docs (Less_Than, Less_Than_OR_EQUALS, Not_Includes). */
  extension: boolean;
}

const TEXT: AttributeType[] = ['String', 'Integer'];
const STRING_ONLY: AttributeType[] = ['String'];
/** Integer comparisons also accept String attributes whose value is an integer (e.g. extensionAttribute1). */
const INTEGER: AttributeType[] = ['Integer', 'String'];
/** IS TRUE / IS FALSE also accept String attributes holding "True"/"False". */
const BOOLEAN: AttributeType[] = ['Boolean', 'String'];
const ANY_SCALAR: AttributeType[] = ['String', 'Integer', 'Boolean', 'Binary'];

function op(
  name: ScopeOperatorName,
  arity: ScopeOperatorArity,
  kind: OperatorKind,
  supportedAttributeTypes: AttributeType[],
  extension = false,
): ScopeOperatorDefinition {
  return { name, arity, multivaluedComparisonType: 'All', supportedAttributeTypes, kind, extension };
}

/** Every operator we evaluate, in the order of the reference's table, extensions last. */
export const SCOPE_OPERATORS: readonly ScopeOperatorDefinition[] = [
  op('&', 'Binary', 'text', STRING_ONLY),
  op('!&', 'Binary', 'text', STRING_ONLY),
  op('ENDS_WITH', 'Binary', 'text', STRING_ONLY),
  op('EQUALS', 'Binary', 'text', TEXT),
  op('NOT EQUALS', 'Binary', 'text', TEXT),
  op('Greater_Than', 'Binary', 'integer', INTEGER),
  op('Greater_Than_OR_EQUALS', 'Binary', 'integer', INTEGER),
  op('Includes', 'Binary', 'text', STRING_ONLY),
  op('IS TRUE', 'Unary', 'boolean', BOOLEAN),
  op('IS FALSE', 'Unary', 'boolean', BOOLEAN),
  op('IS NULL', 'Unary', 'presence', ANY_SCALAR),
  op('IS NOT NULL', 'Unary', 'presence', ANY_SCALAR),
  op('REGEX MATCH', 'Binary', 'regex', STRING_ONLY),
  op('NOT REGEX MATCH', 'Binary', 'regex', STRING_ONLY),
  op('Less_Than', 'Binary', 'integer', INTEGER, true),
  op('Less_Than_OR_EQUALS', 'Binary', 'integer', INTEGER, true),
  op('Not_Includes', 'Binary', 'text', STRING_ONLY, true),
];

/** The GET …/schema/filterOperators payload (`value`), Graph-shaped (no engine-only fields). */
export const FILTER_OPERATORS: readonly FilterOperatorSchema[] = SCOPE_OPERATORS.map(
  ({ name, arity, multivaluedComparisonType, supportedAttributeTypes }) => ({
    name,
    arity,
    multivaluedComparisonType,
    supportedAttributeTypes: [...supportedAttributeTypes],
  }),
);

/** Names of the operators that are our extensions (not in current Microsoft docs). */
export const EXTENSION_OPERATOR_NAMES: readonly ScopeOperatorName[] = SCOPE_OPERATORS.filter((o) => o.extension).map((o) => o.name);

/** Spelling-insensitive key: case, spaces and underscores ignored ("NOT_EQUALS", "IsNotNull", "not equals"). */
function aliasKey(name: string): string {
  return name.replace(/[\s_]+/g, '').toUpperCase();
}

const BY_ALIAS: ReadonlyMap<string, ScopeOperatorDefinition> = new Map(SCOPE_OPERATORS.map((o) => [aliasKey(o.name), o]));

/**
 * Finds an operator by its canonical name or a spelling variant (case, spaces and underscores are ignored,
 * because the API spellings beyond EQUALS are undocumented — reference "Open questions" 3).
 */
export function findScopeOperator(operatorName: string): ScopeOperatorDefinition | undefined {
  return BY_ALIAS.get(aliasKey(operatorName));
}
