/**
 * The provisioning engine's SCIM client: Entra's requests (reference §4) over one keep-alive undici Pool per
 * connector, at most `concurrency` requests on the wire (the rest wait in order), a timeout per exchange, 429
 * retries inside the call, and every failure turned into a ConnectorError (see classify-*.ts).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { Pool } from 'undici';
import { secureContextTrusting } from '@app/platform';
import type { PatchShape, ScimRequest, ScimResource } from '@app/provisioning-core';
import {
  classifyScimResponse,
  readCreatedResource,
  readListResponse,
  readResource,
  requireNoMembers,
  type ScimCallContext,
  type ScimMethod,
  type ScimResponseOutcome,
} from './classify-response';
import { classifyTransportError, ScimRequestTimeout } from './classify-transport-error';
import { ConcurrencyGate } from './concurrency-gate';
import { ConnectorError, SCIM_ERROR_CODES, internalConnectorError } from './connector-error';
import { toCredentialValidationError, validationFilter } from './credential-validation';
import { throttleDelayMs } from './retry-after';
import { parseTenantUrl, requestTarget, targetKind, type TenantUrl } from './tenant-url';
import { traceRecord, type ScimTrace } from './scim-trace';

/** The job's `BaseAddress` (Tenant URL) and `SecretToken` secrets. */
export interface ScimConnectionSettings {
  baseAddress: string;
  secretToken: string;
}

/** One request/response pair, for provisioning-log details. Carries no secret. */
export interface ScimExchange {
  method: ScimMethod;
  url: string;
  /** null when no answer came (timeout, connection failure). */
  status: number | null;
  durationMs: number;
  /** 1 for the first try; 2… for the retries after a 429. */
  attempt: number;
  /** The ConnectorError code when the exchange failed (a 429 that is retried counts as failed). */
  errorCode?: string;
}

export interface ScimConnectorOptions {
  /** Requests on the wire at once (and pooled connections); the others queue. Default 8. */
  concurrency?: number;
  /** Longest wait for a complete answer, counted from when the request leaves the queue. Default 60 s (reference §4.1). */
  timeoutMs?: number;
  /** Longest Retry-After honoured inside a call; a longer one gives up at once (escrow). Default 60 s. */
  maxRetryAfterMs?: number;
  /** Retries after 429 inside one call. Default 5. */
  max429Retries?: number;
  /** Waits between 429 retries; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Current time in ms, to read Retry-After HTTP-dates. Default Date.now. */
  now?: () => number;
  /** Called after every exchange (errors it throws are ignored). */
  onExchange?: (exchange: ScimExchange) => void;
  /**
   * CA certificates (PEM) trusted for https Tenant URLs besides Node's defaults (the app passes SCIM_TRUSTED_CA:
   * provsim's local CA when PROVSIM_HTTPS is on). Default: none, Node's defaults only.
   */
  extraCa?: readonly string[];
}

export type ScimResourceType = 'Users' | 'Groups';

/** Content type of request bodies (reference §4.1). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';
/** Accept header: SCIM's media type first; plain JSON answers are read as well. */
export const SCIM_ACCEPT = 'application/scim+json, application/json';

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
export const DEFAULT_MAX_429_RETRIES = 5;
/** Connection attempts give up after this long, or after timeoutMs when that is shorter. */
const CONNECT_TIMEOUT_MS = 10_000;

interface Outgoing {
  method: ScimMethod;
  /** Path and query relative to the origin, as on the request line. */
  target: string;
  body?: string;
  ctx: ScimCallContext;
  /** Where this request's exchanges are recorded (the object being processed), if anywhere. */
  trace?: ScimTrace;
}

/** A 2xx answer. */
interface Answer {
  status: number;
  json: unknown;
  rawBody: string;
}

interface Exchanged {
  outcome: ScimResponseOutcome;
  rawBody: string;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a non-negative ${integer ? 'integer' : 'number'}, got ${value}`);
  }
  return value;
}

function readSecretToken(token: string): string {
  const trimmed = token.trim();
  if (!/^[\x21-\x7e]*$/.test(trimmed)) {
    throw new ConnectorError({
      reaction: 'quarantine',
      httpStatus: null,
      errorCode: SCIM_ERROR_CODES.credentialValidationFailure,
      errorCategory: 'nonServiceFailure',
      reason: 'The Secret Token contains characters that cannot be sent in an HTTP header (spaces, line breaks or non-ASCII).',
      recommendedAction: 'Paste the Secret Token again in the provisioning settings, then use Test Connection.',
    });
  }
  return trimmed;
}

export class ScimConnector {
  /** 'aadOptscim062020' when the Tenant URL carries ?aadOptscim062020 (reference §4.10), else 'default'. */
  readonly shape: PatchShape;
  /** The SCIM base requests go to (the Tenant URL without the compliance flag). */
  readonly baseUrl: string;

  private readonly pool: Pool;
  private readonly gate: ConcurrencyGate;
  private readonly timeoutMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly max429Retries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly onExchange?: (exchange: ScimExchange) => void;
  private closed = false;

  private constructor(
    private readonly tenant: TenantUrl,
    private readonly token: string,
    options: ScimConnectorOptions,
  ) {
    this.shape = tenant.shape;
    this.baseUrl = tenant.base;
    const concurrency = positiveInteger('concurrency', options.concurrency, DEFAULT_CONCURRENCY);
    this.timeoutMs = positiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.maxRetryAfterMs = nonNegative('maxRetryAfterMs', options.maxRetryAfterMs, DEFAULT_MAX_RETRY_AFTER_MS);
    this.max429Retries = nonNegative('max429Retries', options.max429Retries, DEFAULT_MAX_429_RETRIES, true);
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.now = options.now ?? Date.now;
    this.onExchange = options.onExchange;
    this.gate = new ConcurrencyGate(concurrency);
    const extraCa = options.extraCa ?? [];
    this.pool = new Pool(tenant.origin, {
      connections: concurrency,
      pipelining: 1,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connectTimeout: Math.min(CONNECT_TIMEOUT_MS, this.timeoutMs),
      ...(extraCa.length > 0 && tenant.origin.startsWith('https:') ? { connect: { secureContext: secureContextTrusting(extraCa) } } : {}),
    });
  }

  /**
   * A connector for one job. Throws a quarantine ConnectorError when the Tenant URL or the Secret Token can't be
   * used at all (messages never repeat either), and RangeError for bad options.
   */
  static open(settings: ScimConnectionSettings, options: ScimConnectorOptions = {}): ScimConnector {
    return new ScimConnector(parseTenantUrl(settings.baseAddress), readSecretToken(settings.secretToken), options);
  }

  /** Requests on the wire and requests waiting for a slot. */
  stats(): { inFlight: number; queued: number } {
    return { inFlight: this.gate.active, queued: this.gate.waiting };
  }

  /** `GET {base}/Users/{id}` or `GET {base}/Groups/{id}?excludedAttributes=members` (§4.4, §4.7); 404 → null. */
  async get(resourceType: ScimResourceType, id: string, trace?: ScimTrace): Promise<ScimResource | null> {
    if (id === '') throw internalConnectorError(`get(${resourceType}) needs a target id`);
    const params: Array<[string, string]> = resourceType === 'Groups' ? [['excludedAttributes', 'members']] : [];
    const outgoing = this.outgoing('GET', `/${resourceType}/${encodeURIComponent(id)}`, params, undefined, trace);
    const outcome = await this.send(outgoing);
    if (outcome === null) return null;
    const resource = this.guard(() => readResource(outcome.json, outgoing.ctx, outcome.status, outcome.rawBody));
    if (resourceType === 'Groups') this.guard(() => requireNoMembers([resource], outgoing.ctx, outcome.status, outcome.rawBody));
    return resource;
  }

  /**
   * `GET {base}/Users?filter=…` or `GET {base}/Groups?excludedAttributes=members&filter=…` (§4.3, §4.7) with
   * the filter URL-encoded; the ListResponse's Resources (empty when none).
   */
  async query(resourceType: ScimResourceType, filter: string, trace?: ScimTrace): Promise<ScimResource[]> {
    const params: Array<[string, string]> = resourceType === 'Groups' ? [['excludedAttributes', 'members']] : [];
    params.push(['filter', filter]);
    const outgoing = this.outgoing('GET', `/${resourceType}`, params, undefined, trace);
    const answer = await this.send(outgoing);
    if (answer === null) throw internalConnectorError(`${outgoing.ctx.url} was classified as one resource`);
    const resources = this.guard(() => readListResponse(answer.json, outgoing.ctx, answer.status, answer.rawBody));
    if (resourceType === 'Groups') this.guard(() => requireNoMembers(resources, outgoing.ctx, answer.status, answer.rawBody));
    return resources;
  }

  /**
   * Executes a planned POST, PATCH or DELETE (path relative to the Tenant URL). Answers the created resource
   * for POST (it must carry an id), the returned resource for a PATCH answered with one, null otherwise.
   */
  async execute(request: ScimRequest, trace?: ScimTrace): Promise<ScimResource | null> {
    const { method } = request;
    if (method !== 'POST' && method !== 'PATCH' && method !== 'DELETE') {
      throw internalConnectorError(`execute() sends POST, PATCH or DELETE, not ${String(method)}`);
    }
    if ((method === 'POST' || method === 'PATCH') && (request.body === null || request.body === undefined)) {
      throw internalConnectorError(`${method} ${request.path} needs a body`);
    }
    const body = method === 'DELETE' ? undefined : JSON.stringify(request.body);
    const outgoing = this.outgoing(method, request.path, [], body, trace);
    const outcome = await this.send(outgoing);
    if (outcome === null) return null;
    if (method === 'POST') return this.guard(() => readCreatedResource(outcome.json, outgoing.ctx, outcome.status, outcome.rawBody));
    if (method === 'PATCH' && typeof outcome.json === 'object' && outcome.json !== null && !Array.isArray(outcome.json)) {
      return outcome.json as ScimResource;
    }
    return null;
  }

  /**
   * Test Connection (§4.2): `GET /Users?filter=<matchingAttribute> eq "<random guid>"` must answer 200 with a
   * ListResponse. Throws a ConnectorError with Test Connection's codes otherwise (see credential-validation.ts).
   */
  async validateCredentials(options: { matchingAttribute?: string; trace?: ScimTrace } = {}): Promise<void> {
    try {
      await this.query('Users', validationFilter(options.matchingAttribute ?? 'userName', randomUUID()), options.trace);
    } catch (error) {
      if (error instanceof ConnectorError) throw toCredentialValidationError(error);
      throw error;
    }
  }

  /** Waits for requests on the wire, then closes the pool's connections; later calls fail with InternalError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
  }

  private outgoing(
    method: ScimMethod,
    path: string,
    params: ReadonlyArray<readonly [string, string]>,
    body?: string,
    trace?: ScimTrace,
  ): Outgoing {
    const target = requestTarget(this.tenant, path, params);
    return { method, target, body, trace, ctx: { method, url: `${this.tenant.origin}${target}`, target: targetKind(path) } };
  }

  /** Runs a shape check, redacting the token from its error. */
  private guard<T>(check: () => T): T {
    try {
      return check();
    } catch (error) {
      throw error instanceof ConnectorError ? error.redact(this.token) : error;
    }
  }

  /**
   * One logical request: exchanges, with waits between 429 answers. Resolves with the 2xx answer, null for a
   * SCIM 404 on a GET of one resource; throws ConnectorError otherwise.
   */
  private async send(outgoing: Outgoing): Promise<Answer | null> {
    for (let attempt = 1; ; attempt += 1) {
      const { outcome, rawBody } = await this.exchange(outgoing, attempt);
      switch (outcome.kind) {
        case 'success':
          return { status: outcome.status, json: outcome.json, rawBody };
        case 'notFound':
          return null;
        case 'failure':
          throw outcome.error.redact(this.token);
        case 'throttled': {
          const wait = throttleDelayMs({
            retriesSoFar: attempt - 1,
            retryAfterMs: outcome.retryAfterMs,
            maxRetries: this.max429Retries,
            maxRetryAfterMs: this.maxRetryAfterMs,
          });
          if (wait === null) throw this.throttledOut(outcome.error, attempt);
          await this.sleep(wait);
        }
      }
    }
  }

  private throttledOut(error: ConnectorError, attempts: number): ConnectorError {
    const init = error.toInit();
    const why =
      error.retryAfterMs !== undefined && error.retryAfterMs > this.maxRetryAfterMs
        ? `it asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s, longer than the ${Math.ceil(this.maxRetryAfterMs / 1000)} s waited inside a cycle`
        : `still throttled after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
    return new ConnectorError({ ...init, reason: `${init.reason} Gave up for this cycle: ${why}.` }).redact(this.token);
  }

  /** One HTTP exchange inside a concurrency slot, timed from when the slot is granted. */
  private async exchange(outgoing: Outgoing, attempt: number): Promise<Exchanged> {
    if (this.closed) throw internalConnectorError(`${outgoing.method} ${outgoing.ctx.url} was not sent: the SCIM connector is closed.`);
    const release = await this.gate.acquire();
    const started = performance.now();
    const startedAt = outgoing.trace ? Date.now() : 0;
    const headers = this.headers(outgoing);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new ScimRequestTimeout(this.timeoutMs)), this.timeoutMs);
    let result: Exchanged;
    let status: number | null = null;
    try {
      const response = await this.pool.request({
        method: outgoing.method,
        path: outgoing.target,
        headers,
        body: outgoing.body,
        signal: abort.signal,
      });
      status = response.statusCode;
      const rawBody = await response.body.text();
      result = { outcome: classifyScimResponse(status, response.headers, rawBody, outgoing.ctx, this.now()), rawBody };
    } catch (error) {
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : error;
      result = { outcome: { kind: 'failure', error: classifyTransportError(reason, outgoing.ctx) }, rawBody: '' };
    } finally {
      clearTimeout(timer);
      release();
    }
    const { outcome } = result;
    const durationMs = performance.now() - started;
    const failed = outcome.kind === 'failure' || outcome.kind === 'throttled' ? outcome.error : undefined;
    if (outgoing.trace) {
      outgoing.trace.add(
        traceRecord(
          {
            method: outgoing.method,
            url: outgoing.ctx.url,
            headers,
            body: outgoing.body,
            status,
            responseBody: result.rawBody,
            error: failed ? `${failed.errorCode}: ${failed.reason}` : null,
            durationMs,
            startedAt,
          },
          this.token,
        ),
      );
    }
    this.report({
      method: outgoing.method,
      url: outgoing.ctx.url,
      status,
      durationMs,
      attempt,
      ...(failed ? { errorCode: failed.errorCode } : {}),
    });
    return result;
  }

  /** Entra's request headers (reference §4.1): bearer token, SCIM media type on bodies. */
  private headers(outgoing: Outgoing): Record<string, string> {
    const headers: Record<string, string> = { accept: SCIM_ACCEPT };
    if (this.token !== '') headers.authorization = `Bearer ${this.token}`;
    if (outgoing.body !== undefined) headers['content-type'] = SCIM_MEDIA_TYPE;
    return headers;
  }

  private report(exchange: ScimExchange): void {
    if (!this.onExchange) return;
    try {
      this.onExchange(exchange);
    } catch {
      // An observer must not turn a completed request into a failed one.
    }
  }
}

/** Opens a connector, runs Test Connection, closes it. */
export async function validateScimCredentials(
  settings: ScimConnectionSettings,
  options: ScimConnectorOptions & { matchingAttribute?: string } = {},
): Promise<void> {
  let connector: ScimConnector;
  try {
    connector = ScimConnector.open(settings, options);
  } catch (error) {
    throw error instanceof ConnectorError
      ? new ConnectorError({ ...error.toInit(), reason: `Test Connection failed. ${error.reason}` })
      : error;
  }
  try {
    await connector.validateCredentials({ matchingAttribute: options.matchingAttribute });
  } finally {
    await connector.close();
  }
}
