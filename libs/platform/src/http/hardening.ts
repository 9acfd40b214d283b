import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assertSafeUrl, parseFormBody, parseJsonBody, UnsafeInputError } from './request-input';

export interface HardeningOptions {
  /** Content types whose bodies are JSON (e.g. application/json, application/scim+json). */
  jsonContentTypes: readonly string[];
  /** Accept application/x-www-form-urlencoded bodies too (the token endpoint's). */
  forms?: boolean;
  /** Read an empty JSON body as no body (Graph's behaviour) instead of refusing it. */
  allowEmptyJson?: boolean;
  /** Answers a refused request in the app's own error envelope. */
  refuse(reply: FastifyReply, request: FastifyRequest, error: UnsafeInputError): FastifyReply;
}

/**
 * Installs the input checks of request-input.ts on a Fastify instance, before any route sees the request:
 * the URL (path and query) in an onRequest hook, bodies in the only content-type parsers the app has (JSON, and
 * forms where asked: strict UTF-8, depth, forbidden keys, unsafe text). Every other content type is a 415.
 * Create the Nest app with `bodyParser: false` so these are the parsers, and install this before the
 * authentication hooks, so a hostile URL is refused before anything else looks at it.
 */
export function installRequestHardening(fastify: FastifyInstance, options: HardeningOptions): void {
  fastify.removeAllContentTypeParsers();
  const parseJson = (raw: Buffer) => parseJsonBody(raw, undefined, options.allowEmptyJson);
  const parsers: Array<[string, (raw: Buffer) => unknown]> = options.jsonContentTypes.map((type) => [type, parseJson]);
  if (options.forms) parsers.push(['application/x-www-form-urlencoded', parseFormBody]);
  for (const [type, parse] of parsers) {
    fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => {
      try {
        done(null, parse(body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
  }

  fastify.addHook('onRequest', async (request, reply) => {
    try {
      assertSafeUrl(request.url);
    } catch (error) {
      if (error instanceof UnsafeInputError) return options.refuse(reply, request, error);
      throw error;
    }
  });

}
