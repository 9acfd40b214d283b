import { httpRequest } from '@app/testing';
import { startTestScimTarget, TestScimTarget } from './harness';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PORTAL = 'http://127.0.0.1:3000';

/** What the portal (served by the tenant, another origin) needs from the admin API: CORS, profiles, stored resources. */
describe('admin API from the portal', () => {
  let target: TestScimTarget;
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_TOKEN: 'default-tenant-token-0001', SCIM_ADMIN_TOKEN: 'admin-token-000000001' });
  });
  afterAll(() => target.stop());

  it('answers a preflight of the admin API without a token: methods and the two headers it reads, no credentials', async () => {
    const res = await httpRequest('OPTIONS', `${target.url}/admin/tenants/default/faults`, {
      headers: { origin: PORTAL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, PATCH, DELETE');
    expect(res.headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it.each([
    ['with the admin token', 200, 'admin-token-000000001'],
    ['without a token', 401, undefined],
    ["with a tenant's token", 401, 'default-tenant-token-0001'],
  ])('a cross-origin GET %s is answered %s, with CORS headers', async (_, status, token) => {
    const res = await httpRequest('GET', `${target.url}/admin/tenants`, { token, headers: { origin: PORTAL } });
    expect(res.status).toBe(status);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    if (status === 401) expect(res.body.schemas).toEqual([ERROR]);
  });

  it('gives SCIM routes no CORS headers and their preflight no answer a browser accepts', async () => {
    const get = await target.scim('GET', '/Users', { headers: { origin: PORTAL } });
    expect(get.status).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await httpRequest('OPTIONS', `${target.scimBaseUrl}/Users`, {
      headers: { origin: PORTAL, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.status).toBeGreaterThanOrEqual(400);
  });

  it('lists the profiles a tenant can be created with', async () => {
    const res = await target.admin('GET', '/admin/profiles');
    expect(res.status).toBe(200);
    expect(res.body.profiles).toEqual(expect.arrayContaining(['generic', 'kintone']));
    expect(res.body.profiles).toContain(res.body.default);
    expect((await httpRequest('GET', `${target.url}/admin/profiles`)).status).toBe(401);
  });

  it('pages through the users and groups a tenant stores, secrets redacted', async () => {
    const tenant = await target.admin('POST', '/admin/tenants', { body: { name: 'gen', profile: 'generic' } });
    const scim = (path: string, body: unknown) => httpRequest('POST', `${tenant.body.baseUrl}${path}`, { token: tenant.body.token, body });
    for (const userName of ['a@contoso.com', 'b@contoso.com', 'c@contoso.com']) {
      expect((await scim('/Users', { userName, password: 'Secret-123!' })).status).toBe(201);
    }
    expect((await scim('/Groups', { displayName: 'Sales' })).status).toBe(201);
    const first = await target.admin('GET', '/admin/tenants/gen/stored/Users?count=2');
    expect(first.status).toBe(200);
    expect(first.body.totalResults).toBe(3);
    expect(first.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['a@contoso.com', 'b@contoso.com']);
    expect(first.body.Resources[0]).toMatchObject({ id: expect.any(String), meta: { version: 1 } });
    expect(JSON.stringify(first.body)).not.toContain('Secret-123!');
    const second = await target.admin('GET', '/admin/tenants/gen/stored/Users?startIndex=3&count=2');
    expect(second.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['c@contoso.com']);
    const groups = await target.admin('GET', '/admin/tenants/gen/stored/Groups');
    expect(groups.body).toMatchObject({ totalResults: 1, Resources: [{ displayName: 'Sales' }] });
    const log = await target.admin('GET', '/admin/tenants/gen/requests?limit=1');
    expect(log.body.requests[0]).toMatchObject({ method: 'POST', status: 201, response: { displayName: 'Sales', id: expect.any(String) } });
  });

  it.each([
    ['an unknown type', '/admin/tenants/default/stored/Things', 400],
    ['a count over 200', '/admin/tenants/default/stored/Users?count=201', 400],
    ['an unknown tenant', '/admin/tenants/nobody/stored/Users', 404],
  ])('refuses %s in the SCIM error envelope', async (_, path, status) => {
    const res = await target.admin('GET', path);
    expect(res.status).toBe(status);
    expect(res.body.schemas).toEqual([ERROR]);
  });

  it('needs the admin token for stored resources', async () => {
    expect((await httpRequest('GET', `${target.url}/admin/tenants/default/stored/Users`, { token: target.token })).status).toBe(401);
  });
});
