import { routeTable, RouteEntry } from '@app/platform';
import { concretePath, percentEncodedVariants, rawRequest } from '@app/testing';
import { startTestScimTarget, TestScimTarget } from './harness';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ID = '00000000-0000-4000-8000-000000000001';

/** Every route of the SCIM target authenticates on the route it matched, whatever the path's spelling. */
describe('authentication on every route of the SCIM target (decided on the matched route)', () => {
  let target: TestScimTarget;
  let routes: readonly RouteEntry[];
  let acmeToken: string;
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'generic' });
    routes = routeTable(target.app.getHttpAdapter().getInstance());
    acmeToken = (await target.admin('POST', '/admin/tenants', { body: { name: 'acme', profile: 'generic' } })).body.token;
  });
  afterAll(() => target.stop());

  const params = (tenant: string) => ({ tenant, type: 'Users', id: ID, name: 'acme' });

  it('has an explicit allow-list of public routes (health, and the opt-in token endpoint); SCIM and admin routes are all declared', () => {
    const byAccess = (access: string | undefined) => routes.filter((r) => r.access === access);
    expect(
      byAccess('public')
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual([
      'GET /health',
      'GET /health/live',
      'GET /scim/v2/Token',
      'GET /tenants/:tenant/scim/v2/Token',
      'HEAD /health',
      'HEAD /health/live',
      'HEAD /scim/v2/Token',
      'HEAD /tenants/:tenant/scim/v2/Token',
    ]);
    expect(byAccess('scim').every((r) => r.url.startsWith('/scim/v2/') || r.url.startsWith('/tenants/:tenant/scim/v2/'))).toBe(true);
    expect(byAccess('scim').length).toBeGreaterThan(20);
    // Everything else is the admin API, which needs the admin token.
    expect(byAccess(undefined).every((r) => r.url.startsWith('/admin/'))).toBe(true);
  });

  it('answers 401 in the SCIM envelope to every route, in every percent-encoded spelling, without a token or with the wrong one', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const path = concretePath(route.url, params('acme'));
      const variants = [{ path, equivalent: true }, ...percentEncodedVariants(path)];
      // A tenant token opens neither another tenant nor the admin API; the admin token opens no tenant.
      const tenantToken = route.url.startsWith('/tenants/') ? acmeToken : target.token;
      const otherTenantToken = tenantToken === acmeToken ? target.token : acmeToken;
      const wrongTokens = route.access === 'scim' ? [undefined, otherTenantToken, target.adminToken] : [undefined, target.token, acmeToken];
      for (const variant of variants) {
        for (const token of variant === variants[0] ? wrongTokens : [undefined]) {
          const res = await rawRequest(
            target.url,
            route.method,
            variant.path,
            token ? { headers: { authorization: `Bearer ${token}` } } : {},
          );
          sent++;
          const expected = variant.equivalent ? [401] : [401, 404];
          const ok = expected.includes(res.status) && (route.method === 'HEAD' || res.json?.schemas?.[0] === ERROR);
          if (!ok)
            failures.push(
              `${route.method} ${variant.path} (${token ? 'wrong token' : 'no token'}) → ${res.status} ${res.text.slice(0, 80)}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  });

  it('serves an encoded spelling of a SCIM path like the path itself once authenticated', async () => {
    const plain = await rawRequest(target.url, 'GET', '/tenants/acme/scim/v2/Users', { headers: { authorization: `Bearer ${acmeToken}` } });
    const encoded = await rawRequest(target.url, 'GET', '/tenants/%61cme/%73cim/v2/%55sers', {
      headers: { authorization: `Bearer ${acmeToken}` },
    });
    expect(plain.status).toBe(200);
    expect(encoded.status).toBe(200);
    expect(encoded.json.totalResults).toBe(plain.json.totalResults);
    const admin = await rawRequest(target.url, 'GET', '/%61dmin/tenants', { headers: { authorization: `Bearer ${target.adminToken}` } });
    expect(admin.status).toBe(200);
  });

  it('answers paths that match no route with 404 in the SCIM envelope, never 500', async () => {
    for (const path of [
      '/Admin/tenants',
      '/scim/v2/Users/x/y',
      '/scim//v2/Users',
      '/tenants/nobody/scim/v2/Users',
      '/%2573cim/v2/Users',
      '/scim/v2/Users/%ED%A0%80',
      '/scim/v2',
    ]) {
      const res = await rawRequest(target.url, 'GET', path, { headers: { authorization: `Bearer ${target.token}` } });
      expect([path, res.status < 500, res.json?.schemas?.[0]]).toEqual([path, true, ERROR]);
      expect([400, 401, 404]).toContain(res.status);
    }
  });

  it('hands out no token from a public route unless the tenant opted in: 404, in every spelling, with or without a token', async () => {
    for (const path of ['/scim/v2/Token', '/tenants/acme/scim/v2/Token', '/%73cim/v2/%54oken', '/tenants/%61cme/scim/v2/Token']) {
      for (const token of [undefined, target.token, acmeToken, target.adminToken]) {
        const res = await rawRequest(target.url, 'GET', path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
        expect({ path, status: res.status, schemas: res.json?.schemas }).toEqual({ path, status: 404, schemas: [ERROR] });
        for (const secret of [target.token, acmeToken, target.adminToken]) expect(res.text).not.toContain(secret);
      }
    }
  });

  it('refuses a token in the query string and keeps it out of the request log', async () => {
    const res = await rawRequest(target.url, 'GET', `/scim/v2/Users?access_token=${target.token}`);
    expect(res.status).toBe(400);
    expect(res.text).not.toContain(target.token);
    const log = await target.admin('GET', '/admin/tenants/default/requests');
    expect(JSON.stringify(log.body)).not.toContain(target.token);
  });
});
