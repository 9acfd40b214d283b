import type { SourceObject } from '../schema/model';
import type { ClauseFailureReason } from './clause-predicates';
import type { CompiledScopeFilter } from './compile';
import type { ScopeOperatorName } from './operators';
import { readAttribute, toScopeValue } from './source-values';

/** The first clause that failed in a group (clauses are ANDed, so evaluation stops there). */
export interface FailedClause {
  groupName: string;
  clauseIndex: number;
  operatorName: ScopeOperatorName;
  sourceOperandName: string;
  values: readonly string[];
  reason: ClauseFailureReason;
}

export type ScopeEvaluationReason = 'NoScopingFilter' | 'GroupSatisfied' | 'NoGroupSatisfied';

/** Enough for the provisioning log's scoping step (`EntrySynchronizationScoping`) details. */
export interface ScopeEvaluation {
  inScope: boolean;
  reason: ScopeEvaluationReason;
  /** The first group whose clauses all passed. */
  matchedGroup?: string;
  /** When out of scope: for each group, its first failing clause. */
  failedClauses?: FailedClause[];
  /** Clauses actually evaluated (≤ the filter's clauseCount). */
  evaluatedClauses: number;
}

/**
 * Groups are ORed (first passing group wins), clauses within a group ANDed (first failing clause ends the group).
 * Each clause is evaluated at most once, so the work is O(clauses). Never throws.
 */
export function evaluateScope(compiled: CompiledScopeFilter, source: SourceObject): ScopeEvaluation {
  if (compiled.groups.length === 0) return { inScope: true, reason: 'NoScopingFilter', evaluatedClauses: 0 };
  const failedClauses: FailedClause[] = [];
  let evaluatedClauses = 0;
  for (const group of compiled.groups) {
    let failed: FailedClause | undefined;
    for (const clause of group.clauses) {
      evaluatedClauses += 1;
      const outcome = clause.test(toScopeValue(readAttribute(source, clause.sourceOperandName)));
      if (outcome !== 'pass') {
        failed = {
          groupName: group.name,
          clauseIndex: clause.index,
          operatorName: clause.operatorName,
          sourceOperandName: clause.sourceOperandName,
          values: clause.values,
          reason: outcome,
        };
        break;
      }
    }
    if (failed === undefined) {
      return { inScope: true, reason: 'GroupSatisfied', matchedGroup: group.name, evaluatedClauses };
    }
    failedClauses.push(failed);
  }
  return { inScope: false, reason: 'NoGroupSatisfied', failedClauses, evaluatedClauses };
}
