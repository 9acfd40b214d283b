/**
 * `POST …/schema/parseExpression`: parse an expression with @app/provisioning-core and, when a test input object
 * is given, evaluate it. Answers Graph's parseExpressionResponse (always 200; failures are in the body).
 */
import {
  type AttributeMappingSource,
  evaluateExpression,
  type EvaluationContext,
  ExpressionError,
  type ExpressionValue,
  parseExpression,
  printExpression,
} from '@app/provisioning-core';
import { InputError } from '../../http/input-error';

export interface ParseExpressionResponse {
  error: { code: string; message: string; details: unknown[]; innerError: null; target: string | null } | null;
  evaluationSucceeded: boolean;
  evaluationResult: string[] | null;
  parsedExpression: AttributeMappingSource | null;
  parsingSucceeded: boolean;
}

export class ParseExpressionInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'ParseExpressionInputError';
  }
}

/** Graph's expressionInputObject `{definition?, properties:[{key, value}]}` → a source object; throws on bad shapes. */
export function testInputSource(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ParseExpressionInputError('testInputObject must be an object.');
  const properties = (input as { properties?: unknown }).properties ?? [];
  if (!Array.isArray(properties)) throw new ParseExpressionInputError('testInputObject.properties must be an array of {key, value}.');
  if (properties.length > 1000) throw new ParseExpressionInputError('testInputObject.properties has more than 1000 entries.');
  const source: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  properties.forEach((p: unknown, i) => {
    if (typeof p !== 'object' || p === null || typeof (p as { key?: unknown }).key !== 'string') {
      throw new ParseExpressionInputError(`testInputObject.properties[${i}] must be {key: string, value}.`);
    }
    const { key, value } = p as { key: string; value: unknown };
    source[key] = normalise(value, `testInputObject.properties[${i}].value`);
  });
  return source;
}

function normalise(value: unknown, path: string): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) return value;
  throw new ParseExpressionInputError(`${path} must be a string, number, boolean or an array of them.`);
}

/** Adds `expression` (its text) and `parameters: []` to every node, as Graph shows parsed trees. */
function decorate(node: AttributeMappingSource): AttributeMappingSource {
  let expression: string | null = node.expression ?? null;
  if (expression === null) {
    try {
      expression = printExpression(node);
    } catch {
      expression = null;
    }
  }
  return {
    expression,
    name: node.name,
    parameters: (node.parameters ?? []).map((p) => ({ key: p.key, value: p.value === null ? null : decorate(p.value) })),
    type: node.type,
  };
}

/** An evaluation value as Graph's `evaluationResult` (String collection). */
export function resultStrings(value: ExpressionValue): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => resultStrings(v));
  if (typeof value === 'boolean') return [value ? 'True' : 'False'];
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

function publicError(code: string, message: string): NonNullable<ParseExpressionResponse['error']> {
  return { code, message, details: [], innerError: null, target: null };
}

/**
 * Parses `expression`; when `source` is given, evaluates the tree against it. Without a test object the
 * expression is not evaluated (evaluationSucceeded false, evaluationResult null, error null).
 */
export function parseAndEvaluate(
  expression: string,
  source: Record<string, unknown> | null,
  ctx: Omit<EvaluationContext, 'source'>,
): ParseExpressionResponse {
  let tree: AttributeMappingSource;
  try {
    tree = parseExpression(expression);
  } catch (error) {
    const e = error instanceof ExpressionError ? error : new ExpressionError('Syntax', 'invalid expression');
    const where = e.position === undefined ? '' : ` (at character ${e.position})`;
    return {
      error: publicError(`Expression${e.code}`, `${e.message}${where}`),
      evaluationSucceeded: false,
      evaluationResult: null,
      parsedExpression: null,
      parsingSucceeded: false,
    };
  }
  const parsedExpression = decorate(tree);
  if (source === null) return { error: null, evaluationSucceeded: false, evaluationResult: null, parsedExpression, parsingSucceeded: true };
  try {
    const result = evaluateExpression(tree, { ...ctx, source });
    return {
      error: null,
      evaluationSucceeded: true,
      evaluationResult: result.ignoreFlow ? [] : resultStrings(result.value),
      parsedExpression,
      parsingSucceeded: true,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'evaluation failed';
    return {
      error: publicError('ExpressionEvaluation', message),
      evaluationSucceeded: false,
      evaluationResult: null,
      parsedExpression,
      parsingSucceeded: true,
    };
  }
}
