import { ScimError, ScimType } from './errors';
import {
  COMPARE_OPS,
  CompareNode,
  CompareOp,
  DEFAULT_FILTER_LIMITS,
  FilterLimits,
  FilterNode,
  FilterValue,
  PresentNode,
} from './filter-ast';

/** Recursive-descent parser for RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH paths. Linear time, no backtracking. */

type TokenType = 'word' | 'string' | '(' | ')' | '[' | ']' | 'eof';
interface Token {
  type: TokenType;
  text: string;
  pos: number;
  /** decoded value of a string token */
  value?: string;
}

const PUNCTUATION = new Set(['(', ')', '[', ']']);
/** RFC ATTRNAME plus '$' ('$ref') and a leading '_' (so '__proto__' is merely an unknown attribute). */
const NAME = /^[A-Za-z_$][\w$-]*$/;
const NAME_WITH_SUB = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)?$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const OPS = new Set<string>(COMPARE_OPS);

class Lexer {
  private index = 0;
  constructor(
    private readonly text: string,
    private readonly fail: (message: string, pos: number) => never,
  ) {}

  next(): Token {
    const { text } = this;
    while (this.index < text.length && /\s/.test(text[this.index])) this.index++;
    const start = this.index;
    if (start >= text.length) return { type: 'eof', text: '', pos: start };
    const ch = text[start];
    if (PUNCTUATION.has(ch)) {
      this.index++;
      return { type: ch as TokenType, text: ch, pos: start };
    }
    if (ch === '"') return this.string(start);
    while (this.index < text.length && !/[\s()[\]"]/.test(text[this.index])) this.index++;
    return { type: 'word', text: text.slice(start, this.index), pos: start };
  }

  private string(start: number): Token {
    const { text } = this;
    let i = start + 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) this.fail('unterminated string', start);
    this.index = i + 1;
    const raw = text.slice(start, i + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      this.fail(`invalid string literal ${raw}`, start);
    }
    return { type: 'string', text: raw, pos: start, value: value as string };
  }
}

export interface PathSyntax {
  attribute: string;
  position: number;
  filter?: FilterNode;
  subAttribute?: string;
}

export class FilterParser {
  private readonly lexer: Lexer;
  private token: Token;
  private readonly maxDepth: number;

  constructor(
    private readonly text: string,
    private readonly scimType: ScimType,
    limits: FilterLimits = {},
  ) {
    const maxLength = limits.maxLength ?? DEFAULT_FILTER_LIMITS.maxLength;
    this.maxDepth = limits.maxDepth ?? DEFAULT_FILTER_LIMITS.maxDepth;
    if (text.length > maxLength) this.fail(`longer than ${maxLength} characters`, maxLength);
    this.lexer = new Lexer(text, (message, pos) => this.fail(message, pos));
    this.token = this.lexer.next();
  }

  /** FILTER EOF */
  parseFilter(): FilterNode {
    if (this.peek().type === 'eof') this.fail('empty filter', 0);
    const node = this.parseOr(0, false);
    this.expect('eof');
    return node;
  }

  /** PATH = attrPath / valuePath [subAttr] */
  parsePath(): PathSyntax {
    if (this.peek().type !== 'word') this.fail('expected an attribute path', this.peek().pos);
    const attrToken = this.take();
    this.checkAttrPath(attrToken, false);
    const result: PathSyntax = { attribute: attrToken.text, position: attrToken.pos };
    if (this.peek().type === '[') {
      this.checkNoSub(attrToken);
      result.filter = this.parseBrackets(0);
      if (this.peek().type === 'word' && this.peek().text.startsWith('.')) result.subAttribute = this.subAttr(this.take());
    }
    this.expect('eof');
    return result;
  }

  private parseOr(depth: number, relative: boolean): FilterNode {
    const filters = [this.parseAnd(depth, relative)];
    while (this.isKeyword('or')) {
      this.take();
      filters.push(this.parseAnd(depth, relative));
    }
    return filters.length === 1 ? filters[0] : { kind: 'or', filters };
  }

  private parseAnd(depth: number, relative: boolean): FilterNode {
    const filters = [this.parseUnary(depth, relative)];
    while (this.isKeyword('and')) {
      this.take();
      filters.push(this.parseUnary(depth, relative));
    }
    return filters.length === 1 ? filters[0] : { kind: 'and', filters };
  }

  private parseUnary(depth: number, relative: boolean): FilterNode {
    const tok = this.token;
    if (tok.type === '(') {
      this.enter(depth, tok);
      this.take();
      const inner = this.parseOr(depth + 1, relative);
      this.expect(')');
      return inner;
    }
    if (tok.type === 'word' && tok.text.toLowerCase() === 'not') {
      this.take();
      if (this.peek().type !== '(') this.fail("expected '(' after 'not'", this.peek().pos);
      this.enter(depth, tok);
      this.take();
      const inner = this.parseOr(depth + 1, relative);
      this.expect(')');
      return { kind: 'not', filter: inner };
    }
    if (tok.type === 'word') return this.parseAttrExp(depth, relative);
    return this.fail(
      tok.type === 'eof' ? 'unexpected end of filter, expected an expression' : `unexpected '${tok.text}', expected an attribute`,
      tok.pos,
    );
  }

  private parseAttrExp(depth: number, relative: boolean): FilterNode {
    const attrToken = this.take();
    this.checkAttrPath(attrToken, relative);
    if (this.peek().type === '[') {
      if (relative) this.fail('value paths cannot be nested', this.peek().pos);
      this.checkNoSub(attrToken);
      const filter = this.parseBrackets(depth);
      if (this.peek().type === 'word' && this.peek().text.startsWith('.')) {
        // Non-RFC form used by Entra: emails[type eq "work"].value eq "x"
        const sub = this.subAttr(this.take());
        return { ...this.parseOperator(`${attrToken.text}.${sub}`, attrToken.pos), elementFilter: filter };
      }
      return { kind: 'valuePath', attribute: attrToken.text, filter, position: attrToken.pos };
    }
    return this.parseOperator(attrToken.text, attrToken.pos);
  }

  private parseOperator(attribute: string, position: number): CompareNode | PresentNode {
    const opToken = this.token;
    if (opToken.type !== 'word') this.fail(`expected an operator after '${attribute}'`, opToken.pos);
    const op = opToken.text.toLowerCase();
    this.take();
    if (op === 'pr') return { kind: 'present', attribute, position };
    if (!OPS.has(op)) this.fail(`unknown operator '${opToken.text}'`, opToken.pos);
    return { kind: 'compare', attribute, op: op as CompareOp, value: this.parseValue(), position };
  }

  private parseValue(): FilterValue {
    const tok = this.token;
    if (tok.type === 'string') {
      this.take();
      return tok.value as string;
    }
    if (tok.type === 'word') {
      const lower = tok.text.toLowerCase();
      this.take();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      if (NUMBER.test(tok.text)) return Number(tok.text);
      return this.fail(`invalid value '${tok.text}' (strings must be quoted)`, tok.pos);
    }
    return this.fail('expected a value', tok.pos);
  }

  /** '[' valFilter ']' — the current token is '['. */
  private parseBrackets(depth: number): FilterNode {
    this.enter(depth, this.token);
    this.take();
    if (this.peek().type === ']') this.fail('empty value filter', this.peek().pos);
    const filter = this.parseOr(depth + 1, true);
    this.expect(']');
    return filter;
  }

  private subAttr(tok: Token): string {
    const name = tok.text.slice(1);
    if (!NAME.test(name)) this.fail(`invalid sub-attribute '${tok.text}'`, tok.pos);
    return name;
  }

  private checkAttrPath(tok: Token, relative: boolean): void {
    const { text } = tok;
    if (relative) {
      if (!NAME.test(text)) this.fail(`invalid sub-attribute name '${text}'`, tok.pos);
      return;
    }
    const colon = text.lastIndexOf(':');
    const name = colon < 0 ? text : text.slice(colon + 1);
    if ((colon >= 0 && colon < 2) || !NAME_WITH_SUB.test(name)) this.fail(`invalid attribute path '${text}'`, tok.pos);
  }

  private checkNoSub(tok: Token): void {
    const colon = tok.text.lastIndexOf(':');
    if (tok.text.slice(colon + 1).includes('.'))
      this.fail(`a value filter must follow an attribute, not a sub-attribute ('${tok.text}')`, tok.pos);
  }

  private enter(depth: number, tok: Token): void {
    if (depth + 1 > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, tok.pos);
  }

  private isKeyword(word: string): boolean {
    return this.peek().type === 'word' && this.peek().text.toLowerCase() === word;
  }

  /** The current token (a method, so TypeScript does not narrow it across take()). */
  private peek(): Token {
    return this.token;
  }

  private take(): Token {
    const tok = this.token;
    this.token = this.lexer.next();
    return tok;
  }

  private expect(type: TokenType): void {
    if (this.peek().type === type) {
      if (type !== 'eof') this.take();
      return;
    }
    const expected = type === 'eof' ? 'end of input' : `'${type}'`;
    const found = this.peek().type === 'eof' ? 'end of input' : `'${this.peek().text}'`;
    this.fail(`expected ${expected} but found ${found}`, this.peek().pos);
  }

  private fail(message: string, pos: number): never {
    const kind = this.scimType === 'invalidPath' ? 'path' : 'filter';
    throw new ScimError(400, this.scimType, `Invalid ${kind}: ${message} at position ${pos}`);
  }
}

/** Runs `fn`, turning anything that is not a ScimError (e.g. a stack overflow) into one. */
export function guarded<T>(scimType: ScimType, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ScimError) throw err;
    throw new ScimError(400, scimType, scimType === 'invalidPath' ? 'Invalid path: too complex' : 'Invalid filter: too complex');
  }
}
