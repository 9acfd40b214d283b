export type { ClauseFailureReason } from './clause-predicates';
export { compileScopeFilter, NO_SCOPE_FILTER, type CompiledScopeFilter } from './compile';
export type { CompiledClause, CompiledGroup } from './analyze-filter';
export { translateDotNetRegex, type RegexTranslation } from '../regex';
export { evaluateScope, type FailedClause, type ScopeEvaluation, type ScopeEvaluationReason } from './evaluate';
export { ScopingFilterError, type ScopeFilterIssue, type ScopeFilterIssueCode } from './issues';
export {
  EXTENSION_OPERATOR_NAMES,
  FILTER_OPERATORS,
  findScopeOperator,
  SCOPE_OPERATORS,
  type FilterOperatorSchema,
  type OperatorKind,
  type ScopeOperatorArity,
  type ScopeOperatorDefinition,
  type ScopeOperatorMultiValuedComparisonType,
  type ScopeOperatorName,
} from './operators';
export { validateScopeFilter } from './validate';
