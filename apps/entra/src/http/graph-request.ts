import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { batchScope } from './batch-scope';

/** Origin for @odata links: ENTRA_PUBLIC_URL, else the request's own scheme and host (a batch's, for its sub-requests). */
let publicOrigin: string | undefined;
export function setPublicOrigin(origin: string | undefined): void {
  publicOrigin = origin?.replace(/\/$/, '');
}

export interface GraphRequest {
  origin: string;
  /** Absolute URL of this request, for @odata.nextLink. */
  url: string;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
}

export const Graph = createParamDecorator((_: unknown, ctx: ExecutionContext): GraphRequest => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  // A batch sub-request runs in-process (no socket of its own): its links use the batch request's origin.
  const origin = publicOrigin ?? batchScope.getStore()?.origin ?? `${request.protocol}://${request.host}`;
  return {
    origin,
    url: `${origin}${request.url}`,
    query: (request.query ?? {}) as Record<string, unknown>,
    headers: request.headers as Record<string, unknown>,
  };
});

/** The API version of the request's path: `beta` for routes served under /beta, else `v1.0`. */
export function apiVersion(req: GraphRequest): 'v1.0' | 'beta' {
  return req.url.startsWith(`${req.origin}/beta/`) ? 'beta' : 'v1.0';
}

/** `@odata.context` of an answer, in the version the request was made in (as Graph answers). */
export function contextUrl(req: GraphRequest, fragment: string): string {
  return `${req.origin}/${apiVersion(req)}/$metadata#${fragment}`;
}
