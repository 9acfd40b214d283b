import type { AttributeMapping, ObjectMapping } from '../schema/model';
import { matchingAttributes } from './matching-attributes';
import { scimFilterFor } from './scim-filter';

/** One `GET /Users?filter=…` the engine may send, in precedence order. */
export interface MatchQuery {
  targetAttributeName: string;
  value: string;
  /** e.g. `userName eq "alice@contoso.com"` */
  filter: string;
  matchingPriority: number;
}

/** Why an object can't be matched; the engine logs it as an `ImportSkipped` skip. */
export type UnmatchableReason = 'NoMatchingAttributes' | 'NoMatchingAttributeValue';

export type MatchPlan =
  | { matchable: true; queries: MatchQuery[] }
  | {
      matchable: false;
      /** Provisioning-log error code. */
      errorCode: 'ImportSkipped';
      reason: UnmatchableReason;
      /** The matching attributes that had no value (empty for NoMatchingAttributes). */
      missingAttributes: string[];
      message: string;
    };

/**
 * Builds the match queries for one source object. `evaluate` computes a mapping's value for that object
 * (null = no value). Mappings whose value is null or "" are skipped; if none has a value the object can't be
 * matched. Evaluation stays lazy in the sense that nothing is sent here: see nextMatchStep.
 */
export function planMatchQueries(
  objectMapping: Pick<ObjectMapping, 'attributeMappings'>,
  evaluate: (mapping: AttributeMapping) => string | null,
): MatchPlan {
  const candidates = matchingAttributes(objectMapping);
  if (candidates.length === 0) {
    return {
      matchable: false,
      errorCode: 'ImportSkipped',
      reason: 'NoMatchingAttributes',
      missingAttributes: [],
      message: 'The object mapping has no matching attribute (matchingPriority > 0).',
    };
  }
  const queries: MatchQuery[] = [];
  const missing: string[] = [];
  for (const mapping of candidates) {
    const value = evaluate(mapping);
    if (value === null || value === '') {
      missing.push(mapping.targetAttributeName);
      continue;
    }
    queries.push({
      targetAttributeName: mapping.targetAttributeName,
      value,
      filter: scimFilterFor(mapping.targetAttributeName, value),
      matchingPriority: mapping.matchingPriority,
    });
  }
  if (queries.length > 0) return { matchable: true, queries };
  return {
    matchable: false,
    errorCode: 'ImportSkipped',
    reason: 'NoMatchingAttributeValue',
    missingAttributes: missing,
    message: `The object has no value for any matching attribute (${missing.join(', ')}).`,
  };
}
