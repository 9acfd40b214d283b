import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

/**
 * Where the built admin portal is (`npm run build:portal` writes dist/portal): PROVSIM_PORTAL_DIR when set (an
 * absolute path; tests point it at a fixture), else dist/portal of the checkout this code runs from, found by
 * walking up from here (the same from the TypeScript sources, under ts-jest, and from the compiled dist/apps/…).
 */
export function resolvePortalDir(env: Record<string, string | undefined> = process.env, from: string = __dirname): string {
  const configured = env.PROVSIM_PORTAL_DIR;
  if (configured) {
    if (!isAbsolute(configured)) throw new Error(`PROVSIM_PORTAL_DIR must be an absolute path, got "${configured}"`);
    return configured;
  }
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'dist', 'portal', 'index.html'))) return join(dir, 'dist', 'portal');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps'))) return join(dir, 'dist', 'portal');
    if (dirname(dir) === dir) return resolve(process.cwd(), 'dist', 'portal');
  }
}

export type PortalFile =
  /** A file to send, relative to the portal root; `immutable`: a content-hashed asset, cached for a year. */
  | { kind: 'file'; path: string; immutable: boolean }
  /** A client route of the single-page app: index.html answers it. */
  | { kind: 'index' }
  | { kind: 'missing' };

/** What a build may hold: a path ending so is a file request (404 when missing), not a client route (a UPN is one). */
const FILE_NAME = /\.(?:js|mjs|css|map|html|json|txt|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|webmanifest)$/i;

/**
 * What a path under /portal/ (without the prefix, already percent-decoded by the router) is: an asset, a client
 * route, or nothing. Never a file outside the root: a segment `..` or `.`, or one holding a NUL or a backslash, makes
 * the path missing before the disk is asked.
 */
export function lookupPortalFile(root: string, wildcard: string): PortalFile {
  if (wildcard === '' || wildcard === 'index.html') return { kind: 'index' };
  const segments = wildcard.split('/');
  if (segments.some((s) => s === '.' || s === '..' || /[\0\\]/.test(s))) return { kind: 'missing' };
  const isAsset = segments[0] === 'assets';
  const looksLikeFile = FILE_NAME.test(segments[segments.length - 1]);
  if (segments.includes('')) return isAsset || looksLikeFile ? { kind: 'missing' } : { kind: 'index' };
  const full = join(root, ...segments);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) return { kind: 'missing' };
  if (isFile(full)) return { kind: 'file', path: segments.join('/'), immutable: isAsset };
  // A missing asset is a 404 (a stale page asking for a file of an older build must not get HTML back).
  return isAsset || looksLikeFile ? { kind: 'missing' } : { kind: 'index' };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
