import { SqlFragment } from './filter-sql';
import { PropertyMap } from './property-map';
import { searchTokensSql, searchWords, searchWordsPresentSql, SearchNode, validateSearch } from './search';

/**
 * Parameterised SQL for a `$search` tree: placeholders $firstParam, $firstParam+1, …; the values travel only as
 * parameters, the SQL text is fixed around the property map's trusted `sql`. Per clause:
 *
 * - a property with `search: 'tokens'` (Graph's displayName and description): every word of the search text
 *   (searchWords) must begin some token of the value (searchTokensSql), in any order, case-insensitively:
 *   `"displayName:vance ad"` finds "Adele Vance";
 * - any other string property: the value starts with the search text, case-insensitively (Graph's behaviour
 *   for properties without tokenized search).
 *
 * A clause whose text has no word matches nothing. Both sides are lower-cased by the database's lower().
 */
export function searchToSql(node: SearchNode, props: PropertyMap, firstParam: number, resourceName = 'Resource'): SqlFragment {
  if (!Number.isSafeInteger(firstParam) || firstParam < 1) throw new RangeError('firstParam must be a positive integer');
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const emit = (n: SearchNode): string => {
    if (n.kind !== 'clause') return `(${n.operands.map(emit).join(n.kind === 'and' ? ' AND ' : ' OR ')})`;
    const spec = props[n.property];
    const column = spec.sql;
    if (spec.search === 'tokens') {
      const words = searchWords(n.value);
      if (words.length === 0) return 'FALSE';
      const p = param(words);
      return (
        `(${column} IS NOT NULL AND ${searchWordsPresentSql(column, p)} AND (SELECT count(DISTINCT s.i) FROM unnest(${searchTokensSql(column)}) AS w(v) ` +
        `CROSS JOIN unnest(${p}::text[]) WITH ORDINALITY AS s(word, i) WHERE starts_with(w.v, lower(s.word))) = cardinality(${p}::text[]))`
      );
    }
    return `(${column} IS NOT NULL AND starts_with(lower(${column}), lower(${param(n.value)}::text)))`;
  };
  return { sql: emit(validateSearch(node, props, resourceName)), params };
}
