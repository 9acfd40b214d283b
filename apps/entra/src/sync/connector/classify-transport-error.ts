/**
 * Failures without an HTTP answer (timeouts, refused or reset connections, DNS, TLS) → ConnectorError.
 * Pure: looks only at the error's `code` (also inside `cause` and AggregateError's `errors`).
 */
import { ConnectorError, SCIM_ERROR_CODES, internalConnectorError, type ConnectorReaction } from './connector-error';
import type { ScimCallContext } from './classify-response';

/** Thrown (as the abort reason) when an exchange takes longer than the connector's timeoutMs. */
export class ScimRequestTimeout extends Error {
  readonly code = 'PROVSIM_SCIM_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`No complete answer within ${timeoutMs} ms`);
    this.name = 'ScimRequestTimeout';
  }
}

const TIMEOUT_CODES = new Set(['PROVSIM_SCIM_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
/** The connection could not be established: the target is unreachable as configured. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** The connection broke while the request was under way. */
const BROKEN_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_ABORTED',
]);
const CLOSED_CODES = new Set(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);

const DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (nothing listens on that host and port)',
  ENOTFOUND: 'the host name does not resolve (DNS)',
  EAI_AGAIN: 'the host name could not be resolved (DNS temporarily failed)',
  EAI_FAIL: 'the host name could not be resolved (DNS)',
  EAI_NONAME: 'the host name does not resolve (DNS)',
  EHOSTUNREACH: 'the host is unreachable',
  EHOSTDOWN: 'the host is down',
  ENETUNREACH: 'the network is unreachable',
  ENETDOWN: 'the network is down',
  EADDRNOTAVAIL: 'the address is not available',
  UND_ERR_CONNECT_TIMEOUT: 'the connection attempt timed out',
  ECONNRESET: 'the app reset the connection',
  EPIPE: 'the connection broke while sending',
  ECONNABORTED: 'the connection was aborted',
  UND_ERR_SOCKET: 'the app closed the connection before answering',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the answer was cut short',
  UND_ERR_ABORTED: 'the request was aborted',
};

/** Error codes found on the error, its causes and (AggregateError) its inner errors, outermost first. */
export function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== 'object' || error === null) return [];
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const inner = Array.isArray(e.errors) ? e.errors.flatMap((x) => errorCodes(x, depth + 1)) : [];
  return [...own, ...errorCodes(e.cause, depth + 1), ...inner];
}

/** OpenSSL's certificate verification codes (as Node reports them) that do not contain "CERT". */
const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', // a server certificate whose issuer is not trusted (e.g. a local CA not given)
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'UNABLE_TO_GET_CRL',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
]);

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT') ||
    TLS_VERIFY_CODES.has(code) ||
    code === 'EPROTO' ||
    code === 'UND_ERR_PRX_TLS'
  );
}

function transportError(
  ctx: ScimCallContext,
  reaction: ConnectorReaction,
  errorCode: string,
  what: string,
  recommendedAction: string,
): ConnectorError {
  return new ConnectorError({
    reaction,
    httpStatus: null,
    errorCode,
    errorCategory: 'nonServiceFailure',
    reason: `${ctx.method} ${ctx.url} got no answer: ${what}.`,
    recommendedAction,
    additionalDetails: `Request: ${ctx.method} ${ctx.url}.`,
  });
}

const REACH_ACTION =
  'Check the Tenant URL (host name, port, https) and that the app is running and reachable from the provisioning service, then use Test Connection.';
const RETRY_ACTION = "Retried automatically in a later cycle. If it persists, check the app's health with its vendor.";

/**
 * - no complete answer within the timeout → Timeout (escrow; reference §9.11)
 * - refused, DNS, unreachable, connect timeout, TLS failure → quarantine: the connection to the target can't be
 *   established (reference §5.2)
 * - an answer that is not HTTP (llhttp `HPE_*`) → not a SCIM app: quarantine
 * - reset / closed mid-request → WebExceptionProtocolError (escrow)
 * - anything else (including the connector being closed) → InternalError (escrow, category `failure`)
 */
export function classifyTransportError(error: unknown, ctx: ScimCallContext): ConnectorError {
  const codes = errorCodes(error);
  const timeout = codes.find((c) => TIMEOUT_CODES.has(c));
  const unreachable = codes.find((c) => UNREACHABLE_CODES.has(c));
  if (unreachable !== undefined) {
    return transportError(
      ctx,
      'quarantine',
      SCIM_ERROR_CODES.credentialValidationUnavailable,
      DESCRIPTIONS[unreachable] ?? unreachable,
      REACH_ACTION,
    );
  }
  if (timeout !== undefined) {
    const ms = error instanceof ScimRequestTimeout ? ` within ${error.timeoutMs} ms` : '';
    return transportError(ctx, 'escrow', SCIM_ERROR_CODES.timeout, `the app did not answer${ms}`, RETRY_ACTION);
  }
  const tls = codes.find(isTlsCode);
  if (tls !== undefined) {
    return transportError(
      ctx,
      'quarantine',
      SCIM_ERROR_CODES.credentialValidationUnavailable,
      `the TLS connection failed (${tls})`,
      REACH_ACTION,
    );
  }
  const parse = codes.find((c) => c.startsWith('HPE_'));
  if (parse !== undefined) {
    return transportError(ctx, 'quarantine', SCIM_ERROR_CODES.serviceIncompatible, `the answer is not valid HTTP (${parse})`, REACH_ACTION);
  }
  const broken = codes.find((c) => BROKEN_CODES.has(c));
  if (broken !== undefined) {
    return transportError(ctx, 'escrow', SCIM_ERROR_CODES.protocolError, DESCRIPTIONS[broken] ?? broken, RETRY_ACTION);
  }
  if (codes.some((c) => CLOSED_CODES.has(c))) {
    return internalConnectorError(`${ctx.method} ${ctx.url} was not sent: the SCIM connector is closed.`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return internalConnectorError(`${ctx.method} ${ctx.url} failed inside the provisioning service: ${message}`);
}
