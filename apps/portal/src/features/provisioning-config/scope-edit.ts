/** The scoping filter editor's changes to a mapping's filter groups (Graph `filterGroup[]`), as pure functions. */
import type { FilterClause, FilterGroup } from '../../api/sync';

const at = <T>(list: readonly T[], index: number, change: (item: T) => T): T[] =>
  list.map((item, i) => (i === index ? change(item) : item));

export function addGroup(groups: readonly FilterGroup[]): FilterGroup[] {
  return [...groups, { name: `Scoping filter ${groups.length + 1}`, clauses: [] }];
}

export function removeGroup(groups: readonly FilterGroup[], index: number): FilterGroup[] {
  return groups.filter((_, i) => i !== index);
}

export function setGroupName(groups: readonly FilterGroup[], index: number, name: string): FilterGroup[] {
  return at(groups, index, (g) => ({ ...g, name }));
}

export function addClause(groups: readonly FilterGroup[], index: number, attribute: string, operator: string): FilterGroup[] {
  const clause: FilterClause = { sourceOperandName: attribute, operatorName: operator, targetOperand: { values: [''] } };
  return at(groups, index, (g) => ({ ...g, clauses: [...g.clauses, clause] }));
}

export function removeClause(groups: readonly FilterGroup[], index: number, clauseIndex: number): FilterGroup[] {
  return at(groups, index, (g) => ({ ...g, clauses: g.clauses.filter((_, i) => i !== clauseIndex) }));
}

/**
 * A clause with a new attribute, operator or value. A unary operator (IS NULL, IS TRUE, …) takes no value: its
 * operand goes; a binary one gets back a value to fill in.
 */
export function setClause(
  groups: readonly FilterGroup[],
  index: number,
  clauseIndex: number,
  change: { sourceOperandName?: string; operatorName?: string; value?: string },
  unaryOperator?: boolean,
): FilterGroup[] {
  return at(groups, index, (g) => ({
    ...g,
    clauses: at(g.clauses, clauseIndex, (clause) => {
      const next: FilterClause = {
        ...clause,
        ...(change.sourceOperandName !== undefined ? { sourceOperandName: change.sourceOperandName } : {}),
        ...(change.operatorName !== undefined ? { operatorName: change.operatorName } : {}),
      };
      if (change.value !== undefined) return { ...next, targetOperand: { values: [change.value] } };
      if (unaryOperator === true) return { ...next, targetOperand: null };
      if (unaryOperator === false && !next.targetOperand) return { ...next, targetOperand: { values: [''] } };
      return next;
    }),
  }));
}

/** "All records", or how many scoping filters (the Source Object Scope link's text). */
export function scopeSummary(groups: readonly FilterGroup[] | undefined): string {
  const n = groups?.length ?? 0;
  return n === 0 ? 'All records' : `${n} scoping filter${n === 1 ? '' : 's'}`;
}
