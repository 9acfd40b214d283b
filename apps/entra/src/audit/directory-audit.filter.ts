/**
 * `$filter` for GET /auditLogs/directoryAudits: exactly the properties and operators Graph documents for
 * directoryAudit, with `and`/`or` and parentheses (filter-grammar.ts):
 *
 *   clause := property op literal | 'startswith' '(' property ',' string ')'
 *           | 'targetResources' '/' 'any' '(' var ':' (var '/' tprop op string | 'startswith' '(' var '/' tprop ',' string ')') ')'
 *   op     := eq | ge | le            (ge/le on activityDateTime only)
 *
 * Comparisons are case-sensitive except `result` (an enumeration). Values only ever travel as SQL parameters.
 */
import {
  BoundedFilterParser,
  booleanFilterToSql,
  comparisonSql,
  describeToken,
  filterBadRequest,
  filterUnsupported,
  tokenizeBoundedFilter,
  type BooleanNode,
  type FilterSql,
  type Token,
} from '../http/filter-grammar';

export type AuditFilterOperator = 'eq' | 'ge' | 'le' | 'startswith';

interface AuditFilterProperty {
  /** SQL expression over entra.directory_audits (constant text: never built from input). */
  sql: string;
  type: 'string' | 'datetime';
  operators: readonly AuditFilterOperator[];
  caseInsensitive?: boolean;
}

const EQ: readonly AuditFilterOperator[] = ['eq'];
const EQ_STARTSWITH: readonly AuditFilterOperator[] = ['eq', 'startswith'];

/** Graph's documented directoryAudit filters → SQL. Property names are case-insensitive. */
export const AUDIT_FILTER_PROPERTIES: Readonly<Record<string, AuditFilterProperty>> = Object.freeze({
  activityDateTime: { sql: 'activity_date_time', type: 'datetime', operators: ['eq', 'ge', 'le'] },
  activityDisplayName: { sql: 'activity_display_name', type: 'string', operators: EQ_STARTSWITH },
  category: { sql: 'category', type: 'string', operators: EQ },
  correlationId: { sql: 'correlation_id', type: 'string', operators: EQ },
  id: { sql: 'id', type: 'string', operators: EQ },
  loggedByService: { sql: 'logged_by_service', type: 'string', operators: EQ },
  result: { sql: 'result', type: 'string', operators: EQ, caseInsensitive: true },
  'initiatedBy/user/id': { sql: "(initiated_by->'user'->>'id')", type: 'string', operators: EQ },
  'initiatedBy/user/displayName': { sql: "(initiated_by->'user'->>'displayName')", type: 'string', operators: EQ },
  'initiatedBy/user/userPrincipalName': { sql: "(initiated_by->'user'->>'userPrincipalName')", type: 'string', operators: EQ_STARTSWITH },
  'initiatedBy/app/appId': { sql: "(initiated_by->'app'->>'appId')", type: 'string', operators: EQ },
  'initiatedBy/app/displayName': { sql: "(initiated_by->'app'->>'displayName')", type: 'string', operators: EQ },
});

/** Properties of a targetResource a lambda may test, with their operators. */
const TARGET_PROPERTIES: Readonly<Record<string, readonly AuditFilterOperator[]>> = { id: EQ, displayName: EQ_STARTSWITH };

export type AuditFilterClause =
  | { readonly kind: 'compare'; readonly property: string; readonly op: 'eq' | 'ge' | 'le'; readonly value: string }
  | { readonly kind: 'startswith'; readonly property: string; readonly value: string }
  | { readonly kind: 'anyTarget'; readonly property: 'id' | 'displayName'; readonly op: 'eq' | 'startswith'; readonly value: string };

export type AuditFilterNode = BooleanNode<AuditFilterClause> | AuditFilterClause;

export type AuditFilterSql = FilterSql;

const TYPE_NAME = 'microsoft.graph.directoryAudit';
const COMPARISONS = new Set(['eq', 'ge', 'le']);
const UNSUPPORTED_OPERATORS = new Set(['ne', 'gt', 'lt', 'in', 'has', 'add', 'sub', 'mul', 'div', 'mod']);

/** Parses and validates a directoryAudit $filter. Throws only ODataError (Request_BadRequest). */
export function parseAuditFilter(text: string): AuditFilterNode {
  return new AuditFilterParser(tokenizeBoundedFilter(text)).parseAll();
}

class AuditFilterParser extends BoundedFilterParser<AuditFilterClause> {
  protected readonly clauseStart = "a property, 'startswith(' or 'targetResources/any('";

  protected parseClause(): AuditFilterClause {
    const token = this.peek() as Extract<Token, { t: 'ident' }>;
    const word = this.keyword(token);
    if (word === 'not') throw filterUnsupported(`'not' is not supported on directory audits.`, token.pos);
    if (this.peek(1).t === '(') {
      if (word !== 'startswith') {
        throw filterUnsupported(`the function '${token.text}' is not supported on directory audits; use eq or startswith.`, token.pos);
      }
      return this.parseStartsWith();
    }
    if (word === 'targetresources' && this.peek(1).t === '/') return this.parseAnyTarget();
    return this.parseComparison();
  }

  private parseStartsWith(): AuditFilterClause {
    this.next();
    this.expect('(', "'('");
    const property = this.parseProperty('startswith');
    this.expect(',', "','");
    const value = this.stringLiteral(property.name);
    this.expect(')', "')'");
    return { kind: 'startswith', property: property.name, value };
  }

  private parseComparison(): AuditFilterClause {
    const opToken = this.peekAfterPath();
    const op = this.keyword(opToken);
    if (UNSUPPORTED_OPERATORS.has(op)) throw filterUnsupported(`the operator '${op}' is not supported on directory audits.`, opToken.pos);
    if (!COMPARISONS.has(op)) {
      throw filterBadRequest(
        `expected an operator (eq, ge, le) at position ${opToken.pos} but found ${describeToken(opToken)}.`,
        opToken.pos,
      );
    }
    const property = this.parseProperty(op as AuditFilterOperator);
    this.next(); // the operator
    const value = property.spec.type === 'datetime' ? this.dateTimeLiteral(property.name) : this.stringLiteral(property.name);
    return { kind: 'compare', property: property.name, op: op as 'eq' | 'ge' | 'le', value };
  }

  /** targetResources/any(t: t/id eq '…') | any(t: t/displayName eq '…') | any(t: startswith(t/displayName, '…')). */
  private parseAnyTarget(): AuditFilterClause {
    this.next(); // targetResources
    this.expect('/', "'/'");
    const any = this.next();
    if (this.keyword(any) !== 'any') {
      throw filterUnsupported(`only 'targetResources/any(…)' is supported on targetResources (position ${any.pos}).`, any.pos);
    }
    this.expect('(', "'('");
    const variable = this.next();
    if (variable.t !== 'ident')
      throw filterBadRequest(`expected a range variable at position ${variable.pos} but found ${describeToken(variable)}.`, variable.pos);
    this.expect(':', "':'");
    let clause: AuditFilterClause;
    if (this.keyword(this.peek()) === 'startswith' && this.peek(1).t === '(') {
      this.next();
      this.expect('(', "'('");
      const property = this.targetProperty(variable.text, 'startswith');
      this.expect(',', "','");
      clause = { kind: 'anyTarget', property, op: 'startswith', value: this.stringLiteral(`targetResources/${property}`) };
      this.expect(')', "')'");
    } else {
      const opToken = this.peek(3);
      const op = this.keyword(opToken);
      if (op !== 'eq') {
        throw filterUnsupported(`only eq and startswith are supported inside targetResources/any (position ${opToken.pos}).`, opToken.pos);
      }
      const property = this.targetProperty(variable.text, 'eq');
      this.next(); // eq
      clause = { kind: 'anyTarget', property, op: 'eq', value: this.stringLiteral(`targetResources/${property}`) };
    }
    this.expect(')', "')'");
    return clause;
  }

  private targetProperty(variable: string, op: AuditFilterOperator): 'id' | 'displayName' {
    const { path, pos } = this.readPath();
    const [head, name, ...rest] = path.split('/');
    if (head !== variable || name === undefined || rest.length > 0) {
      throw filterBadRequest(`expected '${variable}/id' or '${variable}/displayName' at position ${pos} but found '${path}'.`, pos);
    }
    const key = Object.keys(TARGET_PROPERTIES).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!key) throw filterUnsupported(`'${name}' of targetResources cannot be filtered on; use id or displayName.`, pos);
    if (!TARGET_PROPERTIES[key].includes(op)) throw filterUnsupported(`'${op}' is not supported on targetResources/${key}.`, pos);
    return key as 'id' | 'displayName';
  }

  private parseProperty(op: AuditFilterOperator): { name: string; spec: AuditFilterProperty } {
    return this.readProperty(op, AUDIT_FILTER_PROPERTIES, TYPE_NAME, 'casts are not supported on directory audits');
  }

  private stringLiteral(property: string): string {
    const token = this.next();
    if (token.t === 'literal' && token.literal.type === 'string') return token.literal.value;
    // An unquoted GUID keeps the case it was written in (comparisons are case-sensitive).
    if (token.t === 'literal' && token.literal.type === 'guid') return token.text;
    throw filterBadRequest(`'${property}' needs a quoted string at position ${token.pos}, found ${describeToken(token)}.`, token.pos);
  }

  private dateTimeLiteral(property: string): string {
    const token = this.next();
    if (token.t === 'literal' && token.literal.type === 'datetime') return token.literal.value;
    throw filterBadRequest(
      `'${property}' needs a DateTimeOffset (e.g. 2024-01-01T00:00:00Z) at position ${token.pos}, found ${describeToken(token)}.`,
      token.pos,
    );
  }
}

/** SQL for a parsed filter over entra.directory_audits, placeholders from `$firstParam`. */
export function auditFilterToSql(node: AuditFilterNode, firstParam = 1): AuditFilterSql {
  return booleanFilterToSql<AuditFilterClause>(
    node,
    (n, param) => {
      if (n.kind === 'anyTarget') {
        // Containment answers eq from the GIN index on target_resources; a prefix needs the elements themselves.
        return n.op === 'eq'
          ? `(target_resources @> jsonb_build_array(jsonb_build_object('${n.property}', ${param(n.value, 'text')})))`
          : `EXISTS (SELECT 1 FROM jsonb_array_elements(target_resources) AS t(v) WHERE starts_with(t.v->>'${n.property}', ${param(n.value, 'text')}))`;
      }
      const spec = AUDIT_FILTER_PROPERTIES[n.property];
      if (n.kind === 'startswith') return `starts_with(${spec.sql}, ${param(n.value, 'text')})`;
      return comparisonSql(spec.sql, n.op, n.value, spec.type === 'datetime' ? 'timestamptz' : 'text', param, spec.caseInsensitive);
    },
    firstParam,
  );
}

/** parseAuditFilter + auditFilterToSql. */
export function directoryAuditFilterSql(text: string, firstParam = 1): AuditFilterSql {
  return auditFilterToSql(parseAuditFilter(text), firstParam);
}
