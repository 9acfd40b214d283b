import { GraphError } from '../http/graph-error';

/**
 * The body of `POST /v1.0/$batch` (Graph's JSON batching), checked as a whole before any sub-request runs: a batch
 * that is refused changes nothing. Graph's answers for a malformed batch: 400 `BadRequest` "Invalid batch payload
 * format." (also for an absolute URL), "Number of requests inside batch exceed the limit.", "Request Id … has to be
 * unique in a batch.", "Write request id : … does not contain Content-Type header or body.".
 */
export const MAX_BATCH_REQUESTS = 20;
const MAX_ID_LENGTH = 256;
/** Graph's batch lets long URLs through ("bypassing URL length limitations"); about Node's own request-line bound. */
const MAX_URL_LENGTH = 8192;
const MAX_HEADERS = 32;
const MAX_HEADER_VALUE_LENGTH = 4096;

export type BatchMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: readonly BatchMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const WRITES: readonly BatchMethod[] = ['POST', 'PUT', 'PATCH'];

/** Sub-request headers passed on to the app; any other (Authorization, Host, Cookie, Content-Length…) is dropped. */
export const FORWARDED_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'client-request-id',
  'consistencylevel',
  'content-type',
  'if-match',
  'if-none-match',
  'prefer',
]);

export interface BatchStep {
  id: string;
  method: BatchMethod;
  /** Path and query under the version segment, starting with `/` (`/users?$top=1`). */
  url: string;
  /** Forwarded headers, lower-case names. */
  headers: Record<string, string>;
  /** Present when the request had a body (any JSON value, `null` included). */
  body?: { value: unknown };
  /** Ids (as written in their own requests) this one waits for. */
  dependsOn: string[];
}

const invalid = (): GraphError => new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown>, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const HEADER_VALUE = /^[\t\x20-\x7e\u0080-\uffff]*$/;

/**
 * The URL of a sub-request as Graph takes it: relative to the version (`/users`, or `users`), never absolute.
 * Anything a URL parser could resolve to another place — a scheme, `//`, a backslash, a dot segment in any
 * spelling, an encoded slash, white space or control characters, a fragment — makes the batch malformed.
 */
export function relativeUrl(url: unknown): string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) throw invalid();
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) || url.startsWith('//') || /[\\#\s\u0000-\u001f\u007f]/.test(url)) throw invalid();
  const relative = url.startsWith('/') ? url : `/${url}`;
  const path = relative.split('?', 1)[0];
  for (const segment of path.split('/').slice(1)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw invalid();
    }
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded)) throw invalid();
  }
  return relative;
}

function headersOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid();
  const entries = Object.entries(value);
  if (entries.length > MAX_HEADERS) throw invalid();
  const headers: Record<string, string> = {};
  for (const [name, v] of entries) {
    if (!HEADER_NAME.test(name) || typeof v !== 'string' || v.length > MAX_HEADER_VALUE_LENGTH || !HEADER_VALUE.test(v)) throw invalid();
    const lower = name.toLowerCase();
    if (FORWARDED_HEADERS.has(lower)) headers[lower] = v;
  }
  return headers;
}

function stepOf(raw: unknown): BatchStep & { rawDependsOn: unknown } {
  if (!isObject(raw)) throw invalid();
  const id = own(raw, 'id');
  const method = own(raw, 'method');
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH || !HEADER_VALUE.test(id)) throw invalid();
  if (typeof method !== 'string') throw invalid();
  const upper = method.toUpperCase() as BatchMethod;
  if (!METHODS.includes(upper)) throw invalid();
  const hasBody = Object.prototype.hasOwnProperty.call(raw, 'body');
  return {
    id,
    method: upper,
    url: relativeUrl(own(raw, 'url')),
    headers: headersOf(own(raw, 'headers')),
    ...(hasBody ? { body: { value: raw.body } } : {}),
    dependsOn: [],
    rawDependsOn: own(raw, 'dependsOn'),
  };
}

/** The batch's requests, checked; a GraphError (400) for anything Graph would refuse the whole batch for. */
export function parseBatch(body: unknown): BatchStep[] {
  if (!isObject(body)) throw invalid();
  const requests = own(body, 'requests');
  if (!Array.isArray(requests) || requests.length === 0) throw invalid();
  if (requests.length > MAX_BATCH_REQUESTS) throw new GraphError(400, 'BadRequest', 'Number of requests inside batch exceed the limit.');
  const steps = requests.map(stepOf);
  // Ids are not case-sensitive (Graph: "Request Id A has to be unique in a batch" for "a" and "A").
  const byId = new Map<string, BatchStep>();
  for (const step of steps) {
    const key = step.id.toLowerCase();
    if (byId.has(key)) throw new GraphError(400, 'BadRequest', `Request Id ${step.id} has to be unique in a batch.`);
    byId.set(key, step);
  }
  for (const step of steps) {
    if (WRITES.includes(step.method) || step.body !== undefined) {
      if (step.body === undefined || step.headers['content-type'] === undefined) {
        throw new GraphError(400, 'BadRequest', `Write request id : ${step.id} does not contain Content-Type header or body.`);
      }
    }
    const deps = step.rawDependsOn;
    if (deps !== undefined && deps !== null) {
      if (!Array.isArray(deps) || deps.length > MAX_BATCH_REQUESTS) throw invalid();
      for (const dep of deps) {
        if (typeof dep !== 'string') throw invalid();
        const target = byId.get(dep.toLowerCase());
        if (!target || target === step) throw invalid();
        if (!step.dependsOn.includes(target.id)) step.dependsOn.push(target.id);
      }
    }
  }
  executionOrder(steps);
  return steps.map(({ rawDependsOn: _raw, ...step }) => step);
}

/**
 * The order to run the steps in: each after the ones it depends on, otherwise in the order given (Kahn's
 * algorithm, taking the earliest ready step). A cycle makes the batch malformed.
 */
export function executionOrder<T extends Pick<BatchStep, 'id' | 'dependsOn'>>(steps: readonly T[]): T[] {
  const done = new Set<string>();
  const order: T[] = [];
  while (order.length < steps.length) {
    const next = steps.find((s) => !done.has(s.id) && s.dependsOn.every((d) => done.has(d)));
    if (!next) throw invalid();
    done.add(next.id);
    order.push(next);
  }
  return order;
}
