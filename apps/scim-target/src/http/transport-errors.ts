import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError } from 'fastify';
import { ScimError } from '@app/scim';
import { SCIM_CONTENT_TYPE } from './scim-errors';

/** Longest path parameter the router accepts (Fastify's maxParamLength); ids are UUIDs, tenant names ≤ 63. */
export const MAX_PARAM_LENGTH = 100;

/** A request Fastify's router refuses before any hook runs (FastifyAdapter's `frameworkErrors`). */
export function frameworkErrorToScim(error: FastifyError): ScimError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new ScimError(
      414,
      undefined,
      `A path segment of the request URL is longer than the server accepts (${MAX_PARAM_LENGTH} characters).`,
    );
  }
  return new ScimError(400, 'invalidValue', `The request URL is malformed (${error.code}).`);
}

/** A whole HTTP answer for a socket no ServerResponse owns; the connection closes after it. */
function rawAnswer(error: ScimError): string {
  const text = JSON.stringify(error.toJSON());
  return (
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: ${SCIM_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`
  );
}

/**
 * Answers, in the SCIM envelope, the requests Node's HTTP server would otherwise answer with an empty body or not at
 * all: an `Expect` other than `100-continue` (Node: a bare 417) and `CONNECT` (Node: the connection is dropped).
 * A missing Host header is refused by the gateway (Node's own check is turned off: `requireHostHeader: false`).
 */
export function installTransportAnswers(server: Server): void {
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const error = new ScimError(
      417,
      undefined,
      `Expect: ${String(request.headers.expect).slice(0, 100)} is not supported; only 100-continue is.`,
    );
    const text = JSON.stringify(error.toJSON());
    response.writeHead(417, { 'Content-Type': SCIM_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawAnswer(new ScimError(400, undefined, 'CONNECT is not supported: this server is not a proxy.')));
  });
}
