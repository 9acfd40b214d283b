import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ODataError } from '@app/odata';
import { clientErrorResponder, createLogger, loadConfig, localTlsFor, PinoNestLogger, SimulatedClock } from '@app/platform';
import { TenantIdentity, TenantSettingsService } from './auth/tenant-settings.service';
import { TokenService } from './auth/token.service';
import { EntraConfig } from './config/entra.config';
import { EntraModule } from './entra.module';
import { DemoSeedResult, SeedService } from './seed';
import { installAuthHook } from './http/auth-hook';
import { GraphError, graphErrorBody, GraphExceptionFilter, sendGraphError } from './http/graph-error';
import { setPublicOrigin } from './http/graph-request';

export interface RunningEntra {
  app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:3000 (https:// with PROVSIM_HTTPS) */
  url: string;
  /** Graph base, e.g. http://127.0.0.1:3000/v1.0 */
  graphUrl: string;
  identity: TenantIdentity;
  /** What the boot-time demo seed did (null when ENTRA_DEMO_TENANT=false). */
  demo: DemoSeedResult | null;
  /** With PROVSIM_HTTPS: the local CA that signed the server certificate (PEM) and its file, for clients to trust. */
  tls?: { ca: string; caFile: string };
  close(): Promise<void>;
}

export function loadEntraConfig(env: Record<string, string | undefined> = process.env): EntraConfig {
  return loadConfig(EntraConfig, env);
}

const ALTERNATE_KEY = /^\/v1\.0\/servicePrincipals\(appId=(?:'|%27)([^')%]+)(?:'|%27)\)/i;
export function rewriteAlternateKeys(url: string): string {
  return url.replace(ALTERNATE_KEY, '/v1.0/servicePrincipals/$byAppId/$1');
}

const isODataError = (e: unknown): e is ODataError => e instanceof ODataError;

/** Longest path parameter the router takes: a 113-character userPrincipalName with every character percent-encoded. */
export const MAX_PATH_PARAM_LENGTH = 3 * 113;

export async function createEntraApp(
  config: EntraConfig,
  logger: Logger,
  clock: SimulatedClock = SimulatedClock.fromSpec(config.PROVSIM_CLOCK),
): Promise<NestFastifyApplication> {
  const tls = await localTlsFor(config, config.ENTRA_PUBLIC_URL);
  const adapter = new FastifyAdapter({
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
    loggerInstance: logger,
    bodyLimit: config.ENTRA_MAX_BODY_BYTES,
    requestTimeout: 60_000,
    // A path parameter may be a userPrincipalName (`/users/{id | userPrincipalName}`): up to 113 characters, each
    // of which a client may percent-encode (3 characters each).
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // Requests the router itself refuses (a path whose percent-encoding is not UTF-8, a parameter over
    // MAX_PATH_PARAM_LENGTH characters) still answer in Graph's envelope.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendGraphError(reply, GraphError.badRequest(`The request URL is malformed (${error.code}).`), request),
    clientErrorHandler: clientErrorResponder((status, message) => ({
      contentType: 'application/json; charset=utf-8',
      body: graphErrorBody(new GraphError(status, 'BadRequest', message)),
    })),
    // Graph's alternate-key form `servicePrincipals(appId='…')` has no path segment a router can match.
    rewriteUrl: (req: { url?: string }) => rewriteAlternateKeys(req.url ?? '/'),
  });
  const app = await NestFactory.create<NestFastifyApplication>(EntraModule.forRoot(config, clock, tls ? [tls.ca] : []), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // Body parsers are the hardened ones installAuthHook registers (JSON and forms only; anything else is a 415).
    bodyParser: false,
  });
  app.useGlobalFilters(new GraphExceptionFilter(logger, isODataError));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  setPublicOrigin(config.ENTRA_PUBLIC_URL);
  await app.get(TenantSettingsService).load();
  installAuthHook(app.getHttpAdapter().getInstance(), app.get(TokenService));
  await app.init();
  return app;
}

export async function startEntra(config: EntraConfig, logger?: Logger, clock?: SimulatedClock): Promise<RunningEntra> {
  const log = logger ?? createLogger('entra', config.LOG_LEVEL);
  const app = await createEntraApp(config, log, clock);
  const demo = config.ENTRA_DEMO_TENANT ? await app.get(SeedService).seedDemoTenantIfEmpty() : null;
  await app.listen({ port: config.ENTRA_PORT, host: config.HOST });
  const address = app.getHttpServer().address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const tls = await localTlsFor(config, config.ENTRA_PUBLIC_URL);
  const url = config.ENTRA_PUBLIC_URL?.replace(/\/$/, '') ?? `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  const running = { app, url, graphUrl: `${url}/v1.0`, identity: app.get(TenantSettingsService).get(), demo, close: () => app.close() };
  return tls ? { ...running, tls: { ca: tls.ca, caFile: tls.caFile } } : running;
}
