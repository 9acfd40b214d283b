/**
 * What a SCIM answer means for the engine: success, "no such resource", throttled, or a ConnectorError with its
 * reaction and provisioning-log code (reference §4.2–4.9, §7.4). Pure: status, headers and body text in, a value out.
 */
import { STATUS_CODES } from 'node:http';
import type { ScimResource } from '@app/provisioning-core';
import { ConnectorError, SCIM_ERROR_CODES, type ConnectorReaction } from './connector-error';
import { parseRetryAfter } from './retry-after';

export type ScimMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** The request an answer belongs to. */
export interface ScimCallContext {
  method: ScimMethod;
  /** The request URL as the admin should see it (never carries the token). */
  url: string;
  /** `collection`: `/Users`, `/Groups`; `resource`: `/Users/{id}`. */
  target: 'collection' | 'resource';
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export type ScimResponseOutcome =
  /** 2xx; `json` is the parsed body, undefined when the body was empty. */
  | { kind: 'success'; status: number; json: unknown }
  /** A SCIM 404 for a GET of one resource: the resource does not exist. */
  | { kind: 'notFound'; status: 404 }
  /** 429: the caller waits and retries (see retry-after.ts). */
  | { kind: 'throttled'; status: 429; retryAfterMs: number | undefined; error: ConnectorError }
  | { kind: 'failure'; error: ConnectorError };

/** What the body is, judged by Content-Type and, when that is absent, by its first character. */
export type BodyKind = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'invalidJson' } | { kind: 'html' } | { kind: 'text' };

const SCIM_LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const EXCERPT_CHARS = 1000;

const ACTIONS = {
  credentials:
    'Check the Secret Token (and that it grants access to users and groups) in the provisioning settings, then use Test Connection.',
  tenantUrl:
    "Check that the Tenant URL is the app's SCIM 2.0 base address (requests go to {Tenant URL}/Users and /Groups), then use Test Connection.",
  data: 'Fix the source values or the attribute mappings of this object; the operation is retried in later cycles.',
  conflict:
    'Another object in the app already holds a unique value of this object (such as userName): fix the data in the source or the app, or adjust the matching attributes.',
  anchor: 'The object was removed from the app outside provisioning. Restart provisioning to match it again.',
  transient: "Retried automatically in a later cycle. If it persists, check the app's health with its vendor.",
  throttled: 'Retried automatically in a later cycle. If it persists, ask the app vendor about its rate limits.',
  unsupported: 'The app does not support this operation: remove the mapping or feature that needs it, or ask the app vendor.',
  multiple:
    'The app returned group members although they were excluded (excludedAttributes=members), or more than one resource. The app must honour excludedAttributes.',
} as const;

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Classifies a response body by Content-Type (JSON media types, HTML) and, without one, by its first character. */
export function describeBody(headers: ResponseHeaders, body: string): BodyKind {
  const text = body.trim();
  if (text === '') return { kind: 'empty' };
  const type = (header(headers, 'content-type') ?? '').toLowerCase();
  const looksJson = type.includes('json') || (type === '' && /^[[{"]/.test(text));
  if (looksJson) {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      return { kind: 'invalidJson' };
    }
  }
  if (type.includes('html') || type.includes('xml') || text.startsWith('<')) return { kind: 'html' };
  return { kind: 'text' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property by case-insensitive name (SCIM attribute names are case-insensitive). */
function property(value: Record<string, unknown>, name: string): unknown {
  if (name in value) return value[name];
  const lower = name.toLowerCase();
  const key = Object.keys(value).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : value[key];
}

/** `detail` and `scimType` of an RFC 7644 §3.12 error body (also `message` / `Errors.description` seen in the wild). */
export function scimErrorDetail(body: BodyKind): { detail?: string; scimType?: string } {
  if (body.kind !== 'json' || !isObject(body.value)) return {};
  const value = body.value;
  const scimType = property(value, 'scimType');
  const errors = property(value, 'Errors');
  const firstError = Array.isArray(errors) ? errors[0] : errors;
  const candidates = [
    property(value, 'detail'),
    property(value, 'message'),
    isObject(firstError) ? property(firstError, 'description') : undefined,
  ];
  const detail = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return {
    ...(detail !== undefined ? { detail: detail.trim() } : {}),
    ...(typeof scimType === 'string' && scimType !== '' ? { scimType } : {}),
  };
}

function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

function excerpt(body: string): string {
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

function responseDetails(ctx: ScimCallContext, status: number, body: string): string {
  const content = excerpt(body);
  return `Request: ${ctx.method} ${ctx.url}. Response status: ${statusLine(status)}.${content === '' ? '' : ` Response content: ${content}`}`;
}

function bodyDescription(body: BodyKind): string {
  switch (body.kind) {
    case 'html':
      return 'an HTML page';
    case 'text':
      return 'plain text';
    case 'invalidJson':
      return 'a body that is not valid JSON';
    case 'empty':
      return 'an empty body';
    case 'json':
      return 'JSON';
  }
}

interface FailureSpec {
  reaction: ConnectorReaction;
  errorCode: string;
  what: string;
  recommendedAction: string;
}

function failure(
  ctx: ScimCallContext,
  status: number,
  headers: ResponseHeaders,
  rawBody: string,
  body: BodyKind,
  spec: FailureSpec,
  nowMs: number,
): ConnectorError {
  const { detail, scimType } = scimErrorDetail(body);
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), nowMs);
  const said =
    detail !== undefined
      ? ` The app said: "${excerpt(detail)}"${scimType ? ` (scimType ${scimType})` : ''}.`
      : scimType
        ? ` (scimType ${scimType}).`
        : '';
  return new ConnectorError({
    reaction: spec.reaction,
    httpStatus: status,
    errorCode: spec.errorCode,
    errorCategory: 'nonServiceFailure',
    reason: `The SCIM app answered ${ctx.method} ${ctx.url} with ${statusLine(status)}: ${spec.what}.${said}`,
    recommendedAction: spec.recommendedAction,
    additionalDetails: responseDetails(ctx, status, rawBody),
    ...(scimType !== undefined ? { scimType } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function incompatible(what: string, reaction: ConnectorReaction = 'quarantine'): FailureSpec {
  return { reaction, errorCode: SCIM_ERROR_CODES.serviceIncompatible, what, recommendedAction: ACTIONS.tenantUrl };
}

/** The failure for a 4xx/5xx other than 404 and 429, by status (see the table in the connector's docs). */
function failureSpecFor(status: number, ctx: ScimCallContext): FailureSpec {
  switch (status) {
    case 400:
      return {
        reaction: 'skip',
        errorCode: SCIM_ERROR_CODES.badRequest,
        what: 'the app rejected the request as invalid',
        recommendedAction: ACTIONS.data,
      };
    case 401:
      return {
        reaction: 'quarantine',
        errorCode: SCIM_ERROR_CODES.unauthorized,
        what: 'the app rejected the Secret Token',
        recommendedAction: ACTIONS.credentials,
      };
    case 403:
      return {
        reaction: 'quarantine',
        errorCode: SCIM_ERROR_CODES.unauthorized,
        what: 'the Secret Token is not allowed to do this',
        recommendedAction: ACTIONS.credentials,
      };
    case 405:
      return {
        reaction: 'skip',
        errorCode: SCIM_ERROR_CODES.methodNotAllowed,
        what: `the app does not allow ${ctx.method} here`,
        recommendedAction: ACTIONS.unsupported,
      };
    case 408:
      return { reaction: 'escrow', errorCode: SCIM_ERROR_CODES.timeout, what: 'the app timed out', recommendedAction: ACTIONS.transient };
    case 409:
      return {
        reaction: 'skip',
        errorCode: SCIM_ERROR_CODES.entryConflict,
        what: 'the object conflicts with one that already exists in the app',
        recommendedAction: ACTIONS.conflict,
      };
    case 422:
      return {
        reaction: 'skip',
        errorCode: SCIM_ERROR_CODES.unprocessableEntity,
        what: 'the app could not process the values sent',
        recommendedAction: ACTIONS.data,
      };
    case 501:
      return {
        reaction: 'skip',
        errorCode: SCIM_ERROR_CODES.notImplemented,
        what: 'the app does not implement this operation',
        recommendedAction: ACTIONS.unsupported,
      };
  }
  if (status >= 500) {
    return {
      reaction: 'escrow',
      errorCode: SCIM_ERROR_CODES.internalServerError,
      what: 'the app failed to serve the request',
      recommendedAction: ACTIONS.transient,
    };
  }
  return {
    reaction: 'skip',
    errorCode: SCIM_ERROR_CODES.protocolError,
    what: 'the app refused the request',
    recommendedAction: "Check the app's documentation for this status; the operation is retried in later cycles.",
  };
}

/**
 * Classifies one answer.
 * - 2xx with an empty or JSON body → success; with HTML, text or broken JSON → not SCIM (quarantine).
 * - 1xx/3xx → not SCIM (redirects are not followed; quarantine).
 * - 404 on a collection, or with a non-JSON body → not SCIM (quarantine); on a resource: GET → notFound,
 *   PATCH/DELETE → InvalidAnchor (skip).
 * - 429 → throttled (with Retry-After); everything else by status: see failureSpecFor.
 */
export function classifyScimResponse(
  status: number,
  headers: ResponseHeaders,
  rawBody: string,
  ctx: ScimCallContext,
  nowMs: number = Date.now(),
): ScimResponseOutcome {
  const body = describeBody(headers, rawBody);
  const fail = (spec: FailureSpec): ScimResponseOutcome => ({
    kind: 'failure',
    error: failure(ctx, status, headers, rawBody, body, spec, nowMs),
  });

  if (status >= 200 && status < 300) {
    if (body.kind === 'empty') return { kind: 'success', status, json: undefined };
    if (body.kind === 'json') return { kind: 'success', status, json: body.value };
    return fail(incompatible(`the answer is ${bodyDescription(body)}, not SCIM JSON`));
  }
  if (status < 200 || (status >= 300 && status < 400)) {
    const location = header(headers, 'location');
    return fail(
      incompatible(
        `the app answered with a redirect${location ? ` to ${location}` : ''} instead of a SCIM response (redirects are not followed)`,
      ),
    );
  }
  if (status === 404) {
    if (ctx.target === 'collection') return fail(incompatible(`${ctx.url.split('?', 1)[0]} is not a SCIM endpoint of this app`));
    if (body.kind !== 'json' && body.kind !== 'empty')
      return fail(incompatible(`the answer is ${bodyDescription(body)}, not a SCIM error`));
    if (ctx.method === 'GET') return { kind: 'notFound', status: 404 };
    return fail({
      reaction: 'skip',
      errorCode: SCIM_ERROR_CODES.invalidAnchor,
      what: 'the object no longer exists in the app',
      recommendedAction: ACTIONS.anchor,
    });
  }
  if (status === 429) {
    const error = failure(
      ctx,
      status,
      headers,
      rawBody,
      body,
      {
        reaction: 'escrow',
        errorCode: SCIM_ERROR_CODES.tooManyRequests,
        what: 'the app is throttling requests',
        recommendedAction: ACTIONS.throttled,
      },
      nowMs,
    );
    return { kind: 'throttled', status: 429, retryAfterMs: error.retryAfterMs, error };
  }
  return fail(failureSpecFor(status, ctx));
}

function shapeError(
  ctx: ScimCallContext,
  status: number,
  rawBody: string,
  what: string,
  reaction: ConnectorReaction,
  errorCode: string = SCIM_ERROR_CODES.serviceIncompatible,
): ConnectorError {
  return new ConnectorError({
    reaction,
    httpStatus: status,
    errorCode,
    errorCategory: 'nonServiceFailure',
    reason: `The SCIM app answered ${ctx.method} ${ctx.url} with ${statusLine(status)}, but ${what}.`,
    recommendedAction: errorCode === SCIM_ERROR_CODES.multipleEntriesInResponse ? ACTIONS.multiple : ACTIONS.tenantUrl,
    additionalDetails: responseDetails(ctx, status, rawBody),
  });
}

/**
 * The `Resources` of a ListResponse (RFC 7644 §3.4.2): an object with a `Resources` array of objects, or with
 * `totalResults` 0 and no `Resources`. Anything else means the endpoint does not speak SCIM: quarantine
 * (reference §4.2: "non-ListResponse → incompatible").
 */
export function readListResponse(json: unknown, ctx: ScimCallContext, status = 200, rawBody = ''): ScimResource[] {
  if (!isObject(json)) throw shapeError(ctx, status, rawBody, 'the answer is not a SCIM ListResponse', 'quarantine');
  const resources = property(json, 'Resources');
  const total = property(json, 'totalResults');
  const schemas = property(json, 'schemas');
  if (resources === undefined || resources === null) {
    const declaresList = Array.isArray(schemas) && schemas.includes(SCIM_LIST_URN);
    if (total === 0 || (total === undefined && declaresList)) return [];
    throw shapeError(ctx, status, rawBody, 'the answer is not a SCIM ListResponse (no Resources)', 'quarantine');
  }
  if (!Array.isArray(resources) || !resources.every(isObject)) {
    throw shapeError(ctx, status, rawBody, "the ListResponse's Resources is not a list of resources", 'quarantine');
  }
  return resources as ScimResource[];
}

/** A single resource answered to a GET: a JSON object (skip otherwise: the object can't be read). */
export function readResource(json: unknown, ctx: ScimCallContext, status = 200, rawBody = ''): ScimResource {
  if (!isObject(json)) throw shapeError(ctx, status, rawBody, 'the answer is not a SCIM resource', 'skip');
  return json;
}

/** The resource answered to a POST: a JSON object with a non-empty string `id` (it becomes the anchor, §4.3). */
export function readCreatedResource(json: unknown, ctx: ScimCallContext, status = 201, rawBody = ''): ScimResource {
  if (!isObject(json))
    throw shapeError(ctx, status, rawBody, 'the answer carries no resource (an id is needed to link the object)', 'skip');
  const id = property(json, 'id');
  if (typeof id !== 'string' || id === '') throw shapeError(ctx, status, rawBody, 'the created resource has no id', 'skip');
  return json;
}

/**
 * Groups are read with excludedAttributes=members; an app that still returns members makes Entra fail with
 * SystemForCrossDomainIdentityManagementMultipleEntriesInResponse (reference §4.7, §7.4).
 */
export function requireNoMembers(resources: readonly ScimResource[], ctx: ScimCallContext, status = 200, rawBody = ''): void {
  const withMembers = resources.some((r) => {
    const members = property(r, 'members');
    return Array.isArray(members) ? members.length > 0 : members !== undefined && members !== null;
  });
  if (withMembers) {
    throw shapeError(
      ctx,
      status,
      rawBody,
      'it returned group members despite excludedAttributes=members',
      'skip',
      SCIM_ERROR_CODES.multipleEntriesInResponse,
    );
  }
}
