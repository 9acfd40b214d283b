/** Checks one clause and, when it is valid, builds its predicate. */
import type { AttributeDefinition } from '../schema/model';
import {
  booleanPredicate,
  integerPredicate,
  presencePredicate,
  regexPredicate,
  textPredicate,
  type ClausePredicate,
} from './clause-predicates';
import { translateDotNetRegex } from '../regex';
import type { ScopeFilterIssueCode } from './issues';
import { findScopeOperator, type ScopeOperatorDefinition } from './operators';
import { parseInteger } from './source-values';
import { attributeProblem } from './unsupported-attributes';

export interface ClauseProblem {
  code: ScopeFilterIssueCode;
  message: string;
}

/** A clause whose shape has been checked: strings where Graph has strings. */
export interface ClauseInput {
  operatorName: string;
  sourceOperandName: string;
  values: readonly string[];
}

export interface AnalyzedClause {
  problems: ClauseProblem[];
  /** Present only when there are no problems. */
  operator?: ScopeOperatorDefinition;
  predicate?: ClausePredicate;
}

function checkAttribute(
  clause: ClauseInput,
  operator: ScopeOperatorDefinition | undefined,
  definitions: ReadonlyMap<string, AttributeDefinition> | undefined,
): ClauseProblem[] {
  const name = clause.sourceOperandName;
  if (name.trim() === '') return [{ code: 'MissingAttribute', message: 'the clause has no source attribute' }];
  const definition = definitions?.get(name.toLowerCase());
  const problem = attributeProblem(name, definition);
  if (problem !== undefined) return [problem];
  if (definitions === undefined) return [];
  if (definition === undefined) {
    return [{ code: 'UnknownAttribute', message: `source attribute "${name}" is not in the source schema` }];
  }
  if (operator !== undefined && !operator.supportedAttributeTypes.includes(definition.type)) {
    return [
      {
        code: 'UnsupportedAttributeType',
        message: `operator "${operator.name}" does not support ${definition.type} attribute "${name}"`,
      },
    ];
  }
  return [];
}

function checkOperandCount(operator: ScopeOperatorDefinition, values: readonly string[]): ClauseProblem | undefined {
  const expected = operator.arity === 'Binary' ? 1 : 0;
  if (values.length === expected) return undefined;
  const wanted = expected === 1 ? 'exactly one value' : 'no value';
  return {
    code: 'OperandCount',
    message: `${operator.arity.toLowerCase()} operator "${operator.name}" takes ${wanted}, got ${values.length}`,
  };
}

/** Builds the predicate for a binary operator's single value, or says why the value is unusable. */
function binaryPredicate(operator: ScopeOperatorDefinition, value: string): ClausePredicate | ClauseProblem {
  if (value === '') return { code: 'EmptyOperand', message: `operator "${operator.name}" needs a non-empty value` };
  if (operator.kind === 'integer') {
    const n = parseInteger(value);
    if (n === undefined) {
      return { code: 'NotAnInteger', message: `operator "${operator.name}" needs an integer value, got "${value}"` };
    }
    return integerPredicate(operator.name, n);
  }
  if (operator.kind === 'regex') {
    const translated = translateDotNetRegex(value);
    if (!translated.ok) return { code: 'InvalidRegex', message: `regex "${value}": ${translated.reason}` };
    return regexPredicate(operator.name === 'NOT REGEX MATCH', translated.regex);
  }
  return textPredicate(operator.name, value);
}

function unaryPredicate(operator: ScopeOperatorDefinition): ClausePredicate {
  switch (operator.name) {
    case 'IS TRUE':
      return booleanPredicate(true);
    case 'IS FALSE':
      return booleanPredicate(false);
    case 'IS NULL':
      return presencePredicate(true);
    default:
      return presencePredicate(false);
  }
}

export function analyzeClause(clause: ClauseInput, definitions: ReadonlyMap<string, AttributeDefinition> | undefined): AnalyzedClause {
  const operator = findScopeOperator(clause.operatorName);
  const problems = checkAttribute(clause, operator, definitions);
  if (operator === undefined) {
    problems.push({ code: 'UnknownOperator', message: `operator "${clause.operatorName}" is not supported` });
    return { problems };
  }
  const countProblem = checkOperandCount(operator, clause.values);
  if (countProblem !== undefined) return { problems: [...problems, countProblem] };
  const built = operator.arity === 'Binary' ? binaryPredicate(operator, clause.values[0] ?? '') : unaryPredicate(operator);
  if (typeof built !== 'function') return { problems: [...problems, built] };
  return problems.length > 0 ? { problems } : { problems, operator, predicate: built };
}
