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
import {
  BoundedFilterParser,
  booleanFilterToSql,
  comparisonSql,
  describeToken as describe,
  filterBadRequest as badRequest,
  filterUnsupported as unsupported,
  tokenizeBoundedFilter,
  type BooleanNode,
  type FilterSql,
  type Token,
} from '../../http/filter-grammar';
import { LOG_FILTER_PROPERTIES, type LogFilterOperator, type LogFilterProperty } from './provisioning-log.columns';

export { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from '../../http/filter-grammar';

type LogFilterClause =
  | {
      readonly kind: 'compare';
      readonly property: string;
      readonly op: Exclude<LogFilterOperator, 'contains'>;
      /** string (string properties), ISO instant (datetime), number (int), null (`eq null`). */
      readonly value: string | number | null;
    }
  | { readonly kind: 'contains'; readonly property: string; readonly value: string };

export type LogFilterNode = BooleanNode<LogFilterClause> | LogFilterClause;

export type LogFilterSql = FilterSql;

const COMPARISONS = new Set(['eq', 'gt', 'ge', 'lt', 'le']);
const UNSUPPORTED_KEYWORDS = new Set(['ne', 'in', 'has', 'not', 'add', 'sub', 'mul', 'div', 'mod']);
const TYPE_NAME = 'microsoft.graph.provisioningObjectSummary';

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
  return new Parser(tokenizeBoundedFilter(text)).parseAll();
}

class Parser extends BoundedFilterParser<LogFilterClause> {
  protected readonly clauseStart = "a property or 'contains('";

  protected parseClause(): LogFilterClause {
    const word = this.keyword(this.peek());
    if (word === 'not') throw unsupported(`'not' is not supported on provisioning logs.`, this.peek().pos);
    if (this.peek(1).t === '(') return this.parseFunction();
    return this.parseComparison();
  }

  private parseFunction(): LogFilterClause {
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

  private parseComparison(): LogFilterClause {
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

  private parseProperty(op: LogFilterOperator): { name: string; spec: LogFilterProperty; pos: number } {
    return this.readProperty(op, LOG_FILTER_PROPERTIES, TYPE_NAME, 'lambda operators and casts are not supported on provisioning logs');
  }
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

/**
 * SQL for a parsed filter over entra.provisioning_logs, placeholders from `$firstParam`. No `not` exists in the
 * grammar, so a NULL column simply never matches (as in Graph).
 */
export function logFilterToSql(node: LogFilterNode, firstParam = 1): LogFilterSql {
  return booleanFilterToSql<LogFilterClause>(
    node,
    (n, param) => {
      const spec = LOG_FILTER_PROPERTIES[n.property];
      if (n.kind === 'contains') {
        return spec.caseInsensitive
          ? `(strpos(lower(${spec.column}), lower(${param(n.value, 'text')})) > 0)`
          : `(strpos(${spec.column}, ${param(n.value, 'text')}) > 0)`;
      }
      if (n.value === null) return `(${spec.column} IS NULL)`;
      const cast = spec.type === 'datetime' ? 'timestamptz' : spec.type === 'int' ? 'bigint' : 'text';
      return comparisonSql(spec.column, n.op, n.value, cast, param, spec.caseInsensitive);
    },
    firstParam,
  );
}

/** parseLogFilter + logFilterToSql. */
export function provisioningLogFilterSql(text: string, firstParam = 1): LogFilterSql {
  return logFilterToSql(parseLogFilter(text), firstParam);
}
