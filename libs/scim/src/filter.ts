import { FilterLimits, FilterNode } from './filter-ast';
import { FilterParser, guarded } from './filter-parser';

export * from './filter-ast';
export { evaluateFilter } from './filter-eval';
export { validateFilter, conjunctiveEqualities } from './filter-validate';

/**
 * Parses an RFC 7644 §3.4.2.2 filter (plus Entra's `emails[type eq "work"].value eq "x"` form).
 * Throws ScimError(400,'invalidFilter') with the 0-based position in `detail`; never anything else.
 */
export function parseFilter(text: string, limits?: FilterLimits): FilterNode {
  return guarded('invalidFilter', () => new FilterParser(String(text), 'invalidFilter', limits).parseFilter());
}
