import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { InputError } from './input-error';

/** Error codes as Microsoft Graph's directory APIs use them. */
export type GraphErrorCode =
  | 'Request_BadRequest'
  | 'Request_ResourceNotFound'
  | 'Request_UnsupportedQuery'
  | 'Request_InvalidDataContractVersion'
  | 'Authorization_RequestDenied'
  | 'InvalidAuthenticationToken'
  | 'Authentication_MissingOrMalformed'
  | 'BadRequest'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'Conflict'
  | 'FailedDependency'
  | 'DuplicateValue'
  | 'CannotDeleteOrUpdateEnabledEntitlement'
  | 'InternalServerError'
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type';

/** The one exception of the tenant app: a status and a Graph error code, rendered in Graph's envelope. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: GraphErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }

  static badRequest(message: string): GraphError {
    return new GraphError(400, 'Request_BadRequest', message);
  }

  static notFound(id: string): GraphError {
    return new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
}

export function graphErrorBody(error: GraphError, request?: FastifyRequest): object {
  const clientRequestId = request?.headers['client-request-id'];
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': String(request?.id ?? randomUUID()),
        ...(typeof clientRequestId === 'string' ? { 'client-request-id': clientRequestId } : {}),
      },
    },
  };
}

const UNKNOWN_PROPERTY = /^property (\S+) should not exist$/;

function fromHttpException(error: HttpException): GraphError {
  const status = error.getStatus();
  const response = error.getResponse();
  const raw =
    typeof response === 'object' && response !== null && 'message' in response ? (response as { message: unknown }).message : error.message;
  const messages = (Array.isArray(raw) ? raw : [raw]).map(String);
  switch (status) {
    case 400: {
      if (messages.some((m) => /JSON|body cannot be empty/i.test(m))) {
        return new GraphError(
          400,
          'BadRequest',
          'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        );
      }
      const unknown = messages.map((m) => UNKNOWN_PROPERTY.exec(m)).find(Boolean);
      if (unknown) return GraphError.badRequest(`Property '${unknown[1]}' does not exist on this resource type.`);
      return GraphError.badRequest(messages.join('; '));
    }
    case 404:
      return new GraphError(404, 'NotFound', `Resource not found for the segment '${messages[0].replace(/^Cannot \w+ /, '')}'.`);
    case 405:
      return new GraphError(405, 'MethodNotAllowed', 'The HTTP method is not allowed for the requested resource.');
    case 413:
      return new GraphError(413, 'RequestEntityTooLarge', 'The request body is larger than the server accepts.');
    case 415:
      return new GraphError(415, 'UnsupportedMediaType', 'Content-Type must be application/json.');
    default:
      return new GraphError(status, status === 401 ? 'InvalidAuthenticationToken' : 'BadRequest', messages.join('; '));
  }
}

/**
 * Maps anything thrown while serving a request to a GraphError, the one place where refused input becomes Graph's
 * 400: the app's own checks (InputError), OData query options, and the DTOs' class-validator messages (through
 * ValidationPipe's HttpException). Unknown errors become a bare 500.
 */
export function toGraphError(error: unknown, isODataError: (e: unknown) => e is { code: string; message: string } = noOData): GraphError {
  if (error instanceof GraphError) return error;
  if (error instanceof InputError) return GraphError.badRequest(error.message);
  if (isODataError(error)) return new GraphError(400, error.code as GraphErrorCode, error.message);
  if (error instanceof HttpException) return fromHttpException(error);
  return new GraphError(500, 'InternalServerError', 'An internal server error occurred.');
}

function noOData(_: unknown): _ is { code: string; message: string } {
  return false;
}

export function sendGraphError(reply: FastifyReply, error: GraphError, request?: FastifyRequest): FastifyReply {
  if (error.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="provsim-entra"');
  return reply.code(error.status).header('Content-Type', 'application/json; charset=utf-8').send(graphErrorBody(error, request));
}

/** Every error leaves the tenant app in Graph's envelope. */
@Catch()
export class GraphExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly isODataError: (e: unknown) => e is { code: string; message: string },
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const error = toGraphError(exception, this.isODataError);
    if (error.status >= 500) this.logger.error({ err: exception }, 'unhandled error while serving a Graph request');
    sendGraphError(http.getResponse<FastifyReply>(), error, http.getRequest<FastifyRequest>());
  }
}
