import jwt from 'jsonwebtoken';
import { routeTable, RouteEntry } from '@app/platform';
import { concretePath, percentEncodedVariants, rawRequest } from '@app/testing';
import { startTestEntra, TestEntra } from './harness';

const GUID = '00000000-0000-4000-8000-000000000001';
const PARAMS: Record<string, string> = { tenant: 'provsim.onmicrosoft.com', appId: GUID, id: GUID, jobId: 'kintone.x.y', memberId: GUID };

/** Every route of the tenant app must authenticate on the route it matched, whatever the path's spelling. */
describe('authentication on every route of the tenant (decided on the matched route)', () => {
  let entra: TestEntra;
  let routes: readonly RouteEntry[];
  beforeAll(async () => {
    entra = await startTestEntra({ PROVSIM_CLOCK: 'manual' });
    routes = routeTable(entra.app.getHttpAdapter().getInstance());
  });
  afterAll(() => entra.stop());

  const isProtected = (r: RouteEntry) => r.access !== 'public';

  it("has an explicit allow-list of public routes: health, the token endpoint and the portal's files, nothing else", () => {
    const publicRoutes = routes
      .filter((r) => !isProtected(r))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes).toEqual([
      'GET /health',
      'GET /health/live',
      'GET /portal',
      'GET /portal/*',
      'HEAD /health',
      'HEAD /health/live',
      'HEAD /portal',
      'HEAD /portal/*',
      'POST /:tenant/oauth2/v2.0/token',
    ]);
    // Every Graph, beta and simulator route is in the table, so the walks below cover them.
    for (const prefix of ['/v1.0/', '/beta/', '/sim/']) expect(routes.some((r) => r.url.startsWith(prefix))).toBe(true);
  });

  it('answers 401 in Graph envelope to every protected route, in every percent-encoded spelling, without a token', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes.filter(isProtected)) {
      const path = concretePath(route.url, PARAMS);
      for (const variant of [{ path, equivalent: true }, ...percentEncodedVariants(path)]) {
        const res = await rawRequest(entra.url, route.method, variant.path);
        sent++;
        // An equivalent spelling reaches the route and must be refused there; encoding a reserved character such
        // as `$` may make another path, which may be a 404 — but never an answer without authentication.
        const expected = variant.equivalent ? [401] : [401, 404];
        const ok = expected.includes(res.status) && (route.method === 'HEAD' || res.json?.error?.code !== undefined);
        if (!ok) failures.push(`${route.method} ${variant.path} → ${res.status} ${res.text.slice(0, 80)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  });

  it('refuses wrong, expired, exp-less, not-yet-valid and foreign tokens on an encoded path', async () => {
    const now = Math.floor(Date.now() / 1000);
    const issuer = `https://sts.windows.net/${entra.identity.tenantId}/`;
    const claims = {
      aud: 'https://graph.microsoft.com',
      iss: issuer,
      tid: entra.identity.tenantId,
      appid: entra.identity.clientId,
      iat: now,
      nbf: now,
      exp: now + 600,
    };
    const sign = (c: object) => jwt.sign(c, entra.identity.signingKey, { algorithm: 'HS256', noTimestamp: true });
    const { exp: _exp, ...noExp } = claims;
    const tokens = [
      'wrong-token',
      entra.identity.adminToken + 'x',
      entra.identity.clientSecret,
      sign({ ...claims, exp: now - 10 }),
      sign(noExp),
      sign({ ...claims, nbf: now + 600 }),
      sign({ ...claims, aud: 'https://management.azure.com' }),
      sign({ ...claims, iss: 'https://sts.windows.net/other/' }),
    ];
    // The signed tokens are otherwise valid: the same claims with a proper lifetime get in.
    expect((await rawRequest(entra.url, 'GET', '/%761.0/users', { headers: { authorization: `Bearer ${sign(claims)}` } })).status).toBe(
      200,
    );
    for (const token of tokens) {
      for (const path of ['/v1.0/users', '/%761.0/users', '/sim/%63lock', '/b%65ta/auditLogs/provisioning']) {
        const res = await rawRequest(entra.url, 'GET', path, { headers: { authorization: `Bearer ${token}` } });
        expect([path, res.status]).toEqual([path, 401]);
      }
    }
  });

  it('refuses a token sent in the query string, and never logs or echoes it', async () => {
    for (const name of ['access_token', 'Access_Token', '%61ccess_token', 'token', 'client_secret']) {
      const res = await rawRequest(entra.url, 'GET', `/v1.0/users?${name}=${entra.identity.adminToken}`);
      expect(res.status).toBe(400);
      expect(res.text).not.toContain(entra.identity.adminToken);
    }
  });

  it('answers paths that match no route with 404 in Graph envelope, never 500', async () => {
    for (const path of [
      '/V1.0/users',
      '/v1.0//users',
      '/v1.0;x/users',
      '/%2576%31.0/users',
      '/v1.0/users/x/y/z',
      '/x/oauth2/v2.0/authorize',
      '/v1.0/users/%ED%A0%80',
    ]) {
      const res = await rawRequest(entra.url, 'GET', path);
      expect([path, res.status < 500, res.json?.error?.code !== undefined]).toEqual([path, true, true]);
      expect(res.status === 404 || res.status === 400 || res.status === 401).toBe(true);
    }
  });

  it('keeps the public routes public: health and the token endpoint', async () => {
    expect((await rawRequest(entra.url, 'GET', '/portal')).status).toBe(301);
    expect((await rawRequest(entra.url, 'GET', '/health/live')).status).toBe(200);
    expect((await rawRequest(entra.url, 'GET', '/%68ealth/live')).status).toBe(200);
    const form = `grant_type=client_credentials&client_id=${entra.identity.clientId}&client_secret=${encodeURIComponent(entra.identity.clientSecret)}&scope=${encodeURIComponent('https://graph.microsoft.com/.default')}`;
    const res = await rawRequest(entra.url, 'POST', `/${entra.identity.tenantId}/oauth2/v2.0/token`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(res.json.token_type).toBe('Bearer');
  });
});
