import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Tenant } from '../tenants/tenant.registry';

/** What the gateway learns about a SCIM request before any controller runs. */
export interface ScimRequestContext {
  tenant: Tenant;
  /** e.g. `http://127.0.0.1:3001/scim/v2` or `…/tenants/acme/scim/v2` */
  baseUrl: string;
  /** Path below the base, e.g. `/Users/123` (no query string). */
  subPath: string;
  startedAt: bigint;
  /** Set when a fault rule answered instead of the app. */
  faultRuleId?: string;
  /** The response body's text, for the request log. */
  responseText?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    scim?: ScimRequestContext;
  }
}

/** Injects the gateway's context into a controller method. */
export const Scim = createParamDecorator((_: unknown, ctx: ExecutionContext): ScimRequestContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!request.scim) throw new Error('SCIM context missing: route not behind the gateway');
  return request.scim;
});

/** The first value of a query parameter given once or several times. */
export function singleParam(value: unknown): string | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The raw query string parameters (no DTO: SCIM query parameters are validated by the SCIM library). */
export const RawQuery = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Record<string, unknown> =>
    (ctx.switchToHttp().getRequest<FastifyRequest>().query ?? {}) as Record<string, unknown>,
);
