/** Evaluating one attribute mapping for one source object. */
import { evaluateExpression, type EvaluationContext, type ExpressionValue } from '../expressions';
import type { CompiledAttributeMapping } from './compile';
import { MappingError } from './errors';
import { toTargetValue } from './values';
import type { JsonValue } from './types';

export interface EvaluatedAttribute {
  readonly compiled: CompiledAttributeMapping;
  /** Converted to the target type; null = no value (never exported). */
  readonly value: JsonValue;
  /** IgnoreFlowIfNullOrEmpty fired: the attribute is dropped entirely. */
  readonly ignoreFlow: boolean;
  readonly redact: boolean;
}

/** `source: null` (mapping type None) evaluates to null. Expression errors become MappingError. */
export function evaluateAttribute(compiled: CompiledAttributeMapping, ctx: EvaluationContext): EvaluatedAttribute {
  const source = compiled.mapping.source;
  if (source === null) return { compiled, value: null, ignoreFlow: false, redact: false };
  // Fast path, identical to the evaluator's result: a Direct mapping of a string-valued attribute.
  if (source.type === 'Attribute' && source.name !== null && Object.prototype.hasOwnProperty.call(ctx.source, source.name)) {
    const direct = ctx.source[source.name];
    if (typeof direct === 'string') return { compiled, value: toTargetValue(direct, compiled.def), ignoreFlow: false, redact: false };
  }
  let raw: ExpressionValue;
  let ignoreFlow: boolean;
  let redact: boolean;
  try {
    ({ value: raw, ignoreFlow, redact } = evaluateExpression(source, ctx));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new MappingError('ExpressionEvaluationFailed', `Mapping for ${compiled.path.raw} failed: ${message}`, [compiled.path.raw]);
  }
  return { compiled, value: toTargetValue(raw, compiled.def), ignoreFlow, redact };
}

/** Source ids of a reference attribute's value (manager: one id; members: many). */
export function referenceIds(compiled: CompiledAttributeMapping, ctx: EvaluationContext): string[] {
  const source = compiled.mapping.source;
  if (source === null) return [];
  const { value } = evaluateExpression(source, ctx);
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}
