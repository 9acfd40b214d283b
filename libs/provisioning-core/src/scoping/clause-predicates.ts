/**
 * One predicate per operator kind, built once per clause. A predicate answers 'pass' or why the clause failed;
 * it never throws and does O(1) work apart from the string/regex operation itself.
 */
import type { ScopeOperatorName } from './operators';
import { parseBoolean, parseInteger, type ScopeValue } from './source-values';

/** Why a clause evaluated to false (for the provisioning log's scoping step). */
export type ClauseFailureReason =
  /** Source value null/absent/"" (value comparisons are false; IS NOT NULL too). */
  | 'NullOrEmpty'
  /** IS NULL on a value that is present. */
  | 'NotNull'
  /** Source value is an array: multi-valued attributes aren't supported. */
  | 'MultiValued'
  /** Source value is an object, NaN, … */
  | 'UnsupportedValue'
  /** Integer operator and the source value isn't an integer. */
  | 'NotAnInteger'
  /** IS TRUE/IS FALSE and the source value isn't a boolean. */
  | 'NotABoolean'
  /** The comparison itself is false. */
  | 'NotSatisfied';

export type ClauseOutcome = 'pass' | ClauseFailureReason;
export type ClausePredicate = (value: ScopeValue) => ClauseOutcome;

type Scalar = Extract<ScopeValue, { kind: 'scalar' }>;

/** Applies the null/multi rules shared by every value comparison, then `test` on the scalar. */
function onScalar(test: (value: Scalar) => ClauseOutcome): ClausePredicate {
  return (value) => {
    switch (value.kind) {
      case 'empty':
        return 'NullOrEmpty';
      case 'multi':
        return 'MultiValued';
      case 'unsupported':
        return 'UnsupportedValue';
      default:
        return test(value);
    }
  };
}

function verdict(ok: boolean): ClauseOutcome {
  return ok ? 'pass' : 'NotSatisfied';
}

export function textPredicate(operator: ScopeOperatorName, operand: string): ClausePredicate {
  switch (operator) {
    case 'EQUALS':
      return onScalar((v) => verdict(v.text === operand));
    case 'NOT EQUALS':
      return onScalar((v) => verdict(v.text !== operand));
    case 'ENDS_WITH':
      return onScalar((v) => verdict(v.text.endsWith(operand)));
    case '!&':
    case 'Not_Includes':
      return onScalar((v) => verdict(!v.text.includes(operand)));
    default: // '&', 'Includes'
      return onScalar((v) => verdict(v.text.includes(operand)));
  }
}

export function regexPredicate(negated: boolean, regex: RegExp): ClausePredicate {
  // No g/y flags are ever used, so test() is stateless.
  return onScalar((v) => verdict(regex.test(v.text) !== negated));
}

export function integerPredicate(operator: ScopeOperatorName, operand: bigint): ClausePredicate {
  const compare: (n: bigint) => boolean =
    operator === 'Greater_Than'
      ? (n) => n > operand
      : operator === 'Greater_Than_OR_EQUALS'
        ? (n) => n >= operand
        : operator === 'Less_Than'
          ? (n) => n < operand
          : (n) => n <= operand;
  return onScalar((v) => {
    const n = parseInteger(v.raw);
    return n === undefined ? 'NotAnInteger' : verdict(compare(n));
  });
}

export function booleanPredicate(expected: boolean): ClausePredicate {
  return onScalar((v) => {
    const b = parseBoolean(v.raw);
    return b === undefined ? 'NotABoolean' : verdict(b === expected);
  });
}

/** IS NULL / IS NOT NULL: the only clauses that look at absence itself. Arrays are never matched. */
export function presencePredicate(wantNull: boolean): ClausePredicate {
  return (value) => {
    if (value.kind === 'multi') return 'MultiValued';
    const isNull = value.kind === 'empty';
    if (isNull === wantNull) return 'pass';
    return wantNull ? 'NotNull' : 'NullOrEmpty';
  };
}
