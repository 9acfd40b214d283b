import 'reflect-metadata';
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { clientErrorResponder, createLogger, loadConfig, localTlsFor, PinoNestLogger } from '@app/platform';
import { ScimTargetConfig } from './config/scim-target.config';
import { FaultService } from './faults/fault.service';
import { installScimGateway } from './http/scim-gateway';
import { SCIM_CONTENT_TYPE, ScimExceptionFilter, sendScimError } from './http/scim-errors';
import { frameworkErrorToScim, installTransportAnswers, MAX_PARAM_LENGTH } from './http/transport-errors';
import { ScimError } from '@app/scim';
import { RequestLogService } from './request-log/request-log.service';
import { ScimTargetModule } from './scim-target.module';
import { DEFAULT_TENANT, TenantRegistry } from './tenants/tenant.registry';

export interface RunningScimTarget {
  app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:3001 (https:// with PROVSIM_HTTPS) */
  url: string;
  /** SCIM base URL of the default tenant. */
  scimBaseUrl: string;
  /** Bearer token of the default tenant. */
  token: string;
  adminToken: string;
  /** With PROVSIM_HTTPS: the local CA that signed the server certificate (PEM) and its file, for clients to trust. */
  tls?: { ca: string; caFile: string };
  close(): Promise<void>;
}

export function loadScimTargetConfig(env: Record<string, string | undefined> = process.env): ScimTargetConfig {
  return loadConfig(ScimTargetConfig, env);
}

/**
 * CORS for the admin API only, so the portal (served by the tenant, on another origin) can call it: any origin, as
 * the admin token travels in the Authorization header and never in a cookie (no credentials); the admin API's methods
 * and the two headers it reads. SCIM routes stay same-origin: a provisioning client is not a browser.
 */
export const ADMIN_CORS: FastifyCorsOptions = {
  origin: '*',
  methods: ['GET', 'POST', 'PATCH', 'DELETE'],
  allowedHeaders: ['Authorization', 'Content-Type'],
  credentials: false,
  maxAge: 600,
};

function corsForAdminApi(request: FastifyRequest, callback: (error: Error | null, options: FastifyCorsOptions) => void): void {
  const admin = request.url === '/admin' || request.url.startsWith('/admin/') || request.url.startsWith('/admin?');
  callback(null, admin ? ADMIN_CORS : { origin: false });
}

/** Builds the Nest application (not listening yet): database migrated, tenants loaded, gateway installed. */
export async function createScimTargetApp(config: ScimTargetConfig, logger: Logger): Promise<NestFastifyApplication> {
  const tls = await localTlsFor(config, config.SCIM_PUBLIC_URL);
  const adapter = new FastifyAdapter({
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    loggerInstance: logger,
    bodyLimit: config.SCIM_MAX_BODY_BYTES,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Requests the router itself refuses (a path whose percent-encoding is not UTF-8 → 400, a parameter over
    // MAX_PARAM_LENGTH characters → 414) still answer in the SCIM envelope.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      sendScimError(reply, frameworkErrorToScim(error)),
    // So does what Node's HTTP parser refuses (a URL over its size limit → 414, headers → 431, not HTTP → 400)…
    clientErrorHandler: clientErrorResponder(
      (status, message) => ({ contentType: SCIM_CONTENT_TYPE, body: new ScimError(status, undefined, message).toJSON() }),
      { uriTooLong: true },
    ),
    // …and a request without Host, which the gateway refuses itself rather than let Node answer an empty 400.
    http: { requireHostHeader: false },
    // While closing, a request on a connection already open is served (with Connection: close), not answered
    // Fastify's own 503 body: the database closes only after the HTTP server.
    return503OnClosing: false,
    // A client that trickles its request never holds a connection for long.
    requestTimeout: 60_000,
    connectionTimeout: 0,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ScimTargetModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // The gateway installs the only body parsers (hardened JSON for application/json and application/scim+json):
    // anything else is a 415.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  installTransportAnswers(app.getHttpServer());
  app.useGlobalFilters(new ScimExceptionFilter(logger));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  // Before the gateway's hooks, so a preflight (which carries no token) is answered before authentication.
  await fastify.register(fastifyCors, { delegator: corsForAdminApi });
  const tenants = app.get(TenantRegistry);
  try {
    await tenants.load();
  } catch (error) {
    await app.close(); // e.g. a tenant with the admin token: refuse to start, and leave no pool open
    throw error;
  }
  installScimGateway(fastify, {
    tenants,
    faults: app.get(FaultService),
    requestLog: app.get(RequestLogService),
    publicUrl: config.SCIM_PUBLIC_URL,
    maxBodyBytes: config.SCIM_MAX_BODY_BYTES,
  });
  await app.init();
  return app;
}

/** Creates the app and listens on SCIM_PORT (0 = a random free port). */
export async function startScimTarget(config: ScimTargetConfig, logger?: Logger): Promise<RunningScimTarget> {
  const log = logger ?? createLogger('scim-target', config.LOG_LEVEL);
  const app = await createScimTargetApp(config, log);
  await app.listen({ port: config.SCIM_PORT, host: config.HOST });
  const address = app.getHttpServer().address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const tls = await localTlsFor(config, config.SCIM_PUBLIC_URL);
  const url = config.SCIM_PUBLIC_URL?.replace(/\/$/, '') ?? `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  const tenants = app.get(TenantRegistry);
  return {
    app,
    url,
    scimBaseUrl: `${url}/scim/v2`,
    token: tenants.get(DEFAULT_TENANT).token,
    adminToken: tenants.revealAdminToken(),
    ...(tls ? { tls: { ca: tls.ca, caFile: tls.caFile } } : {}),
    close: () => app.close(),
  };
}
