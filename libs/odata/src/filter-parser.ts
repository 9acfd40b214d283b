import { ODataError } from './errors';
import { ComparisonOperator, FilterNode, Literal, StringFunction, Subject } from './filter-ast';
import { Token, tokenize } from './filter-lexer';

export interface ParseFilterOptions {
  /** Longest accepted $filter text (characters). Default 2048. */
  maxLength?: number;
  /** Deepest nesting of parentheses, `not` and `any()`. Default 32. */
  maxDepth?: number;
  /** Most values in one `in (...)` list. Default 50. */
  maxInItems?: number;
}

const COMPARISON = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const SUPPORTED_FUNCTIONS = new Set<string>(['startswith', 'endswith']);
/** Valid OData v4 operators and functions this library deliberately does not implement. */
const UNSUPPORTED_OPERATORS = new Set(['has', 'add', 'sub', 'mul', 'div', 'divby', 'mod']);
const UNSUPPORTED_FUNCTIONS = new Set([
  'contains',
  'length',
  'indexof',
  'substring',
  'tolower',
  'toupper',
  'trim',
  'concat',
  'matchespattern',
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'fractionalseconds',
  'totalseconds',
  'date',
  'time',
  'totaloffsetminutes',
  'now',
  'mindatetime',
  'maxdatetime',
  'round',
  'floor',
  'ceiling',
  'isof',
  'cast',
  'geo.distance',
  'geo.intersects',
  'geo.length',
  'case',
  'hassubset',
  'hassubsequence',
]);

const syntax = (message: string, position: number): ODataError =>
  new ODataError('BadRequest', `Invalid filter clause: ${message}`, position);
const unsupported = (message: string, position: number): ODataError => new ODataError('Request_UnsupportedQuery', message, position);

function describe(token: Token): string {
  switch (token.t) {
    case 'eof':
      return 'end of expression';
    case 'ident':
    case 'literal':
      return `'${token.text}'`;
    default:
      return `'${token.t}'`;
  }
}

/**
 * Parses $filter text. Grammar (OData v4 precedence: not > and > or; `not` applies to the
 * next primary only, so `not a eq 'x'` is rejected and must be written `not(a eq 'x')`):
 *
 *   or      := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | primary
 *   primary := '(' or ')' | func '(' path ',' literal ')' | path '/any(' [var ':' or] ')'
 *            | path cmpop literal | path 'in' '(' literal (',' literal)* ')'
 *
 * Keywords, operators and function names are case-insensitive (Graph documents `NOT`, `OR`,
 * `startsWith`, `endsWith`).
 */
export function parseFilter(text: string, opts: ParseFilterOptions = {}): FilterNode {
  if (typeof text !== 'string') throw syntax('The $filter expression must be a string.', 0);
  const maxLength = opts.maxLength ?? 2048;
  if (text.length > maxLength) {
    throw syntax(`The $filter expression is longer than the maximum of ${maxLength} characters.`, maxLength);
  }
  if (text.trim() === '') throw syntax('The $filter expression must not be empty.', 0);
  return new Parser(tokenize(text), opts.maxDepth ?? 32, opts.maxInItems ?? 50).parseAll();
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly maxDepth: number,
    private readonly maxInItems: number,
  ) {}

  parseAll(): FilterNode {
    const node = this.parseOr(1, undefined);
    const end = this.peek();
    if (end.t !== 'eof') {
      throw syntax(`Syntax error at position ${end.pos}: expected 'and', 'or' or end of expression but found ${describe(end)}.`, end.pos);
    }
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.t !== 'eof') this.index++;
    return token;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.t === 'ident' && token.text.toLowerCase() === keyword;
  }

  private expect(kind: '(' | ')' | ',' | ':', what: string): Token {
    const token = this.next();
    if (token.t !== kind) {
      throw syntax(`Syntax error at position ${token.pos}: expected ${what} but found ${describe(token)}.`, token.pos);
    }
    return token;
  }

  private enter(depth: number, position: number): number {
    if (depth > this.maxDepth) {
      throw syntax(`The $filter expression is nested deeper than the maximum of ${this.maxDepth} levels.`, position);
    }
    return depth;
  }

  private parseOr(depth: number, lambda: string | undefined): FilterNode {
    this.enter(depth, this.peek().pos);
    const operands = [this.parseAnd(depth, lambda)];
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      operands.push(this.parseAnd(depth, lambda));
    }
    return flatten('or', operands);
  }

  private parseAnd(depth: number, lambda: string | undefined): FilterNode {
    const operands = [this.parseUnary(depth, lambda)];
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      operands.push(this.parseUnary(depth, lambda));
    }
    return flatten('and', operands);
  }

  private parseUnary(depth: number, lambda: string | undefined): FilterNode {
    const token = this.peek();
    if (!this.isKeyword(token, 'not')) return this.parsePrimary(depth, lambda, true);
    this.next();
    const inner = this.enter(depth + 1, token.pos);
    const operand = this.isKeyword(this.peek(), 'not') ? this.parseUnary(inner, lambda) : this.parsePrimary(inner, lambda, false);
    return { kind: 'not', operand };
  }

  /** allowComparison is false right after `not`, whose operand is a single primary in OData. */
  private parsePrimary(depth: number, lambda: string | undefined, allowComparison: boolean): FilterNode {
    const token = this.peek();
    if (token.t === '(') {
      this.next();
      const node = this.parseOr(this.enter(depth + 1, token.pos), lambda);
      this.expect(')', "')'");
      this.rejectComparisonOfBoolean();
      return node;
    }
    if (token.t === 'literal') {
      throw unsupported(
        `Unsupported filter clause at position ${token.pos}: a comparison must have a property on the left and a literal on the right.`,
        token.pos,
      );
    }
    if (token.t !== 'ident') {
      throw syntax(`Syntax error at position ${token.pos}: expected an expression but found ${describe(token)}.`, token.pos);
    }
    if (this.peek(1).t === '(') return this.parseFunction(lambda);
    return this.parsePathExpression(depth, lambda, allowComparison);
  }

  private parseFunction(lambda: string | undefined): FilterNode {
    const nameToken = this.next() as Extract<Token, { t: 'ident' }>;
    const name = nameToken.text.toLowerCase();
    if (!SUPPORTED_FUNCTIONS.has(name)) {
      if (UNSUPPORTED_FUNCTIONS.has(name)) {
        throw unsupported(`The function '${nameToken.text}' is not supported in $filter.`, nameToken.pos);
      }
      throw syntax(`An unknown function with name '${nameToken.text}' was found at position ${nameToken.pos}.`, nameToken.pos);
    }
    this.expect('(', "'('");
    const subject = this.parseSubject(lambda);
    this.expect(',', "','");
    const value = this.parseLiteral();
    this.expect(')', "')'");
    this.rejectComparisonOfBoolean();
    return { kind: 'function', name: name as StringFunction, subject, value: value.literal, position: nameToken.pos };
  }

  /** A property path or the lambda variable as a function argument. */
  private parseSubject(lambda: string | undefined): Subject {
    const token = this.peek();
    if (token.t === 'literal') {
      throw unsupported(`Unsupported filter clause at position ${token.pos}: the first argument must be a property.`, token.pos);
    }
    const segments = this.parsePathSegments();
    if (this.peek().t === '(') {
      const at = this.peek();
      throw unsupported(`Nested function calls or lambdas at position ${at.pos} are not supported here.`, at.pos);
    }
    return this.toSubject(segments, lambda);
  }

  private parsePathSegments(): Extract<Token, { t: 'ident' }>[] {
    const first = this.next();
    if (first.t !== 'ident') {
      throw syntax(`Syntax error at position ${first.pos}: expected a property name but found ${describe(first)}.`, first.pos);
    }
    const segments = [first];
    while (this.peek().t === '/' && this.peek(1).t === 'ident' && !this.isLambdaAhead()) {
      this.next();
      segments.push(this.next() as Extract<Token, { t: 'ident' }>);
    }
    for (const segment of segments) {
      if (segment.text.startsWith('$') || segment.text.startsWith('@') || segment.text.includes('.')) {
        throw unsupported(
          `'${segment.text}' at position ${segment.pos} is not supported in $filter (no $count, type casts or parameter aliases).`,
          segment.pos,
        );
      }
    }
    return segments;
  }

  /** At `/any(` or `/all(`. */
  private isLambdaAhead(): boolean {
    const op = this.peek(1);
    return this.peek().t === '/' && (this.isKeyword(op, 'any') || this.isKeyword(op, 'all')) && this.peek(2).t === '(';
  }

  private toSubject(segments: Extract<Token, { t: 'ident' }>[], lambda: string | undefined): Subject {
    if (lambda !== undefined && segments[0].text === lambda) {
      if (segments.length > 1) {
        throw unsupported(
          `Property access on the range variable '${lambda}' at position ${segments[1].pos} is not supported (collections of complex types).`,
          segments[1].pos,
        );
      }
      return { kind: 'variable', name: lambda };
    }
    return { kind: 'property', name: segments.map((s) => s.text).join('/') };
  }

  private parsePathExpression(depth: number, lambda: string | undefined, allowComparison: boolean): FilterNode {
    const start = this.peek();
    const segments = this.parsePathSegments();
    if (this.isLambdaAhead()) return this.parseLambda(segments, depth, lambda);
    const subject = this.toSubject(segments, lambda);
    const op = this.peek();
    const opName = op.t === 'ident' ? op.text.toLowerCase() : '';
    const isComparison = COMPARISON.has(opName) || opName === 'in';
    if (isComparison && !allowComparison) {
      throw syntax(
        `'not' applies only to the operand that follows it; write not(${subject.name} ${opName} ...) at position ${start.pos}.`,
        start.pos,
      );
    }
    if (UNSUPPORTED_OPERATORS.has(opName)) {
      throw unsupported(`The operator '${op.t === 'ident' ? op.text : ''}' is not supported in $filter.`, op.pos);
    }
    if (!isComparison) {
      throw unsupported(
        `Unsupported filter clause at position ${start.pos}: '${subject.name}' must be compared with a value (for example '${subject.name} eq true').`,
        start.pos,
      );
    }
    this.next();
    if (opName === 'in') return this.parseInList(subject, start.pos);
    const value = this.parseLiteral();
    this.rejectComparisonOfBoolean();
    return { kind: 'compare', op: opName as ComparisonOperator, subject, value: value.literal, position: start.pos };
  }

  private parseLambda(segments: Extract<Token, { t: 'ident' }>[], depth: number, lambda: string | undefined): FilterNode {
    this.next();
    const op = this.next() as Extract<Token, { t: 'ident' }>;
    if (op.text.toLowerCase() === 'all') {
      throw unsupported(`The 'all' lambda operator is not supported.`, op.pos);
    }
    if (lambda !== undefined) {
      throw unsupported(`Nested lambda operators at position ${op.pos} are not supported.`, op.pos);
    }
    const inner = this.enter(depth + 1, op.pos);
    const property = segments.map((s) => s.text).join('/');
    const position = segments[0].pos;
    this.expect('(', "'('");
    if (this.peek().t === ')') {
      this.next();
      this.rejectComparisonOfBoolean();
      return { kind: 'any', property, variable: '', position };
    }
    const variable = this.next();
    if (variable.t !== 'ident' || /[./$@]/.test(variable.text)) {
      throw syntax(
        `Syntax error at position ${variable.pos}: expected a range variable name but found ${describe(variable)}.`,
        variable.pos,
      );
    }
    this.expect(':', "':'");
    const predicate = this.parseOr(inner, variable.text);
    this.expect(')', "')'");
    this.rejectComparisonOfBoolean();
    return { kind: 'any', property, variable: variable.text, predicate, position };
  }

  private parseInList(subject: Subject, position: number): FilterNode {
    const open = this.peek();
    if (open.t !== '(') {
      throw syntax(`Syntax error at position ${open.pos}: 'in' must be followed by a parenthesised list.`, open.pos);
    }
    this.next();
    const values: Literal[] = [];
    for (;;) {
      const item = this.parseLiteral();
      values.push(item.literal);
      if (values.length > this.maxInItems) {
        throw unsupported(
          `Too many values in the 'in' list at position ${position}: more than the maximum of ${this.maxInItems}.`,
          item.pos,
        );
      }
      const sep = this.next();
      if (sep.t === ')') break;
      if (sep.t !== ',') {
        throw syntax(`Syntax error at position ${sep.pos}: expected ',' or ')' but found ${describe(sep)}.`, sep.pos);
      }
    }
    this.rejectComparisonOfBoolean();
    return { kind: 'in', subject, values, position };
  }

  private parseLiteral(): Extract<Token, { t: 'literal' }> {
    const token = this.next();
    if (token.t === 'literal') return token;
    if (token.t === 'ident') {
      throw unsupported(
        `Unsupported filter clause at position ${token.pos}: expected a literal value but found ${describe(token)} (comparing two properties is not supported).`,
        token.pos,
      );
    }
    throw syntax(`Syntax error at position ${token.pos}: expected a literal value but found ${describe(token)}.`, token.pos);
  }

  /** `a eq 'x' eq true`, `startswith(a,'x') eq true` are valid OData but unsupported here. */
  private rejectComparisonOfBoolean(): void {
    const token = this.peek();
    if (token.t === 'ident') {
      const name = token.text.toLowerCase();
      if (COMPARISON.has(name) || name === 'in' || UNSUPPORTED_OPERATORS.has(name)) {
        throw unsupported(`Comparing the result of a boolean expression at position ${token.pos} is not supported.`, token.pos);
      }
    }
  }
}

function flatten(kind: 'and' | 'or', operands: FilterNode[]): FilterNode {
  if (operands.length === 1) return operands[0];
  const flat: FilterNode[] = [];
  for (const operand of operands) {
    if (operand.kind === kind) flat.push(...operand.operands);
    else flat.push(operand);
  }
  return { kind, operands: flat };
}
