import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawRequest } from '@app/testing';
import { lookupPortalFile, portalCsp } from '../src/portal';
import { startTestEntra, TestEntra } from './harness';

/** A stand-in for `npm run build:portal`'s output: index.html and one content-hashed asset. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'provsim-portal-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>portal</title><script type="module" src="/portal/assets/index-AbC123.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log("portal");');
  return dir;
}

async function withPortalDir<T>(dir: string, start: () => Promise<T>): Promise<T> {
  const before = process.env.PROVSIM_PORTAL_DIR;
  process.env.PROVSIM_PORTAL_DIR = dir;
  try {
    return await start();
  } finally {
    if (before === undefined) delete process.env.PROVSIM_PORTAL_DIR;
    else process.env.PROVSIM_PORTAL_DIR = before;
  }
}

describe('the admin portal under /portal/ (served by the tenant)', () => {
  let entra: TestEntra;
  let dir: string;
  beforeAll(async () => {
    dir = fakeBuild();
    entra = await withPortalDir(dir, () => startTestEntra({ PROVSIM_CLOCK: 'manual' }));
  });
  afterAll(async () => {
    await entra.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /portal/ with index.html, not cached, without a token, with the security headers', async () => {
    const res = await rawRequest(entra.url, 'GET', '/portal/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>portal</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self';");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    '/portal/users',
    '/portal/users/00000000-0000-4000-8000-000000000001?tab=edit',
    '/portal/apps/x/provisioning',
    '/portal/signin?next=%2Fusers',
  ])('answers the client route %s with index.html', async (path) => {
    const res = await rawRequest(entra.url, 'GET', path);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>portal</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await rawRequest(entra.url, 'GET', '/portal/assets/index-AbC123.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.text).toBe('console.log("portal");');
  });

  it.each([
    '/portal/assets/index-old999.js',
    '/portal/assets/',
    '/portal/favicon.ico',
    '/portal/assets/../index.html',
    '/portal/%2e%2e/package.json',
    '/portal/assets/%2e%2e%2f%2e%2e%2fpackage.json',
  ])('answers a missing or escaping file %s with 404 in Graph envelope, never HTML', async (path) => {
    const res = await rawRequest(entra.url, 'GET', path);
    expect(res.status).toBe(404);
    expect(res.json?.error?.code).toBe('NotFound');
    expect(res.text).not.toContain('<title>portal</title>');
  });

  it('redirects /portal to /portal/, keeping the query', async () => {
    const res = await rawRequest(entra.url, 'GET', '/portal');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/portal/');
    expect((await rawRequest(entra.url, 'GET', '/portal?x=1')).headers.location).toBe('/portal/?x=1');
  });

  it('keeps the API protected: the portal routes do not open anything else', async () => {
    expect((await rawRequest(entra.url, 'GET', '/v1.0/users')).status).toBe(401);
    expect((await rawRequest(entra.url, 'POST', '/portal/')).status).toBe(404);
  });
});

describe('the admin portal when it is not built', () => {
  let entra: TestEntra;
  let dir: string;
  beforeAll(async () => {
    dir = join(tmpdir(), `provsim-portal-missing-${process.pid}`);
    entra = await withPortalDir(dir, () => startTestEntra({ PROVSIM_CLOCK: 'manual' }));
  });
  afterAll(() => entra.stop());

  it('starts, and answers /portal/ with a 404 saying how to build it', async () => {
    for (const path of ['/portal/', '/portal/users', '/portal/assets/index-AbC123.js']) {
      const res = await rawRequest(entra.url, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.json.error.message).toContain('npm run build:portal');
    }
    expect((await rawRequest(entra.url, 'GET', '/health/live')).status).toBe(200);
  });
});

describe('lookupPortalFile', () => {
  it.each([
    ['', 'index'],
    ['users/abc', 'index'],
    ['users/a.b@contoso.com', 'index'],
    ['../etc/passwd', 'missing'],
    ['assets/x.js', 'missing'],
    ['a\\b', 'missing'],
    ['users/', 'index'],
  ])('%s → %s', (path, kind) => {
    expect(lookupPortalFile('/nonexistent-root', path).kind).toBe(kind);
  });
});

describe('portalCsp: connect-src names the origins of PROVSIM_PORTAL_CONNECT_SRC (the SCIM target for the Simulator area)', () => {
  it.each([
    [undefined, "connect-src 'self';"],
    [[], "connect-src 'self';"],
    [['http://127.0.0.1:3001'], "connect-src 'self' http://127.0.0.1:3001;"],
    [['http://a:1', 'https://b'], "connect-src 'self' http://a:1 https://b;"],
  ])('%j → %s', (origins, directive) => {
    const csp = portalCsp(origins);
    expect(csp).toContain(directive);
    expect(csp).toContain("default-src 'self'");
  });
});

describe('the admin portal with PROVSIM_PORTAL_CONNECT_SRC', () => {
  it.each([
    ['http://127.0.0.1:3001', 200],
    ["http://x 'unsafe-inline'", 'refused'],
  ])('%s → %s', async (origins, outcome) => {
    const dir = fakeBuild();
    try {
      const start = withPortalDir(dir, () => startTestEntra({ PROVSIM_CLOCK: 'manual', PROVSIM_PORTAL_CONNECT_SRC: origins }));
      if (outcome === 'refused') {
        await expect(start).rejects.toThrow(/PROVSIM_PORTAL_CONNECT_SRC/);
        return;
      }
      const entra = await start;
      try {
        const res = await rawRequest(entra.url, 'GET', '/portal/');
        expect(res.headers['content-security-policy']).toContain(`connect-src 'self' ${origins};`);
      } finally {
        await entra.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
