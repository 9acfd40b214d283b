/**
 * Entra ID attribute-mapping expression language: parse text ↔ Graph `attributeMappingSource` trees, evaluate
 * them against a source object. See docs/provisioning-core/expressions.md.
 */
export { MAX_EXPRESSION_LENGTH, ExpressionError } from './errors';
export type { ExpressionErrorCode } from './errors';
export type {
  AppRoleAssignmentValue,
  EvaluationContext,
  ExpressionValue,
  EvaluationResult,
  AttributeMappingParameterSchema,
  AttributeMappingFunctionSchema,
} from './types';
export { FUNCTION_SCHEMAS } from './function-schemas';
export { parseExpression } from './parser';
export { printExpression } from './printer';
export { evaluateExpression } from './evaluator';
/** Extra: operator names used for comparison nodes (`{type:'Function', name:'=', parameters:[left,right]}`). */
export { COMPARISON_OPERATORS } from './functions/logic-functions';
export type { ComparisonOperator } from './functions/logic-functions';
/** Extra: the text format of DateTime values (CDate, DateAdd, Now, DateFromNum). */
export { ENTRA_DATE_FORMAT } from './functions/date-functions';
