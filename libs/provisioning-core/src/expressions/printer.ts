/** Tree → expression text; parseExpression(printExpression(t)) reproduces t (apart from `expression`). */
import { AttributeMappingSource } from '../schema/model';
import { ExpressionError } from './errors';
import { isComparisonOperator } from './functions/logic-functions';
import { ENUM_WORDS, IDENTIFIER, NUMBER_LITERAL } from './lexer';

function cannotPrint(message: string): ExpressionError {
  return new ExpressionError('Syntax', `cannot print expression: ${message}`);
}

export function quoteString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function printConstant(value: string): string {
  return NUMBER_LITERAL.test(value) || ENUM_WORDS.has(value) ? value : quoteString(value);
}

function printNode(node: AttributeMappingSource | null, depth: number): string {
  if (node === null || node === undefined) throw cannotPrint('missing operand');
  if (depth > 1_000) throw cannotPrint('nested too deeply');
  switch (node.type) {
    case 'Attribute': {
      const name = node.name ?? '';
      if (name.trim() === '' || name !== name.trim() || name.includes(']') || name.includes('[')) {
        throw cannotPrint(`invalid attribute name ${JSON.stringify(name)}`);
      }
      return `[${name}]`;
    }
    case 'Constant':
      return printConstant(node.name ?? '');
    case 'Function':
      return printFunction(node, depth);
    default:
      throw cannotPrint(`unknown source type ${JSON.stringify(node.type)}`);
  }
}

function printFunction(node: AttributeMappingSource, depth: number): string {
  const name = node.name ?? '';
  const params = node.parameters ?? [];
  if (isComparisonOperator(name)) {
    const [left, right] = params.map((p) => p.value);
    if (params.length !== 2 || isComparison(left) || isComparison(right)) {
      throw cannotPrint(`comparison "${name}" needs two non-comparison operands`);
    }
    return `${printNode(left, depth + 1)} ${name} ${printNode(right, depth + 1)}`;
  }
  if (!IDENTIFIER.test(name)) throw cannotPrint(`invalid function name ${JSON.stringify(name)}`);
  const args = params.map((p) => (p.value === null ? '' : printNode(p.value, depth + 1)));
  return `${name}(${args.join(', ')})`;
}

function isComparison(node: AttributeMappingSource | null | undefined): boolean {
  return !!node && node.type === 'Function' && isComparisonOperator(node.name);
}

/** Tree → text. Throws ExpressionError('Syntax') for trees no text can express. */
export function printExpression(source: AttributeMappingSource): string {
  try {
    return printNode(source, 0);
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    throw new ExpressionError('Syntax', 'cannot print expression');
  }
}
