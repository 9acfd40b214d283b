/**
 * `$filter` for GET /auditLogs/provisioning: Graph documents `eq`, `contains`, `gt`, `lt` (plus `and`/`or`) on a
 * fixed list of properties, case-sensitive except for the status. libs/odata's lexer reads the text (literals,
 * quotes, dates, positions); this small grammar adds `contains` (which libs/odata does not implement) and rejects
 * everything the endpoint does not serve. Values only ever travel as SQL parameters.
 *
 *   or      := and ('or' and)*
 *   and     := primary ('and' primary)*
 *   primary := '(' or ')' | 'contains' '(' property ',' literal ')' | property op literal
 *   op      := eq | gt | ge | lt | le
 */
import { ODataError } from '@app/odata';
import { tokenize, type Token } from '@app/odata/filter-lexer';
import { LOG_FILTER_PROPERTIES, type LogFilterOperator, type LogFilterProperty } from './provisioning-log.columns';

export type LogFilterNode =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly LogFilterNode[] }
  | {
      readonly kind: 'compare';
      readonly property: string;
      readonly op: Exclude<LogFilterOperator, 'contains'>;
      /** string (string properties), ISO instant (datetime), number (int), null (`eq null`). */
      readonly value: string | number | null;
    }
  | { readonly kind: 'contains'; readonly property: string; readonly value: string };

export interface LogFilterSql {
  sql: string;
  params: unknown[];
}

export const MAX_FILTER_LENGTH = 2048;
export const MAX_FILTER_DEPTH = 32;
export const MAX_FILTER_CLAUSES = 100;

const COMPARISONS = new Set(['eq', 'gt', 'ge', 'lt', 'le']);
const UNSUPPORTED_KEYWORDS = new Set(['ne', 'in', 'has', 'not', 'add', 'sub', 'mul', 'div', 'mod']);
const TYPE_NAME = 'microsoft.graph.provisioningObjectSummary';

const badRequest = (message: string, position?: number): ODataError =>
  new ODataError('Request_BadRequest', `Invalid filter clause: ${message}`, position);

function describe(token: Token): string {
  if (token.t === 'eof') return 'end of expression';
  if (token.t === 'ident' || token.t === 'literal') return `'${token.text}'`;
  return `'${token.t}'`;
}

/** Graph property names are case-insensitive; answers the canonical spelling. */
export function resolveLogFilterProperty(name: string): { name: string; spec: LogFilterProperty } | undefined {
  const lower = name.toLowerCase();
  for (const key of Object.keys(LOG_FILTER_PROPERTIES)) {
    if (key.toLowerCase() === lower) return { name: key, spec: LOG_FILTER_PROPERTIES[key] };
  }
  return undefined;
}

/** Parses and validates a provisioning-log $filter. Throws only ODataError (Request_BadRequest). */
export function parseLogFilter(text: string): LogFilterNode {
  if (typeof text !== 'string' || text.trim() === '') throw badRequest('the $filter expression must not be empty.', 0);
  if (text.length > MAX_FILTER_LENGTH)
    throw badRequest(`the $filter expression is longer than ${MAX_FILTER_LENGTH} characters.`, MAX_FILTER_LENGTH);
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof ODataError) throw new ODataError('Request_BadRequest', error.message, error.position);
    throw error;
  }
  return new Parser(tokens).parseAll();
}

class Parser {
  private index = 0;
  private clauses = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): LogFilterNode {
    const node = this.parseOr(1);
    const end = this.peek();
    if (end.t !== 'eof')
      throw badRequest(`expected 'and', 'or' or the end of the expression at position ${end.pos} but found ${describe(end)}.`, end.pos);
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

  private keyword(token: Token): string {
    return token.t === 'ident' ? token.text.toLowerCase() : '';
  }

  private expect(kind: '(' | ')' | ',', what: string): void {
    const token = this.next();
    if (token.t !== kind) throw badRequest(`expected ${what} at position ${token.pos} but found ${describe(token)}.`, token.pos);
  }

  private parseOr(depth: number): LogFilterNode {
    if (depth > MAX_FILTER_DEPTH)
      throw badRequest(`the $filter expression is nested deeper than ${MAX_FILTER_DEPTH} levels.`, this.peek().pos);
    const operands = [this.parseAnd(depth)];
    while (this.keyword(this.peek()) === 'or') {
      this.next();
      operands.push(this.parseAnd(depth));
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(depth: number): LogFilterNode {
    const operands = [this.parsePrimary(depth)];
    while (this.keyword(this.peek()) === 'and') {
      this.next();
      operands.push(this.parsePrimary(depth));
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parsePrimary(depth: number): LogFilterNode {
    const token = this.peek();
    if (token.t === '(') {
      this.next();
      const node = this.parseOr(depth + 1);
      this.expect(')', "')'");
      return node;
    }
    if (token.t !== 'ident')
      throw badRequest(`expected a property or 'contains(' at position ${token.pos} but found ${describe(token)}.`, token.pos);
    if (++this.clauses > MAX_FILTER_CLAUSES) throw badRequest(`more than ${MAX_FILTER_CLAUSES} clauses.`, token.pos);
    const word = this.keyword(token);
    if (word === 'not') throw unsupported(`'not' is not supported on provisioning logs.`, token.pos);
    if (this.peek(1).t === '(') return this.parseFunction();
    return this.parseComparison();
  }

  private parseFunction(): LogFilterNode {
    const name = this.next() as Extract<Token, { t: 'ident' }>;
    if (name.text.toLowerCase() !== 'contains') {
      throw unsupported(`the function '${name.text}' is not supported on provisioning logs; use eq or contains.`, name.pos);
    }
    this.expect('(', "'('");
    const property = this.parseProperty('contains');
    this.expect(',', "','");
    const literal = this.next();
    const value = literalValue(literal, property, 'contains');
    if (typeof value !== 'string') throw badRequest(`contains() needs a string value at position ${literal.pos}.`, literal.pos);
    this.expect(')', "')'");
    return { kind: 'contains', property: property.name, value };
  }

  private parseComparison(): LogFilterNode {
    const start = this.peek();
    const opToken = this.peekAfterPath();
    const op = this.keyword(opToken);
    if (UNSUPPORTED_KEYWORDS.has(op)) throw unsupported(`the operator '${op}' is not supported on provisioning logs.`, opToken.pos);
    if (!COMPARISONS.has(op)) {
      throw badRequest(`expected an operator (eq, gt, ge, lt, le) at position ${opToken.pos} but found ${describe(opToken)}.`, opToken.pos);
    }
    const property = this.parseProperty(op as LogFilterOperator);
    this.next(); // the operator
    const literal = this.next();
    const value = literalValue(literal, property, op as LogFilterOperator);
    if (value === null && op !== 'eq') throw badRequest(`null can only be compared with eq (position ${start.pos}).`, start.pos);
    return { kind: 'compare', property: property.name, op: op as Exclude<LogFilterOperator, 'contains'>, value };
  }

  /** The token after the property path starting at the current token (without consuming anything). */
  private peekAfterPath(): Token {
    let offset = 1;
    while (this.peek(offset).t === '/' && this.peek(offset + 1).t === 'ident') offset += 2;
    return this.peek(offset);
  }

  private parseProperty(op: LogFilterOperator): { name: string; spec: LogFilterProperty; pos: number } {
    const first = this.next();
    if (first.t !== 'ident') throw badRequest(`expected a property name at position ${first.pos} but found ${describe(first)}.`, first.pos);
    let path = first.text;
    while (this.peek().t === '/' && this.peek(1).t === 'ident') {
      this.next();
      path += `/${(this.next() as Extract<Token, { t: 'ident' }>).text}`;
    }
    if (this.peek().t === '/')
      throw unsupported(
        `lambda operators and casts are not supported on provisioning logs (position ${this.peek().pos}).`,
        this.peek().pos,
      );
    const found = resolveLogFilterProperty(path);
    if (!found) {
      throw new ODataError(
        'Request_BadRequest',
        `Could not find a property named '${path}' on type '${TYPE_NAME}' that supports $filter.`,
        first.pos,
      );
    }
    if (!found.spec.operators.includes(op)) {
      throw unsupported(`'${op}' is not supported on '${found.name}'; supported: ${found.spec.operators.join(', ')}.`, first.pos);
    }
    return { ...found, pos: first.pos };
  }
}

function unsupported(message: string, position: number): ODataError {
  return new ODataError('Request_BadRequest', `Unsupported filter clause: ${message}`, position);
}

function literalValue(token: Token, property: { name: string; spec: LogFilterProperty }, op: LogFilterOperator): string | number | null {
  if (token.t !== 'literal') throw badRequest(`expected a literal value at position ${token.pos} but found ${describe(token)}.`, token.pos);
  const literal = token.literal;
  if (literal.type === 'null') return null;
  switch (property.spec.type) {
    case 'string':
      if (literal.type === 'string') return literal.value;
      // An unquoted GUID keeps the case it was written in (string comparisons are case-sensitive).
      if (literal.type === 'guid') return token.text;
      break;
    case 'datetime':
      if (literal.type === 'datetime') return literal.value;
      break;
    case 'int':
      if (literal.type === 'int') return literal.value;
      break;
  }
  const expected = { string: 'a quoted string', datetime: 'a DateTimeOffset (e.g. 2024-01-01T00:00:00Z)', int: 'an integer' }[
    property.spec.type
  ];
  throw badRequest(`'${property.name} ${op}' needs ${expected} at position ${token.pos}, found ${describe(token)}.`, token.pos);
}

const SQL_OPERATOR: Record<Exclude<LogFilterOperator, 'contains'>, string> = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' };

/**
 * SQL for a parsed filter over entra.provisioning_logs, placeholders from `$firstParam`. No `not` exists in the
 * grammar, so a NULL column simply never matches (as in Graph).
 */
export function logFilterToSql(node: LogFilterNode, firstParam = 1): LogFilterSql {
  const params: unknown[] = [];
  const param = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}::${cast}`;
  };
  const emit = (n: LogFilterNode): string => {
    switch (n.kind) {
      case 'and':
      case 'or':
        return `(${n.operands.map(emit).join(n.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'contains': {
        const spec = LOG_FILTER_PROPERTIES[n.property];
        return spec.caseInsensitive
          ? `(strpos(lower(${spec.column}), lower(${param(n.value, 'text')})) > 0)`
          : `(strpos(${spec.column}, ${param(n.value, 'text')}) > 0)`;
      }
      case 'compare': {
        const spec = LOG_FILTER_PROPERTIES[n.property];
        if (n.value === null) return `(${spec.column} IS NULL)`;
        const op = SQL_OPERATOR[n.op];
        if (spec.type === 'datetime') return `(${spec.column} ${op} ${param(n.value, 'timestamptz')})`;
        if (spec.type === 'int') return `(${spec.column} ${op} ${param(n.value, 'bigint')})`;
        if (spec.caseInsensitive) return `(lower(${spec.column}) ${op} lower(${param(n.value, 'text')}))`;
        return `(${spec.column} ${op} ${param(n.value, 'text')})`;
      }
    }
  };
  return { sql: emit(node), params };
}

/** parseLogFilter + logFilterToSql. */
export function provisioningLogFilterSql(text: string, firstParam = 1): LogFilterSql {
  return logFilterToSql(parseLogFilter(text), firstParam);
}
