import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@app/platform';
import { ENTRA_CONFIG, EntraConfig } from '../config/entra.config';
import { GraphError } from '../http/graph-error';
import { lookupPortalFile } from './portal-files';

export const PORTAL_DIR = Symbol('PORTAL_DIR');

/**
 * The page itself carries no data (every API call it makes carries the admin token), so only scripts, styles and
 * connections to this origin are allowed (and to the origins of PROVSIM_PORTAL_CONNECT_SRC: the SCIM target's admin
 * API); Fluent UI writes its styles into <style> elements at run time, hence 'unsafe-inline' for styles alone.
 */
export function portalCsp(connectSrc: string[] = []): string {
  return PORTAL_CSP.replace("connect-src 'self'", ["connect-src 'self'", ...connectSrc].join(' '));
}

export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Content types of what Vite writes. (The files are streamed here rather than through @fastify/static, whose
 * ESM-only dependency cannot be loaded by the jest runtime every tenant test runs in.)
 */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
};

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The admin portal (apps/portal, built into dist/portal) under /portal/: content-hashed assets cached for a year,
 * index.html never cached and answering every client route, a missing asset a 404. Public routes (the allow-list in
 * docs/security.md): the files hold no data.
 */
@Public()
@Controller('portal')
export class PortalController {
  private readonly csp: string;

  constructor(
    @Inject(PORTAL_DIR) private readonly root: string,
    @Inject(ENTRA_CONFIG) config: EntraConfig,
  ) {
    this.csp = portalCsp(config.PROVSIM_PORTAL_CONNECT_SRC?.trim().split(/\s+/));
  }

  @Get()
  redirect(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    const query = request.url.indexOf('?');
    return reply.redirect(`/portal/${query >= 0 ? request.url.slice(query) : ''}`, 301);
  }

  @Get('*')
  serve(@Param('*') wildcard: string, @Res() reply: FastifyReply): FastifyReply {
    if (!existsSync(join(this.root, 'index.html'))) {
      throw new GraphError(
        404,
        'NotFound',
        `The admin portal is not built (no ${this.root}/index.html): run \`npm run build:portal\` (npm start and npm run build do it), then restart.`,
      );
    }
    const file = lookupPortalFile(this.root, wildcard ?? '');
    reply.header('X-Content-Type-Options', 'nosniff').header('Referrer-Policy', 'no-referrer');
    switch (file.kind) {
      case 'missing':
        throw new GraphError(404, 'NotFound', `The portal has no file '${wildcard}'.`);
      case 'file':
        return this.send(reply, file.path, file.immutable ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
      case 'index':
        reply.header('Content-Security-Policy', this.csp).header('X-Frame-Options', 'DENY');
        return this.send(reply, 'index.html', 'no-cache');
    }
  }

  /** Streams a file of the build (its path already checked by lookupPortalFile). */
  private send(reply: FastifyReply, path: string, cacheControl: string): FastifyReply {
    const full = join(this.root, path);
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    return reply
      .header('Cache-Control', cacheControl)
      .header('Content-Type', type)
      .header('Content-Length', String(statSync(full).size))
      .send(createReadStream(full));
  }
}
