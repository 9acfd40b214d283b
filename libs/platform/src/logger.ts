import { LoggerService } from '@nestjs/common';
import pino, { Logger, LoggerOptions } from 'pino';
import { redactUrl } from './http/request-input';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** What a request log line says of the request: Fastify's own fields, with credentials in the URL masked. */
interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Structured JSON logs. Authorization headers and anything that looks like a secret never reach the output; a
 * request's URL is logged with credential-bearing query parameters masked (such requests are refused anyway, but
 * Fastify logs "incoming request" before any hook runs). This `req` serializer replaces Fastify's own.
 */
export function createLogger(name: string, level: LogLevel): Logger {
  const options: LoggerOptions = {
    name,
    level,
    redact: {
      paths: ['req.headers.authorization', '*.token', '*.secret', '*.password', 'token', 'secret', 'password'],
      censor: '[REDACTED]',
    },
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: req.url === undefined ? undefined : redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
  return pino(options);
}

/**
 * What Nest hands over becomes one record: a string is its message; `{ message, ...fields }` (what the engine logs)
 * puts its fields on the record itself, so they can be queried as fields rather than read out of the text.
 */
function record(message: unknown, meta: Record<string, unknown>): [Record<string, unknown>, string] {
  if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
    const { message: text, ...fields } = message as Record<string, unknown>;
    return [{ ...fields, ...meta }, typeof text === 'string' ? text : ''];
  }
  return [meta, String(message)];
}

/** Lets Nest's own messages (bootstrap, route mapping, errors) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info(...record(message, { context }));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error(...record(message, { context, trace }));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn(...record(message, { context }));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug(...record(message, { context }));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace(...record(message, { context }));
  }
}
