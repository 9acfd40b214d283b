import type { FastifyInstance } from 'fastify';
import { bearerToken } from '@app/platform';
import { TokenService } from '../auth/token.service';
import { GraphError, sendGraphError } from './graph-error';

const PROTECTED = /^\/(v1\.0|beta|sim)(?=[/?#]|$)/;

/** Every Graph (and simulator-control) route needs a bearer token: the admin token or a client-credentials JWT. */
export function installAuthHook(fastify: FastifyInstance, tokens: TokenService): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!PROTECTED.test(request.url)) return;
    try {
      tokens.authenticate(bearerToken(request.headers.authorization));
    } catch (error) {
      if (error instanceof GraphError) return sendGraphError(reply, error, request);
      throw error;
    }
  });
}
