import { FilterNode, Literal, LeafNode, Subject } from './filter-ast';
import { PropertyMap, PropertySpec, isCaseInsensitive } from './property-map';
import { ScalarType, validateFilter } from './filter-validate';

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

interface Emitter {
  readonly props: PropertyMap;
  readonly params: unknown[];
  readonly firstParam: number;
  aliases: number;
}

/** Where a leaf's value lives in SQL and how it compares. */
interface SqlTarget {
  readonly column: string;
  readonly type: ScalarType;
  readonly caseInsensitive: boolean;
}

const ORDERING: Record<string, string> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/** `%`, `_` and `\` are LIKE metacharacters; the pattern uses ESCAPE '\'. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Parameterised SQL for a filter: placeholders $firstParam, $firstParam+1, …. Values only ever
 * travel as parameters; the SQL text is built from the trusted `sql` of the property map and
 * fixed keywords. Every leaf yields TRUE or FALSE, never NULL (OData: a comparison with a null
 * property is false, `ne` is true), so `NOT` behaves like the in-memory evaluation.
 */
export function filterToSql(node: FilterNode, props: PropertyMap, firstParam: number): SqlFragment {
  if (!Number.isSafeInteger(firstParam) || firstParam < 1) throw new RangeError('firstParam must be a positive integer');
  const canonical = validateFilter(node, props, 'Resource');
  const emitter: Emitter = { props, params: [], firstParam, aliases: 0 };
  const sql = emit(canonical, emitter, undefined);
  return { sql, params: emitter.params };
}

function param(emitter: Emitter, value: unknown): string {
  emitter.params.push(value);
  return `$${emitter.firstParam + emitter.params.length - 1}`;
}

function emit(node: FilterNode, emitter: Emitter, element: SqlTarget | undefined): string {
  switch (node.kind) {
    case 'and':
      return `(${node.operands.map((n) => emit(n, emitter, element)).join(' AND ')})`;
    case 'or':
      return `(${node.operands.map((n) => emit(n, emitter, element)).join(' OR ')})`;
    case 'not':
      return `(NOT ${emit(node.operand, emitter, element)})`;
    case 'any': {
      const spec = emitter.props[node.property];
      const alias = `odata_any_${++emitter.aliases}`;
      const source = spec.collection === 'jsonb' ? `jsonb_array_elements_text(${spec.sql})` : `unnest(${spec.sql})`;
      const from = `SELECT 1 FROM ${source} AS ${alias}(v)`;
      if (!node.predicate) return `EXISTS (${from})`;
      const target: SqlTarget = { column: `${alias}.v`, type: 'string', caseInsensitive: isCaseInsensitive(spec) };
      return `EXISTS (${from} WHERE ${emit(node.predicate, emitter, target)})`;
    }
    default:
      return emitLeaf(node, emitter, targetOf(node.subject, emitter.props, element));
  }
}

function targetOf(subject: Subject, props: PropertyMap, element: SqlTarget | undefined): SqlTarget {
  if (subject.kind === 'variable' && element) return element;
  const spec: PropertySpec = props[subject.name];
  return { column: spec.sql, type: spec.type as ScalarType, caseInsensitive: isCaseInsensitive(spec) };
}

/**
 * The SQL a literal compares as: a placeholder, lower()-ed in SQL (not in JS) when the target is
 * a case-insensitive string, so both sides go through the database's own lower().
 */
function literalSql(emitter: Emitter, literal: Exclude<Literal, { type: 'null' }>, target: SqlTarget): string {
  const p = param(emitter, literal.value);
  return literal.type === 'string' && target.caseInsensitive ? `lower(${p}::text)` : p;
}

function emitLeaf(node: LeafNode, emitter: Emitter, target: SqlTarget): string {
  const col = target.column;
  const expr = target.type === 'string' && target.caseInsensitive ? `lower(${col})` : col;
  switch (node.kind) {
    case 'compare': {
      const value = node.value;
      if (value.type === 'null') return node.op === 'eq' ? `(${col} IS NULL)` : `(${col} IS NOT NULL)`;
      const p = literalSql(emitter, value, target);
      if (node.op === 'eq') return `(${col} IS NOT NULL AND ${expr} = ${p})`;
      if (node.op === 'ne') return `(${col} IS NULL OR ${expr} <> ${p})`;
      // Code-point order, so that SQL and the in-memory evaluation agree whatever the database collation.
      const ordered = target.type === 'string' ? `${expr} COLLATE "C"` : expr;
      return `(${col} IS NOT NULL AND ${ordered} ${ORDERING[node.op]} ${p})`;
    }
    case 'in': {
      const hasNull = node.values.some((v) => v.type === 'null');
      const values = node.values.flatMap((v) => (v.type === 'null' ? [] : [v.value]));
      if (values.length === 0) return `(${col} IS NULL)`;
      const p = param(emitter, [...new Set(values)]);
      const list = target.type === 'string' && target.caseInsensitive ? `SELECT lower(x) FROM unnest(${p}::text[]) AS x` : p;
      const match = `${col} IS NOT NULL AND ${expr} = ANY(${list})`;
      return hasNull ? `(${col} IS NULL OR (${match}))` : `(${match})`;
    }
    case 'function': {
      const value = node.value.type === 'string' ? node.value.value : '';
      const pattern = node.name === 'startswith' ? `${escapeLike(value)}%` : `%${escapeLike(value)}`;
      const p = param(emitter, pattern);
      // lower() leaves the LIKE metacharacters and the escape character alone.
      const like = target.caseInsensitive ? `lower(${p}::text)` : p;
      return `(${col} IS NOT NULL AND ${expr} LIKE ${like} ESCAPE '\\')`;
    }
  }
}
