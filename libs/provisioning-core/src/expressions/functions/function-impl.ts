/** The contract between the evaluator and the built-in functions. */
import { StringKeyAttributeMappingSourceValuePair } from '../../schema/model';
import { DateValue } from '../dates/date-value';
import { EvaluationContext, ExpressionValue } from '../types';

export type Params = readonly StringKeyAttributeMappingSourceValuePair[];

/** What a function sees: lazy access to its arguments plus the evaluation's context and flags. */
export interface Evaluator {
  readonly ctx: EvaluationContext;
  /** Evaluates argument `i` (null when absent/omitted). */
  value(params: Params, i: number): ExpressionValue;
  /** Scalar text of argument `i`. */
  text(params: Params, i: number): string | null;
  /** Argument `i` was written (not omitted). */
  has(params: Params, i: number): boolean;
  /** IIF condition rule: false as soon as an attribute read inside it is null or empty. */
  condition(params: Params, i: number): boolean;
  /** ctx.now as a DateValue. */
  now(): DateValue;
  ignoreFlow: boolean;
  redact: boolean;
}

export type FunctionImpl = (params: Params, ev: Evaluator) => ExpressionValue;
