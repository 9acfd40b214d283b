import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes } from 'fastify';
import type { Readable } from 'node:stream';
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
  /**
   * Read a body over the route's limit to its end, discarding it, as long as the request has sent at most this many
   * bytes, and only then answer 413: a client still sending reads the answer instead of a reset connection. A body
   * going on past it (or declaring a length past it) is answered at once and its connection closed. Unset: Fastify's
   * own reader, which answers at once and closes.
   */
  drainOversizeBodiesUpTo?: number;
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
  const drainCap = options.drainOversizeBodiesUpTo;
  for (const [type, parse] of parsers) {
    if (drainCap === undefined) {
      fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => {
        try {
          done(null, parse(body as Buffer));
        } catch (error) {
          done(error as Error, undefined);
        }
      });
      continue;
    }
    fastify.addContentTypeParser(type, (request, payload, done) => {
      readBodyDraining(request, payload, drainCap, (error, body) => {
        if (error) return done(error, undefined);
        try {
          done(null, parse(body!));
        } catch (parseError) {
          done(parseError as Error, undefined);
        }
      });
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

/**
 * Reads a request body up to the route's limit, like Fastify's own reader, with one difference: a body over the limit
 * is read to its end and thrown away (up to `cap` bytes in all) before the 413, so the client is not reset while it
 * is still sending. Fastify answers errors of a body reader with `Connection: close`; as the body has then been read,
 * the connection ends cleanly.
 */
export function readBodyDraining(
  request: FastifyRequest,
  payload: Readable,
  cap: number,
  done: (error: Error | null, body?: Buffer) => void,
): void {
  const limit = request.routeOptions.bodyLimit ?? cap;
  const declared = Number(request.headers['content-length']);
  if (declared > Math.max(limit, cap)) {
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  let received = 0;
  let chunks: Buffer[] | undefined = declared > limit ? undefined : [];
  const finish = (error: Error | null, body?: Buffer) => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
    done(error, body);
  };
  function onData(chunk: Buffer): void {
    received += chunk.length;
    if (chunks && received > limit) chunks = undefined; // from now on, only counted
    if (chunks) chunks.push(chunk);
    else if (received > cap) finish(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  }
  function onEnd(): void {
    if (!chunks) return finish(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    if (!Number.isNaN(declared) && received !== declared) return finish(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
    finish(null, Buffer.concat(chunks, received));
  }
  function onError(error: Error & { statusCode?: number }): void {
    if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
    finish(error);
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
  payload.resume();
}
