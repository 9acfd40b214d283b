import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import { matchedRoute } from '@app/platform';
import { GraphError, sendGraphError } from './graph-error';

/**
 * What a sub-request of a JSON batch (`POST /v1.0/$batch`) carries while it runs through the app. It exists only in
 * the async context the batch handler opens around `fastify.inject`, so no request from the network can have one.
 */
export interface BatchScope {
  /** Origin of the batch request (scheme and host): links in the sub-request's answer point where the batch went. */
  origin: string;
}

export const batchScope = new AsyncLocalStorage<BatchScope>();

const GRAPH_ROUTE = /^\/(?:v1\.0|beta)\//;
const BATCH_ROUTES = new Set(['/v1.0/$batch', '/beta/$batch']);

/**
 * The last word on where a batch sub-request may go, decided on the route the router matched (like authentication):
 * a Graph route (`/v1.0/…`, `/beta/…`) that is not public and not `$batch` itself. So no spelling of a sub-request's
 * URL reaches the token endpoint, `/sim`, health or a nested batch; those answer 404 (400 for a nested batch) in
 * Graph's envelope. A path that matches no route goes on to the usual 404. Authentication still runs after this,
 * with the batch's own Authorization header.
 */
export function installBatchGuard(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (batchScope.getStore() === undefined) return;
    const route = matchedRoute(request);
    if (!route.matched) return;
    if (BATCH_ROUTES.has(route.template)) {
      return sendGraphError(reply, GraphError.badRequest('A batch request cannot contain another batch request.'), request);
    }
    if (route.access === 'public' || !GRAPH_ROUTE.test(route.template)) {
      const segment = request.url.split('?', 1)[0].split('/').filter(Boolean)[1] ?? '';
      return sendGraphError(reply, new GraphError(404, 'NotFound', `Resource not found for the segment '${segment}'.`), request);
    }
  });
}
