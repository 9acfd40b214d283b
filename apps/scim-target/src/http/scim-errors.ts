import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { ScimError } from '@app/scim';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** A 405 that knows what the path does allow: its `Allow` header (RFC 9110 §15.5.6). */
export class MethodNotAllowedError extends ScimError {
  constructor(
    readonly allow: readonly string[],
    detail: string,
  ) {
    super(405, undefined, detail);
  }
}

/** Maps anything thrown while serving a request to an RFC 7644 §3.12 error. Unknown errors become a bare 500. */
export function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  if (error instanceof HttpException) return fromHttpException(error);
  return new ScimError(500, undefined, 'Internal server error');
}

export function sendScimError(reply: FastifyReply, error: ScimError): FastifyReply {
  if (error.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="provsim-scim-target"');
  if (error instanceof MethodNotAllowedError) reply.header('Allow', error.allow.join(', '));
  return reply.code(error.status).header('Content-Type', SCIM_CONTENT_TYPE).send(error.toJSON());
}

/**
 * Nest's HTTP exceptions, including Fastify's own request errors (body too large, bad JSON, unsupported media
 * type), which Nest's Fastify adapter turns into HttpExceptions before they reach our filter.
 */
function fromHttpException(error: HttpException): ScimError {
  const status = error.getStatus();
  const response = error.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response ? (response as { message: unknown }).message : error.message;
  const detail = Array.isArray(message) ? message.join('; ') : String(message);
  switch (status) {
    case 413:
      return new ScimError(413, 'tooLarge', 'Request body is larger than the server accepts');
    case 415:
      return new ScimError(415, undefined, 'Content-Type must be application/scim+json or application/json');
    case 400:
      if (/JSON|body cannot be empty/i.test(detail)) {
        return new ScimError(400, 'invalidSyntax', `Request body is not valid JSON (${detail})`);
      }
      return new ScimError(400, 'invalidValue', detail);
    default:
      return new ScimError(status, undefined, detail);
  }
}

/** One place where exceptions meet the wire: every error leaves in the SCIM envelope. */
@Catch()
export class ScimExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = toScimError(exception);
    if (error.status >= 500) this.logger.error({ err: exception }, 'unhandled error while serving a SCIM request');
    sendScimError(reply, error);
  }
}
