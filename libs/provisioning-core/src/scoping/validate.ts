import type { AttributeDefinition, ScopeFilter } from '../schema/model';
import { analyzeScopeFilter } from './analyze-filter';
import type { ScopeFilterIssue } from './issues';

/**
 * Checks a scoping filter as it is saved (PUT …/schema): unknown operators, operand counts, integer values,
 * regexes, unsupported/multi-valued attributes and — when `sourceAttributes` are given — unknown attributes and
 * type support. Returns [] for a valid (or absent) filter. Only `groups` is checked: the experimental
 * `inputFilterGroups` / `categoryFilterGroups` are kept as data and never evaluated.
 */
export function validateScopeFilter(
  filter: ScopeFilter | null | undefined,
  sourceAttributes?: readonly AttributeDefinition[],
): ScopeFilterIssue[] {
  return analyzeScopeFilter(filter, sourceAttributes).issues;
}
