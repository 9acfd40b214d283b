import { BadRequestException } from '@nestjs/common';

/**
 * Input checks shared by every app, run before anything reaches a controller, a SQL statement or a store:
 * - text: no NUL (PostgreSQL refuses it in text and would answer a 500) and no lone UTF-16 surrogate (it cannot be
 *   stored or sent as UTF-8; silently storing U+FFFD instead would lose data);
 * - JSON bodies: strictly valid UTF-8, nested at most MAX_JSON_DEPTH deep, no `__proto__` / `constructor` /
 *   `prototype` keys (refused like any unknown property, so no code ever has to think about prototype pollution);
 * - URLs: no credentials in the query string (they would end up in access logs and browser history).
 * Each app renders an UnsafeInputError in its own protocol's error envelope.
 */
export class UnsafeInputError extends BadRequestException {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'UnsafeInputError';
  }
}

export const MAX_JSON_DEPTH = 64;
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Query parameters that carry credentials (RFC 6750 §2.3 and the usual variants): refused, never logged. */
export const CREDENTIAL_QUERY_PARAMS: ReadonlySet<string> = new Set([
  'access_token',
  'token',
  'id_token',
  'refresh_token',
  'client_secret',
  'secret',
  'password',
  'api_key',
  'apikey',
]);

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be accepted, or undefined when it can. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate';
  return undefined;
}

function describe(path: string): string {
  return path === '' ? 'The request body' : `The value at '${path}'`;
}

/**
 * Walks a parsed JSON value without recursion (a hostile body must not exhaust the stack) and throws an
 * UnsafeInputError on the first problem: too deep, a forbidden key, or unsafe text in a key or a string value.
 */
export function assertSafeJson(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value: v, depth, path } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) throw new UnsafeInputError(`${describe(path)} ${problem}.`);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) throw new UnsafeInputError(`The request body is nested deeper than ${maxDepth} levels.`);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: depth + 1, path: `${path}[${i}]` });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) throw new UnsafeInputError(`Property '${key}' does not exist on this resource type.`);
      const keyProblem = textProblem(key);
      if (keyProblem) throw new UnsafeInputError(`A property name ${keyProblem}.`);
      stack.push({ value: (v as Record<string, unknown>)[key], depth: depth + 1, path: path ? `${path}.${key}` : key });
    }
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decodeUtf8(raw: Buffer | string): string {
  if (typeof raw === 'string') return raw;
  try {
    return strictUtf8.decode(raw);
  } catch {
    throw new UnsafeInputError('The request body is not valid UTF-8.');
  }
}

/** Parses an application/x-www-form-urlencoded body (strict UTF-8, safe text); a repeated field keeps its first value. */
export function parseFormBody(raw: Buffer | string): Record<string, string> {
  const form: Record<string, string> = Object.create(null);
  for (const pair of decodeUtf8(raw).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = strictDecodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : strictDecodeComponent(pair.slice(eq + 1));
    if (name === undefined || value === undefined) throw new UnsafeInputError('A form field is not valid UTF-8 once percent-decoded.');
    if (!(name in form)) form[name] = value;
  }
  assertSafeJson(form);
  return form;
}

/**
 * Parses a JSON body: strict UTF-8 (invalid bytes are refused, not turned into U+FFFD), then assertSafeJson.
 * An empty body is refused, or read as no body at all with `allowEmpty` (Graph accepts `Content-Type:
 * application/json` with nothing after it on DELETE, start, pause…).
 */
export function parseJsonBody(raw: Buffer | string, maxDepth = MAX_JSON_DEPTH, allowEmpty = false): unknown {
  const text = decodeUtf8(raw);
  if (text.trim() === '') {
    if (allowEmpty) return undefined;
    throw new BadRequestException('Body cannot be empty when content-type is set to JSON');
  }
  let value: unknown;
  try {
    // Keys such as __proto__ become own data properties here; assertSafeJson refuses them before anyone reads them.
    value = JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`Invalid JSON: ${(error as Error).message}`);
  }
  assertSafeJson(value, maxDepth);
  return value;
}

/**
 * Decodes a percent-encoded URL component strictly: undefined when its bytes are not valid UTF-8 (decodeURIComponent
 * refuses overlong forms and encoded surrogates). A `%` not followed by two hex digits stays a literal `%`, as the
 * query-string parser reads it.
 */
function strictDecodeComponent(component: string): string | undefined {
  const text = component.replace(/\+/g, ' ');
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    return undefined;
  }
}

/**
 * Checks a request URL's path and query string: valid UTF-8 once decoded, no NUL, no lone surrogate, no credentials
 * as query parameters. Throws an UnsafeInputError naming the problem (never echoing a credential's value).
 */
export function assertSafeUrl(url: string): void {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const decodedPath = strictDecodeComponent(path.replace(/\+/g, '%2B'));
  if (decodedPath === undefined) throw new UnsafeInputError('The request path is not valid UTF-8 once percent-decoded.');
  const pathProblem = textProblem(decodedPath);
  if (pathProblem) throw new UnsafeInputError(`The request path ${pathProblem}.`);
  if (q === -1) return;
  for (const pair of url.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = strictDecodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : strictDecodeComponent(pair.slice(eq + 1));
    if (name === undefined || value === undefined) {
      throw new UnsafeInputError('A query parameter is not valid UTF-8 once percent-decoded.');
    }
    if (CREDENTIAL_QUERY_PARAMS.has(name.toLowerCase())) {
      throw new UnsafeInputError(`Credentials are not accepted in the query string ('${name}'); send them in the Authorization header.`);
    }
    const problem = textProblem(name) ?? textProblem(value);
    if (problem) throw new UnsafeInputError(`The query parameter '${textProblem(name) ? '(name)' : name}' ${problem}.`);
  }
}

/** A URL with the values of credential-bearing query parameters masked, for logs. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = strictDecodeComponent(pair.slice(0, eq))?.toLowerCase();
      return name !== undefined && CREDENTIAL_QUERY_PARAMS.has(name) ? `${pair.slice(0, eq)}=[REDACTED]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}
