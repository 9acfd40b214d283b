/**
 * The provisioning engine's SCIM connector: Entra's SCIM requests over a keep-alive pool with bounded
 * concurrency, and every failure classified by what the engine does next (ConnectorError.reaction).
 */
export {
  ScimConnector,
  validateScimCredentials,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_429_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_TIMEOUT_MS,
  SCIM_ACCEPT,
  SCIM_MEDIA_TYPE,
  type ScimConnectionSettings,
  type ScimConnectorOptions,
  type ScimExchange,
  type ScimResourceType,
} from './scim-connector';
export {
  ConnectorError,
  SCIM_ERROR_CODES,
  internalConnectorError,
  type ConnectorErrorCategory,
  type ConnectorErrorInfo,
  type ConnectorErrorInit,
  type ConnectorReaction,
  type ScimErrorCode,
} from './connector-error';
export {
  classifyScimResponse,
  describeBody,
  readCreatedResource,
  readListResponse,
  readResource,
  requireNoMembers,
  scimErrorDetail,
  type BodyKind,
  type ResponseHeaders,
  type ScimCallContext,
  type ScimMethod,
  type ScimResponseOutcome,
} from './classify-response';
export { classifyTransportError, errorCodes, ScimRequestTimeout } from './classify-transport-error';
export { toCredentialValidationError, validationFilter } from './credential-validation';
export { parseRetryAfter, throttleDelayMs, DEFAULT_THROTTLE_BACKOFF_MS, type ThrottleInput } from './retry-after';
export { COMPLIANCE_FLAG, parseTenantUrl, requestTarget, targetKind, type TenantUrl } from './tenant-url';
export { ConcurrencyGate } from './concurrency-gate';
export { SCIM_TRUSTED_CA, type ScimTrustedCa } from './trusted-ca';
export {
  capBody,
  capError,
  maskHeaders,
  MASK,
  redactSecret,
  SCIM_TRACE_BODY_LIMIT,
  SCIM_TRACE_ERROR_LIMIT,
  SCIM_TRACE_MAX_RECORDS,
  ScimTrace,
  traceRecord,
  truncationMarker,
  type ScimRequestRecord,
} from './scim-trace';
