/**
 * OData query options for the simulated Microsoft Graph API: $filter (parse → validate → SQL or
 * in-memory evaluation), $search (parse → validate → SQL), $orderby, $select, $top, $count, $skiptoken and
 * @odata.nextLink.
 * Pure functions over plain data; see ../README.md.
 */
export { ODataError } from './errors';
export type { ODataErrorCode } from './errors';
export type { PropertySpec, PropertyMap, PropertyType } from './property-map';
export { resolveProperty, graphTypeName } from './property-map';
export type {
  FilterNode,
  Literal,
  ComparisonOperator,
  StringFunction,
  Subject,
  CompareNode,
  InNode,
  FunctionNode,
  AnyNode,
  AndNode,
  OrNode,
  NotNode,
} from './filter-ast';
export { parseFilter } from './filter-parser';
export type { ParseFilterOptions } from './filter-parser';
export { validateFilter, advancedQueryOperators } from './filter-validate';
export { filterToSql, escapeLike } from './filter-sql';
export type { SqlFragment } from './filter-sql';
export { evaluateFilter, filterPredicate } from './filter-eval';
export { parseOrderBy, MAX_ORDERBY_TERMS } from './orderby';
export type { OrderBy } from './orderby';
export { parseSelect, applySelect } from './select';
export { parseTop, parseCount } from './query-options';
export { encodeSkipToken, decodeSkipToken, queryFingerprint, MAX_SKIP_TOKEN_LENGTH } from './skip-token';
export { nextLink } from './next-link';
export { parseSearch, validateSearch, searchWords, clausesOf, SEARCH_LIMITS } from './search';
export type { SearchNode, SearchClause, ParseSearchOptions } from './search';
export { searchToSql } from './search-sql';
