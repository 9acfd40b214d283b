/**
 * Text → Graph `attributeMappingSource` tree (what POST …/schema/parseExpression returns).
 *
 *   expression := operand [ ("=" | "<>" | ">" | ">=" | "<" | "<=") operand ]
 *   operand    := "[" attribute "]" | "string" | number | &Hhex | vbTextCompare | vbBinaryCompare
 *               | Name "(" [ argument { "," argument } ] ")"
 *   argument   := expression | (nothing: an omitted optional argument)
 *
 * A comparison becomes a Function node named by its operator with parameters "left" and "right".
 */
import { AttributeMappingSource, StringKeyAttributeMappingSourceValuePair } from '../schema/model';
import { argumentKeys } from './arity';
import { asExpressionError, ExpressionError, MAX_EXPRESSION_LENGTH } from './errors';
import { findFunctionSchema } from './function-schemas';
import { ENUM_WORDS, Lexer, Token } from './lexer';

/** Deepest nesting of function calls accepted. */
export const MAX_NESTING = 200;

class Parser {
  private readonly lexer: Lexer;
  private depth = 0;

  constructor(text: string) {
    this.lexer = new Lexer(text);
  }

  parseWhole(): AttributeMappingSource {
    if (this.lexer.peek().kind === 'eof') throw new ExpressionError('Syntax', 'empty expression', 0);
    const node = this.expression();
    const rest = this.lexer.peek();
    if (rest.kind !== 'eof') throw unexpected(rest, 'end of expression');
    return node;
  }

  private expression(): AttributeMappingSource {
    const left = this.operand();
    const op = this.lexer.peek();
    if (op.kind !== 'op') return left;
    this.lexer.next();
    const right = this.operand();
    const after = this.lexer.peek();
    if (after.kind === 'op') throw new ExpressionError('Syntax', 'comparisons cannot be chained; nest IIF instead', after.position);
    return {
      type: 'Function',
      name: op.text,
      parameters: [
        { key: 'left', value: left },
        { key: 'right', value: right },
      ],
    };
  }

  private operand(): AttributeMappingSource {
    const token = this.lexer.next();
    switch (token.kind) {
      case 'attribute':
        return { type: 'Attribute', name: token.text };
      case 'string':
      case 'number':
        return { type: 'Constant', name: token.text };
      case 'ident':
        if (this.lexer.peek().kind === '(') return this.call(token);
        if (ENUM_WORDS.has(token.text)) return { type: 'Constant', name: token.text };
        throw new ExpressionError('Syntax', `expected "(" after function name ${token.text}`, token.position + token.text.length);
      default:
        throw unexpected(token, 'an attribute, a string, a number or a function call');
    }
  }

  private call(nameToken: Token): AttributeMappingSource {
    const schema = findFunctionSchema(nameToken.text);
    if (schema === undefined) {
      throw new ExpressionError('UnknownFunction', `unknown function "${nameToken.text}" (names are case-sensitive)`, nameToken.position);
    }
    if (++this.depth > MAX_NESTING) throw new ExpressionError('Syntax', 'functions nested too deeply', nameToken.position);
    this.lexer.next(); // "("
    const args: (AttributeMappingSource | null)[] = [];
    if (this.lexer.peek().kind === ')') {
      this.lexer.next();
    } else {
      for (;;) {
        const peek = this.lexer.peek();
        args.push(peek.kind === ',' || peek.kind === ')' ? null : this.expression());
        const separator = this.lexer.next();
        if (separator.kind === ')') break;
        if (separator.kind !== ',') throw unexpected(separator, '"," or ")"');
      }
    }
    this.depth--;
    const keys = argumentKeys(schema, args, nameToken.position);
    const parameters: StringKeyAttributeMappingSourceValuePair[] = args.map((value, i) => ({ key: keys[i], value }));
    return { type: 'Function', name: schema.name, parameters };
  }
}

function unexpected(token: Token, expected: string): ExpressionError {
  const found = token.kind === 'eof' ? 'end of expression' : JSON.stringify(token.text);
  return new ExpressionError('Syntax', `expected ${expected}, found ${found}`, token.position);
}

/** Text → Graph attributeMappingSource tree; root `expression` = the text. Throws ExpressionError only. */
export function parseExpression(text: string): AttributeMappingSource {
  if (typeof text !== 'string') throw new ExpressionError('Syntax', 'expression must be a string', 0);
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      'TooLong',
      `expression is ${text.length} characters; the maximum is ${MAX_EXPRESSION_LENGTH}`,
      MAX_EXPRESSION_LENGTH,
    );
  }
  try {
    const root = new Parser(text).parseWhole();
    return { ...root, expression: text };
  } catch (error) {
    throw asExpressionError(error, 'Syntax');
  }
}
