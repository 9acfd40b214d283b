export { MatchingError } from './errors';
export { classifyMatch, nextMatchStep, type MatchAttempt, type MatchClassification, type MatchStep } from './match-decision';
export { planMatchQueries, type MatchPlan, type MatchQuery, type UnmatchableReason } from './match-plan';
export { matchingAttributes } from './matching-attributes';
export { isScimAttributePath, scimFilterFor, scimStringLiteral } from './scim-filter';
