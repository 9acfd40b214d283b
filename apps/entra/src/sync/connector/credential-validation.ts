/**
 * Test Connection / `validateCredentials` (reference §4.2): `GET /Users?filter=userName eq "<random guid>"` must
 * answer 200 and a ListResponse. The error codes of a failed test are not documented (open question 4); the
 * ones real tests show are used: …CredentialValidationFailure when the app refuses the request (401, 403, other
 * 4xx), …CredentialValidationUnavailable when it can't be reached or fails transiently, and
 * …ServiceIncompatible when the answer is not SCIM (404 on /Users, HTML, no ListResponse).
 */
import { ConnectorError, SCIM_ERROR_CODES, type ConnectorReaction } from './connector-error';

/** The filter Test Connection sends. */
export function validationFilter(matchingAttribute: string, guid: string): string {
  return `${matchingAttribute} eq "${guid}"`;
}

const TRANSIENT_CODES = new Set<string>([
  SCIM_ERROR_CODES.timeout,
  SCIM_ERROR_CODES.internalServerError,
  SCIM_ERROR_CODES.tooManyRequests,
  SCIM_ERROR_CODES.protocolError,
]);

const KEPT_CODES = new Set<string>([
  SCIM_ERROR_CODES.serviceIncompatible,
  SCIM_ERROR_CODES.credentialValidationUnavailable,
  SCIM_ERROR_CODES.internalError,
]);

/**
 * Rewrites an error of the test request into what Test Connection reports: transient failures keep reaction
 * `escrow` (try again later) and become …CredentialValidationUnavailable; every other refusal quarantines.
 */
export function toCredentialValidationError(error: ConnectorError): ConnectorError {
  let errorCode = error.errorCode;
  let reaction: ConnectorReaction = error.reaction;
  if (TRANSIENT_CODES.has(error.errorCode)) {
    errorCode = SCIM_ERROR_CODES.credentialValidationUnavailable;
    reaction = 'escrow';
  } else if (!KEPT_CODES.has(error.errorCode)) {
    errorCode = SCIM_ERROR_CODES.credentialValidationFailure;
    reaction = 'quarantine';
  } else if (error.errorCode !== SCIM_ERROR_CODES.internalError) {
    reaction = 'quarantine';
  }
  return new ConnectorError({
    ...error.toInit(),
    reaction,
    errorCode,
    reason: `Test Connection failed while validating access to the app. ${error.reason}`,
  });
}
