import type { AttributeDefinition, ScopeFilter } from '../schema/model';
import { analyzeScopeFilter, type CompiledGroup } from './analyze-filter';
import { ScopingFilterError } from './issues';

/** A validated filter ready for evaluateScope; regexes and integers are parsed once here. */
export interface CompiledScopeFilter {
  /** Empty = no scoping filter: everything is in scope. */
  readonly groups: readonly CompiledGroup[];
  readonly clauseCount: number;
}

/**
 * Validates and compiles `filter.groups`. Throws ScopingFilterError (with every issue) when the filter is
 * invalid; never throws anything else.
 */
export function compileScopeFilter(
  filter: ScopeFilter | null | undefined,
  sourceAttributes?: readonly AttributeDefinition[],
): CompiledScopeFilter {
  const { issues, groups } = analyzeScopeFilter(filter, sourceAttributes);
  if (issues.length > 0) throw new ScopingFilterError(issues);
  return { groups, clauseCount: groups.reduce((n, g) => n + g.clauses.length, 0) };
}

/** The compiled form of "no scoping filter". */
export const NO_SCOPE_FILTER: CompiledScopeFilter = { groups: [], clauseCount: 0 };
