/**
 * The Tenant URL (`BaseAddress` secret) and the request URLs built from it (reference §4.1, §4.10).
 */
import type { PatchShape } from '@app/provisioning-core';
import { ConnectorError, SCIM_ERROR_CODES } from './connector-error';

/** The SCIM compliance flag appended to the Tenant URL as a query parameter (reference §4.10). */
export const COMPLIANCE_FLAG = 'aadOptscim062020';

export interface TenantUrl {
  /** `http://host:port`: what the connection pool connects to. */
  origin: string;
  /** Path of the SCIM base without trailing slash (`/scim/v2`, or '' for the root). */
  basePath: string;
  /**
   * The Tenant URL's other query parameters, as written (without `?`), sent with every request. The flag is not:
   * it selects the PATCH shape and is not part of the app's address (reference open question 6: our choice).
   */
  forwardedQuery: string;
  shape: PatchShape;
  /** The base as requests use it (no flag): for messages. */
  base: string;
}

function invalidTenantUrl(reason: string): ConnectorError {
  return new ConnectorError({
    reaction: 'quarantine',
    httpStatus: null,
    errorCode: SCIM_ERROR_CODES.credentialValidationUnavailable,
    errorCategory: 'nonServiceFailure',
    reason,
    recommendedAction:
      "Enter the Tenant URL of the app's SCIM endpoint, e.g. https://app.example.com/scim/v2, in the provisioning settings.",
  });
}

function isFlagParameter(pair: string): boolean {
  const name = pair.split('=', 1)[0];
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase() === COMPLIANCE_FLAG.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Parses a Tenant URL with or without trailing slash and with or without `?aadOptscim062020`. Throws a
 * quarantine ConnectorError for anything that is not an absolute http(s) URL without user info or fragment
 * (the message never repeats the URL, which could carry credentials).
 */
export function parseTenantUrl(baseAddress: string): TenantUrl {
  let url: URL;
  try {
    url = new URL(baseAddress.trim());
  } catch {
    throw invalidTenantUrl('The Tenant URL is not an absolute URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidTenantUrl(`The Tenant URL must start with https:// (or http:// for local apps), not ${url.protocol}//.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidTenantUrl('The Tenant URL must not contain a user name or password; the Secret Token authenticates the requests.');
  }
  if (url.hash !== '') throw invalidTenantUrl('The Tenant URL must not contain a fragment (#…).');
  const pairs = url.search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '');
  const flagged = pairs.some(isFlagParameter);
  const forwardedQuery = pairs.filter((p) => !isFlagParameter(p)).join('&');
  const basePath = url.pathname.replace(/\/+$/, '');
  return {
    origin: url.origin,
    basePath,
    forwardedQuery,
    shape: flagged ? 'aadOptscim062020' : 'default',
    base: `${url.origin}${basePath}${forwardedQuery === '' ? '' : `?${forwardedQuery}`}`,
  };
}

/**
 * Request target (path and query, as sent on the request line) for `path` relative to the Tenant URL
 * (`/Users`, `/Users/{id}`, with or without leading slash) plus query parameters, encoded with
 * encodeURIComponent (a space becomes %20, a quote %22).
 */
export function requestTarget(tenant: TenantUrl, path: string, params: ReadonlyArray<readonly [string, string]> = []): string {
  const [pathPart, pathQuery = ''] = path.split(/\?(.*)/s, 2);
  const relative = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const query = [
    tenant.forwardedQuery,
    pathQuery,
    ...params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`),
  ].filter((part) => part !== '');
  return `${tenant.basePath}${relative}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/**
 * `collection` for `/Users`, `/Groups` (a 404 there means the URL is no SCIM endpoint), `resource` for
 * `/Users/{id}`.
 */
export function targetKind(path: string): 'collection' | 'resource' {
  const segments = path
    .split('?', 1)[0]
    .split('/')
    .filter((s) => s !== '');
  return segments.length <= 1 ? 'collection' : 'resource';
}
