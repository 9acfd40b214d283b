import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyRequest } from 'fastify';

/**
 * Who may call a route, declared on the handler and read back from the route the router matched: the
 * authentication hooks decide on `request.routeOptions`, never on a pattern of the raw URL, so a path spelled
 * differently (percent-encoded, `//`, `/./`) is judged exactly like the route it reaches. A route without a
 * declaration gets the app's default, which is always a protected kind.
 */
export type RouteAccess = 'public' | 'admin' | 'scim';

const ACCESS_KEY = 'provsimAccess';

type RouteConfigRecord = Record<string, unknown>;

function setAccess(handler: object, access: RouteAccess, override: boolean): void {
  const existing = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as RouteConfigRecord;
  if (!override && existing[ACCESS_KEY] !== undefined) return;
  // Nest's Fastify adapter copies this metadata into the route's `config` when it registers the route.
  Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...existing, [ACCESS_KEY]: access }, handler);
}

/**
 * On a handler: that route's access. On a controller: the access of each of its handlers that declares none
 * (method decorators run first, so a handler's own declaration wins).
 */
export function Access(access: RouteAccess): ClassDecorator & MethodDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      setAccess(descriptor.value as object, access, true);
      return descriptor;
    }
    const prototype = (target as { prototype: Record<string, unknown> }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const member = Object.getOwnPropertyDescriptor(prototype, name)?.value;
      if (name !== 'constructor' && typeof member === 'function') setAccess(member as object, access, false);
    }
    return undefined;
  }) as ClassDecorator & MethodDecorator;
}

/** Unauthenticated route (health, the token endpoint): the explicit allow-list. */
export const Public = (): ClassDecorator & MethodDecorator => Access('public');

export type MatchedRoute =
  | { matched: false }
  /** `access` undefined: the route declared nothing, so the app's protected default applies. */
  | { matched: true; template: string; access: RouteAccess | undefined };

/** The route the router matched for this request (after percent-decoding), with its declared access. */
export function matchedRoute(request: FastifyRequest): MatchedRoute {
  const options = request.routeOptions;
  if (options.url === undefined) return { matched: false };
  const config = options.config as unknown as RouteConfigRecord | undefined;
  return { matched: true, template: options.url, access: config?.[ACCESS_KEY] as RouteAccess | undefined };
}

export interface RouteEntry {
  method: string;
  /** The router's template, e.g. `/v1.0/users/:id`. */
  url: string;
  access: RouteAccess | undefined;
}

const tables = new WeakMap<object, RouteEntry[]>();

/**
 * Records every route registered on this Fastify instance from now on (call it before the app registers its
 * routes), with its declared access: what an app exposes, for tests that walk every route and for the docs.
 */
export function trackRoutes(fastify: {
  addHook(name: 'onRoute', hook: (route: { method: string | string[]; url: string; config?: unknown }) => void): unknown;
}): void {
  const table: RouteEntry[] = [];
  tables.set(fastify, table);
  fastify.addHook('onRoute', (route) => {
    const access = (route.config as RouteConfigRecord | undefined)?.[ACCESS_KEY] as RouteAccess | undefined;
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
  });
}

/** The routes trackRoutes recorded on this instance (empty when it was not called). */
export function routeTable(fastify: object): readonly RouteEntry[] {
  return tables.get(fastify) ?? [];
}
