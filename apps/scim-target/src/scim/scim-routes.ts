import { Profile, ScimError } from '@app/scim';
import { MethodNotAllowedError } from '../http/scim-errors';

/** Discovery documents (RFC 7644 §4): read-only, `GET` only. */
const DISCOVERY = new Set(['ServiceProviderConfig', 'Schemas', 'ResourceTypes']);
/** Discovery documents that also serve one entry by id (`/Schemas/{urn}`, `/ResourceTypes/{id}`). */
const DISCOVERY_WITH_ENTRIES = new Set(['Schemas', 'ResourceTypes']);

const READ_ONLY: readonly string[] = ['GET'];

/** What of a tenant, besides its profile, changes its paths. */
export interface RouteOptions {
  /** `/Token` exists (GET only): the tenant opted in to handing out its token. */
  tokenEndpoint?: boolean;
}
const COLLECTION: readonly string[] = ['GET', 'POST'];
const RESOURCE: readonly string[] = ['GET', 'PUT', 'PATCH', 'DELETE'];

/**
 * The methods a path below a tenant's SCIM base (`/Users`, `/Users/{id}`, `/Schemas`…) allows, as the `Allow` header
 * of a 405 lists them (RFC 9110 §15.5.6); undefined when there is no such path (a 404). Mirrors the routes of
 * ScimController: resource types are those of the tenant's profile, names are case-sensitive.
 */
export function allowedMethods(profile: Profile, subPath: string, options: RouteOptions = {}): readonly string[] | undefined {
  const segments = subPath.split('/').slice(1);
  if (segments.some((s) => s === '')) return undefined;
  const [type] = segments;
  if (segments.length === 1) {
    if (DISCOVERY.has(type)) return READ_ONLY;
    if (type === 'Token' && options.tokenEndpoint) return READ_ONLY;
    if (profile.resourceSchemas.has(type)) return COLLECTION;
  } else if (segments.length === 2) {
    if (DISCOVERY_WITH_ENTRIES.has(type)) return READ_ONLY;
    if (profile.resourceSchemas.has(type)) return RESOURCE;
  }
  return undefined;
}

/**
 * Why a request on a SCIM path must be refused whatever its body says: 404 when the tenant has no such path, 405
 * (with the methods it has) when it does not allow the method (HEAD counts as GET). Undefined when the route may
 * serve it. The gateway asks this before the body is read, so `POST /Schemas` with any body is a 405.
 */
export function routeRefusal(
  profile: Profile,
  subPath: string,
  method: string,
  path: string,
  options: RouteOptions = {},
): ScimError | undefined {
  const allow = allowedMethods(profile, subPath, options);
  if (!allow) {
    const type = subPath.split('/')[1] ?? '';
    return new ScimError(404, undefined, `Resource type "${type}" is not served by the ${profile.name} profile`);
  }
  if (allow.includes(method === 'HEAD' ? 'GET' : method)) return undefined;
  return new MethodNotAllowedError(allow, `${method} is not supported on ${path}; it allows ${allow.join(', ')}`);
}
