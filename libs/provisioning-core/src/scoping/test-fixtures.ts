/** Builders for scoping specs. */
import type { FilterClause, FilterGroup, ScopeFilter } from '../schema/model';

export function clause(sourceOperandName: string, operatorName: string, ...values: string[]): FilterClause {
  return { operatorName, sourceOperandName, targetOperand: values.length > 0 ? { values } : null };
}

export function group(name: string, ...clauses: FilterClause[]): FilterGroup {
  return { name, clauses };
}

export function filterOf(...groups: FilterGroup[]): ScopeFilter {
  return { groups };
}
