/** Error type of the expression language: the only thing parse/print/evaluate ever throw. */

/** Longest expression text Entra accepts (known-issues.md). */
export const MAX_EXPRESSION_LENGTH = 10_000;

export type ExpressionErrorCode = 'Syntax' | 'TooLong' | 'UnknownFunction' | 'WrongArity' | 'Evaluation';

export class ExpressionError extends Error {
  constructor(
    readonly code: ExpressionErrorCode,
    message: string,
    /** 0-based character offset in the expression text (parse errors only). */
    readonly position?: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Shorthand for the runtime error every function raises on bad input. */
export function evaluationError(message: string): ExpressionError {
  return new ExpressionError('Evaluation', message);
}

/** Wraps anything that is not already an ExpressionError (stack overflow, engine errors) into one. */
export function asExpressionError(error: unknown, code: ExpressionErrorCode): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (error instanceof RangeError) return new ExpressionError(code, `expression too deeply nested or too large: ${error.message}`);
  return new ExpressionError(code, error instanceof Error ? error.message : 'unexpected error');
}
