import { MatchingError } from './errors';
import type { MatchQuery } from './match-plan';

/** 0 target hits → create, exactly 1 → link (and update), more → DuplicateTargetEntries. */
export type MatchClassification = 'create' | 'link' | 'DuplicateTargetEntries';

export function classifyMatch(resultCount: number): MatchClassification {
  if (!Number.isSafeInteger(resultCount) || resultCount < 0) {
    throw new MatchingError(`a match result count must be a non-negative integer, got ${resultCount}`);
  }
  if (resultCount === 0) return 'create';
  return resultCount === 1 ? 'link' : 'DuplicateTargetEntries';
}

/** A query that was sent and how many target objects it returned (for the log's matching step). */
export interface MatchAttempt {
  query: MatchQuery;
  resultCount: number;
}

export type MatchStep =
  /** Send this query next (the previous ones, if any, found nothing). */
  | { kind: 'query'; index: number; query: MatchQuery }
  /**
   * Done. `link`/`DuplicateTargetEntries` are decided by `decidedBy`, the attempt that found something;
   * `create` means every query found nothing.
   */
  | { kind: 'decided'; outcome: MatchClassification; decidedBy?: MatchAttempt; attempts: MatchAttempt[] };

/**
 * Drives matching one query at a time: the next matching attribute is tried only when the previous one found
 * nothing (no composite matching). `resultCounts[i]` is the count returned by `queries[i]`.
 */
export function nextMatchStep(queries: readonly MatchQuery[], resultCounts: readonly number[]): MatchStep {
  if (resultCounts.length > queries.length) {
    throw new MatchingError(`${resultCounts.length} results for ${queries.length} queries`);
  }
  const attempts: MatchAttempt[] = [];
  for (const [index, query] of queries.entries()) {
    const resultCount = resultCounts[index];
    if (resultCount === undefined) return { kind: 'query', index, query };
    const attempt = { query, resultCount };
    attempts.push(attempt);
    const outcome = classifyMatch(resultCount);
    if (outcome !== 'create') {
      if (index + 1 < resultCounts.length) {
        throw new MatchingError(`query ${index} already decided the match; later results are not expected`);
      }
      return { kind: 'decided', outcome, decidedBy: attempt, attempts };
    }
  }
  return { kind: 'decided', outcome: 'create', attempts };
}
