/**
 * Tree-walking evaluator over Graph `attributeMappingSource` nodes. Arguments are evaluated lazily by the
 * functions (IIF/Switch/Coalesce only evaluate the branch they need). Everything thrown is an ExpressionError.
 */
import { AttributeMappingSource } from '../schema/model';
import { asExpressionError, evaluationError, ExpressionError } from './errors';
import { DateValue, fromJsDate } from './dates/date-value';
import { Evaluator, Params } from './functions/function-impl';
import { FUNCTIONS } from './functions/registry';
import { EvaluationContext, EvaluationResult, ExpressionValue } from './types';
import { fromSource, isNullOrEmpty, toBool, toText } from './values';

const MAX_DEPTH = 1_000;
const hasOwn = Object.prototype.hasOwnProperty;

class Evaluation implements Evaluator {
  ignoreFlow = false;
  redact = false;
  /** > 0 while evaluating an IIF condition */
  private conditionDepth = 0;
  /** an attribute read inside the current IIF condition was null or empty */
  private conditionSawEmpty = false;
  private depth = 0;
  private nowValue: DateValue | null = null;

  constructor(readonly ctx: EvaluationContext) {}

  evaluate(node: AttributeMappingSource | null): ExpressionValue {
    if (node === null || node === undefined) return null;
    switch (node.type) {
      case 'Attribute':
        return this.attribute(node.name);
      case 'Constant':
        return node.name ?? null;
      case 'Function':
        return this.call(node);
      default:
        throw evaluationError(`unknown source type ${JSON.stringify(node.type)}`);
    }
  }

  private attribute(name: string | null): ExpressionValue {
    const source = this.ctx.source;
    const raw = name !== null && hasOwn.call(source, name) ? source[name] : undefined;
    const value = typeof raw === 'string' ? raw : fromSource(raw);
    if (this.conditionDepth > 0 && isNullOrEmpty(value)) this.conditionSawEmpty = true;
    return value;
  }

  private call(node: AttributeMappingSource): ExpressionValue {
    const name = node.name ?? '';
    const impl = FUNCTIONS.get(name);
    if (impl === undefined) throw new ExpressionError('UnknownFunction', `unknown function "${name}"`);
    if (++this.depth > MAX_DEPTH) throw evaluationError('expression nested too deeply');
    try {
      return impl(node.parameters ?? [], this);
    } finally {
      this.depth--;
    }
  }

  value(params: Params, i: number): ExpressionValue {
    const pair = params[i];
    return pair === undefined || pair === null ? null : this.evaluate(pair.value);
  }

  text(params: Params, i: number): string | null {
    return toText(this.value(params, i));
  }

  has(params: Params, i: number): boolean {
    const pair = params[i];
    return pair !== undefined && pair !== null && pair.value !== null && pair.value !== undefined;
  }

  condition(params: Params, i: number): boolean {
    const outer = this.conditionSawEmpty;
    this.conditionDepth++;
    this.conditionSawEmpty = false;
    try {
      const result = toBool(this.value(params, i));
      return result && !this.conditionSawEmpty;
    } finally {
      this.conditionDepth--;
      this.conditionSawEmpty = outer || (this.conditionDepth > 0 && this.conditionSawEmpty);
    }
  }

  now(): DateValue {
    if (this.nowValue === null) {
      const now = this.ctx.now instanceof Date ? fromJsDate(this.ctx.now) : null;
      if (now === null) throw evaluationError('the evaluation context has no valid current time');
      this.nowValue = now;
    }
    return this.nowValue;
  }
}

/** Evaluates Attribute / Constant / Function nodes. Unknown attribute → null. Throws ExpressionError only. */
export function evaluateExpression(source: AttributeMappingSource, ctx: EvaluationContext): EvaluationResult {
  const evaluation = new Evaluation(ctx);
  try {
    const value = evaluation.evaluate(source);
    return { value, ignoreFlow: evaluation.ignoreFlow, redact: evaluation.redact };
  } catch (error) {
    throw asExpressionError(error, 'Evaluation');
  }
}
