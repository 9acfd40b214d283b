/**
 * The one error the SCIM connector throws: named by what the engine does next (`reaction`), with the
 * provisioning-log fields (`errorCode`, `errorCategory`, `reason`, `recommendedAction`) ready to copy.
 */

/**
 * What the engine does next.
 * - `escrow`: transient; retry the object in a later cycle (5xx, timeouts, connection resets, 429 after the
 *   in-call retries).
 * - `skip`: object-level error an admin must fix (400, 409, 422 …). Entra escrows these too (reference §4.9);
 *   the reason says what to fix.
 * - `quarantine`: stop the cycle (credentials rejected, target unreachable, not a SCIM endpoint).
 */
export type ConnectorReaction = 'escrow' | 'skip' | 'quarantine';

/**
 * Graph `provisioningErrorInfo.errorCategory` (reference §7.1): `nonServiceFailure` for everything the target app
 * or its configuration caused (every answer and network failure the connector sees), `failure` for the
 * provisioning service's own faults.
 */
export type ConnectorErrorCategory = 'failure' | 'nonServiceFailure';

/** Provisioning-log `errorCode`s the connector emits (reference §4.9, §7.4; test-connection codes: see below). */
export const SCIM_ERROR_CODES = {
  badRequest: 'SystemForCrossDomainIdentityManagementBadRequest',
  unauthorized: 'Unauthorized',
  methodNotAllowed: 'MethodNotAllowed',
  entryConflict: 'EntryConflict',
  unprocessableEntity: 'UnprocessableEntity',
  tooManyRequests: 'TooManyRequests',
  internalServerError: 'InternalServerError',
  notImplemented: 'NotImplemented',
  protocolError: 'WebExceptionProtocolError',
  timeout: 'Timeout',
  invalidAnchor: 'InvalidAnchor',
  serviceIncompatible: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
  multipleEntriesInResponse: 'SystemForCrossDomainIdentityManagementMultipleEntriesInResponse',
  internalError: 'InternalError',
  /**
   * The target can't be reached, or answered Test Connection with a transient failure. Not in Microsoft's
   * documentation; the code real Test Connections show for "an error occurred while sending the request"
   * (reference open question 4, community reports).
   */
  credentialValidationUnavailable: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
  /** Test Connection was answered with a client error such as 401 (community reports, as above). */
  credentialValidationFailure: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
} as const;

export type ScimErrorCode = (typeof SCIM_ERROR_CODES)[keyof typeof SCIM_ERROR_CODES];

export interface ConnectorErrorInit {
  reaction: ConnectorReaction;
  /** The target's HTTP status; null when there was no answer (timeout, connection failure). */
  httpStatus: number | null;
  errorCode: string;
  /** Graph's `failure` / `nonServiceFailure`; the PascalCase spelling of the deprecated beta API is accepted. */
  errorCategory: string;
  reason: string;
  recommendedAction?: string;
  /** The request and an excerpt of the answer, for the log's `additionalDetails`. */
  additionalDetails?: string;
  scimType?: string;
  retryAfterMs?: number;
}

/** Graph `provisioningErrorInfo` as the connector fills it. */
export interface ConnectorErrorInfo {
  errorCode: string;
  reason: string;
  additionalDetails: string | null;
  errorCategory: string;
  recommendedAction: string | null;
}

function graphCategory(category: string): string {
  if (category === 'NonServiceFailure') return 'nonServiceFailure';
  if (category === 'Failure') return 'failure';
  return category;
}

export class ConnectorError extends Error {
  readonly reaction: ConnectorReaction;
  readonly httpStatus: number | null;
  readonly errorCode: string;
  readonly errorCategory: string;
  readonly reason: string;
  readonly recommendedAction?: string;
  readonly additionalDetails?: string;
  readonly scimType?: string;
  readonly retryAfterMs?: number;

  constructor(init: ConnectorErrorInit) {
    super(init.reason);
    this.name = 'ConnectorError';
    this.reaction = init.reaction;
    this.httpStatus = init.httpStatus;
    this.errorCode = init.errorCode;
    this.errorCategory = graphCategory(init.errorCategory);
    this.reason = init.reason;
    if (init.recommendedAction !== undefined) this.recommendedAction = init.recommendedAction;
    if (init.additionalDetails !== undefined) this.additionalDetails = init.additionalDetails;
    if (init.scimType !== undefined) this.scimType = init.scimType;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** The fields as a plain object (to build a changed copy). */
  toInit(): ConnectorErrorInit {
    return {
      reaction: this.reaction,
      httpStatus: this.httpStatus,
      errorCode: this.errorCode,
      errorCategory: this.errorCategory,
      reason: this.reason,
      recommendedAction: this.recommendedAction,
      additionalDetails: this.additionalDetails,
      scimType: this.scimType,
      retryAfterMs: this.retryAfterMs,
    };
  }

  /** Graph `provisioningErrorInfo` for the provisioning log. */
  toErrorInfo(): ConnectorErrorInfo {
    return {
      errorCode: this.errorCode,
      reason: this.reason,
      additionalDetails: this.additionalDetails ?? null,
      errorCategory: this.errorCategory,
      recommendedAction: this.recommendedAction ?? null,
    };
  }

  /** A copy with every occurrence of `secret` in its texts replaced (answers may echo what was sent). */
  redact(secret: string): ConnectorError {
    if (secret === '') return this;
    const hide = (text: string | undefined): string | undefined => (text === undefined ? undefined : text.split(secret).join('[REDACTED]'));
    const init = this.toInit();
    return new ConnectorError({
      ...init,
      reason: hide(init.reason)!,
      recommendedAction: hide(init.recommendedAction),
      additionalDetails: hide(init.additionalDetails),
      scimType: hide(init.scimType),
    });
  }
}

/** A fault of the connector itself (misuse, closed connector): retried later, category `failure`. */
export function internalConnectorError(reason: string): ConnectorError {
  return new ConnectorError({
    reaction: 'escrow',
    httpStatus: null,
    errorCode: SCIM_ERROR_CODES.internalError,
    errorCategory: 'failure',
    reason,
    recommendedAction: 'The provisioning service retries the operation in a later cycle.',
  });
}
