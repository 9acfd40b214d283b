/**
 * The part of a small, endpoint-specific `$filter` grammar that the log endpoints share (GET /auditLogs/provisioning,
 * GET /auditLogs/directoryAudits): size limits, libs/odata's lexer with its errors as Request_BadRequest, a token
 * cursor, and `and`/`or`/parentheses around clauses each endpoint parses itself:
 *
 *   or      := and ('or' and)*
 *   and     := primary ('and' primary)*
 *   primary := '(' or ')' | clause
 */
import { ODataError } from '@app/odata';
import { tokenize, type Token } from '@app/odata/filter-lexer';

export type { Token } from '@app/odata/filter-lexer';

export const MAX_FILTER_LENGTH = 2048;
export const MAX_FILTER_DEPTH = 32;
export const MAX_FILTER_CLAUSES = 100;

export const filterBadRequest = (message: string, position?: number): ODataError =>
  new ODataError('Request_BadRequest', `Invalid filter clause: ${message}`, position);

export const filterUnsupported = (message: string, position: number): ODataError =>
  new ODataError('Request_BadRequest', `Unsupported filter clause: ${message}`, position);

export function describeToken(token: Token): string {
  if (token.t === 'eof') return 'end of expression';
  if (token.t === 'ident' || token.t === 'literal') return `'${token.text}'`;
  return `'${token.t}'`;
}

/** Checks the size of a $filter and splits it; every error is a Request_BadRequest ODataError. */
export function tokenizeBoundedFilter(text: string): Token[] {
  if (typeof text !== 'string' || text.trim() === '') throw filterBadRequest('the $filter expression must not be empty.', 0);
  if (text.length > MAX_FILTER_LENGTH)
    throw filterBadRequest(`the $filter expression is longer than ${MAX_FILTER_LENGTH} characters.`, MAX_FILTER_LENGTH);
  try {
    return tokenize(text);
  } catch (error) {
    if (error instanceof ODataError) throw new ODataError('Request_BadRequest', error.message, error.position);
    throw error;
  }
}

export type BooleanNode<Clause> = { readonly kind: 'and' | 'or'; readonly operands: readonly (BooleanNode<Clause> | Clause)[] };

/**
 * Reads `and`/`or`/parentheses with bounded depth and clause count; a subclass reads one clause (`parseClause`,
 * called with the cursor on its first token, an identifier).
 */
export abstract class BoundedFilterParser<Clause> {
  private index = 0;
  private clauses = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  protected abstract parseClause(): Clause;

  /** What the clause grammar expects where a primary begins, for the error message. */
  protected abstract readonly clauseStart: string;

  parseAll(): BooleanNode<Clause> | Clause {
    const node = this.parseOr(1);
    const end = this.peek();
    if (end.t !== 'eof')
      throw filterBadRequest(
        `expected 'and', 'or' or the end of the expression at position ${end.pos} but found ${describeToken(end)}.`,
        end.pos,
      );
    return node;
  }

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.peek();
    if (token.t !== 'eof') this.index++;
    return token;
  }

  protected keyword(token: Token): string {
    return token.t === 'ident' ? token.text.toLowerCase() : '';
  }

  protected expect(kind: '(' | ')' | ',' | ':' | '/', what: string): void {
    const token = this.next();
    if (token.t !== kind) throw filterBadRequest(`expected ${what} at position ${token.pos} but found ${describeToken(token)}.`, token.pos);
  }

  /** The token after the property path starting at the current token (without consuming anything). */
  protected peekAfterPath(): Token {
    let offset = 1;
    while (this.peek(offset).t === '/' && this.peek(offset + 1).t === 'ident') offset += 2;
    return this.peek(offset);
  }

  /** Reads `a/b/c` (at least one identifier). */
  protected readPath(): { path: string; pos: number } {
    const first = this.next();
    if (first.t !== 'ident')
      throw filterBadRequest(`expected a property name at position ${first.pos} but found ${describeToken(first)}.`, first.pos);
    let path = first.text;
    while (this.peek().t === '/' && this.peek(1).t === 'ident') {
      this.next();
      path += `/${(this.next() as Extract<Token, { t: 'ident' }>).text}`;
    }
    return { path, pos: first.pos };
  }

  /**
   * Reads a property path and checks that it names one of `properties` (case-insensitively) serving `op`; `noPath`
   * says why a further `/` (a lambda or a cast) is refused.
   */
  protected readProperty<Spec extends { operators: readonly string[] }>(
    op: string,
    properties: Readonly<Record<string, Spec>>,
    typeName: string,
    noPath: string,
  ): { name: string; spec: Spec; pos: number } {
    const { path, pos } = this.readPath();
    if (this.peek().t === '/') throw filterUnsupported(`${noPath} (position ${this.peek().pos}).`, this.peek().pos);
    const lower = path.toLowerCase();
    const name = Object.keys(properties).find((key) => key.toLowerCase() === lower);
    if (name === undefined) {
      throw new ODataError(
        'Request_BadRequest',
        `Could not find a property named '${path}' on type '${typeName}' that supports $filter.`,
        pos,
      );
    }
    const spec = properties[name];
    if (!spec.operators.includes(op)) {
      throw filterUnsupported(`'${op}' is not supported on '${name}'; supported: ${spec.operators.join(', ')}.`, pos);
    }
    return { name, spec, pos };
  }

  private parseOr(depth: number): BooleanNode<Clause> | Clause {
    if (depth > MAX_FILTER_DEPTH)
      throw filterBadRequest(`the $filter expression is nested deeper than ${MAX_FILTER_DEPTH} levels.`, this.peek().pos);
    const operands = [this.parseAnd(depth)];
    while (this.keyword(this.peek()) === 'or') {
      this.next();
      operands.push(this.parseAnd(depth));
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(depth: number): BooleanNode<Clause> | Clause {
    const operands = [this.parsePrimary(depth)];
    while (this.keyword(this.peek()) === 'and') {
      this.next();
      operands.push(this.parsePrimary(depth));
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parsePrimary(depth: number): BooleanNode<Clause> | Clause {
    const token = this.peek();
    if (token.t === '(') {
      this.next();
      const node = this.parseOr(depth + 1);
      this.expect(')', "')'");
      return node;
    }
    if (token.t !== 'ident')
      throw filterBadRequest(`expected ${this.clauseStart} at position ${token.pos} but found ${describeToken(token)}.`, token.pos);
    if (++this.clauses > MAX_FILTER_CLAUSES) throw filterBadRequest(`more than ${MAX_FILTER_CLAUSES} clauses.`, token.pos);
    return this.parseClause();
  }
}

export interface FilterSql {
  sql: string;
  params: unknown[];
}

/** Binds a value as the next placeholder, cast as given; answers the placeholder text. */
export type BindParam = (value: unknown, cast: string) => string;

const isBoolean = <Clause>(node: BooleanNode<Clause> | Clause): node is BooleanNode<Clause> =>
  (node as { kind?: unknown }).kind === 'and' || (node as { kind?: unknown }).kind === 'or';

/** SQL for a parsed filter, placeholders from `$firstParam`: `and`/`or` here, each clause by `clause`. */
export function booleanFilterToSql<Clause>(
  node: BooleanNode<Clause> | Clause,
  clause: (c: Clause, param: BindParam) => string,
  firstParam = 1,
): FilterSql {
  const params: unknown[] = [];
  const param: BindParam = (value, cast) => {
    params.push(value);
    return `$${firstParam + params.length - 1}::${cast}`;
  };
  const emit = (n: BooleanNode<Clause> | Clause): string =>
    isBoolean(n) ? `(${n.operands.map(emit).join(n.kind === 'and' ? ' AND ' : ' OR ')})` : clause(n, param);
  return { sql: emit(node), params };
}

export type ComparisonOperator = 'eq' | 'gt' | 'ge' | 'lt' | 'le';
const SQL_COMPARISON: Record<ComparisonOperator, string> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };

/** `column op value`, the value bound with its cast; text compared case-insensitively when asked. */
export function comparisonSql(
  column: string,
  op: ComparisonOperator,
  value: unknown,
  cast: 'text' | 'timestamptz' | 'bigint',
  param: BindParam,
  caseInsensitive = false,
): string {
  if (cast === 'text' && caseInsensitive) return `(lower(${column}) ${SQL_COMPARISON[op]} lower(${param(value, 'text')}))`;
  return `(${column} ${SQL_COMPARISON[op]} ${param(value, cast)})`;
}
