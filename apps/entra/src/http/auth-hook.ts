import type { FastifyInstance } from 'fastify';
import { bearerToken, installRequestHardening, matchedRoute, trackRoutes } from '@app/platform';
import { TokenService } from '../auth/token.service';
import { installBatchGuard } from './batch-scope';
import { GraphError, sendGraphError } from './graph-error';

/**
 * Input checks, then authentication, decided on the route the router matched: every route of the tenant
 * (`/v1.0`, `/beta`, `/sim`, …) needs a bearer token — the admin token or a client-credentials JWT — except the
 * handlers marked `@Public()` (health, the token endpoint). A path that matches no route goes on to Nest's 404 in
 * Graph's envelope; a spelling of a path that does match (`/%761.0/users`) is judged as that route.
 */
export function installAuthHook(fastify: FastifyInstance, tokens: TokenService): void {
  trackRoutes(fastify);
  installRequestHardening(fastify, {
    jsonContentTypes: ['application/json'],
    forms: true,
    allowEmptyJson: true,
    refuse: (reply, request, error) => sendGraphError(reply, GraphError.badRequest(error.detail), request),
  });
  // A sub-request of a JSON batch reaches Graph routes only (the same checks below then apply to it).
  installBatchGuard(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    const route = matchedRoute(request);
    if (!route.matched || route.access === 'public') return;
    try {
      tokens.authenticate(bearerToken(request.headers.authorization));
    } catch (error) {
      if (error instanceof GraphError) return sendGraphError(reply, error, request);
      throw error;
    }
  });
}
