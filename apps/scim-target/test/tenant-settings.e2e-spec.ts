import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRequest, rawRequest } from '@app/testing';
import { startTestScimTarget, TestScimTarget } from './harness';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('per-tenant settings', () => {
  let target: TestScimTarget;
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'generic' });
  });
  afterAll(() => target.stop());

  /** SCIM requests to one tenant, with its token. */
  const tenantScim = (name: string, token: string) => (method: string, path: string, body?: unknown) =>
    httpRequest(method, `${target.url}/tenants/${name}/scim/v2${path}`, { token, body });

  describe('group displayName uniqueness (generic profile)', () => {
    const expectTaken = (res: { status: number; body: any }, name: string) => {
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        schemas: [ERROR],
        status: '409',
        scimType: 'uniqueness',
        detail: `A group named "${name}" (in any case) already exists`,
      });
    };

    it('is unique regardless of case on POST, PUT and PATCH, by default', async () => {
      const sales = await target.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Sales' } });
      expect(sales.status).toBe(201);
      expectTaken(await target.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'sALES' } }), 'sALES');

      const ops = await target.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Ops' } });
      expectTaken(await target.scim('PUT', `/Groups/${ops.body.id}`, { body: { schemas: [GROUP], displayName: 'SALES' } }), 'SALES');
      const replace = { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'displayName', value: 'sales' }] };
      expectTaken(await target.scim('PATCH', `/Groups/${ops.body.id}`, { body: replace }), 'sales');
      const pathless = { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { displayName: 'Sales' } }] };
      expectTaken(await target.scim('PATCH', `/Groups/${ops.body.id}`, { body: pathless }), 'Sales');
      expect((await target.scim('GET', `/Groups/${ops.body.id}`)).body.displayName).toBe('Ops');

      // A group may change the case of its own name; a freed name may be taken again.
      expect((await target.scim('PUT', `/Groups/${sales.body.id}`, { body: { schemas: [GROUP], displayName: 'SALES' } })).status).toBe(200);
      expect((await target.scim('DELETE', `/Groups/${sales.body.id}`)).status).toBe(204);
      expect((await target.scim('PATCH', `/Groups/${ops.body.id}`, { body: replace })).status).toBe(204);
    });

    it('leaves User displayName alone', async () => {
      for (const userName of ['same1@contoso.com', 'same2@contoso.com']) {
        expect((await target.scim('POST', '/Users', { body: { userName, displayName: 'Same Name' } })).status).toBe(201);
      }
    });

    it('lets exactly one of many concurrent creates of a name through', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => target.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Race' } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      expect((await target.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "race"')}`)).body.totalResults).toBe(1);
    });

    it('says so in /Schemas: displayName uniqueness "server", or "none" where duplicates are allowed', async () => {
      const displayName = (schema: { attributes: Array<{ name: string; uniqueness: string }> }) =>
        schema.attributes.find((a) => a.name === 'displayName')?.uniqueness;
      expect(displayName((await target.scim('GET', `/Schemas/${GROUP}`)).body)).toBe('server');
      const list = await target.scim('GET', '/Schemas');
      expect(displayName(list.body.Resources.find((s: { id: string }) => s.id === GROUP))).toBe('server');
      const loose = await target.admin('POST', '/admin/tenants', {
        body: { name: 'loose', profile: 'generic', allowDuplicateGroupNames: true },
      });
      try {
        expect(displayName((await tenantScim('loose', loose.body.token)('GET', `/Schemas/${GROUP}`)).body)).toBe('none');
      } finally {
        await target.admin('DELETE', '/admin/tenants/loose');
      }
    });

    it('is a tenant setting: allowDuplicateGroupNames on create, changed by PATCH /admin/tenants/{name}', async () => {
      const created = await target.admin('POST', '/admin/tenants', {
        body: { name: 'dups', profile: 'generic', allowDuplicateGroupNames: true },
      });
      expect(created.status).toBe(201);
      expect(created.body.allowDuplicateGroupNames).toBe(true);
      const scim = tenantScim('dups', created.body.token);
      try {
        const first = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Twice' });
        const second = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'TWICE' });
        expect([first.status, second.status]).toEqual([201, 201]);

        // Forbidding duplicates while two groups share a name: 409, and nothing changes.
        const refused = await target.admin('PATCH', '/admin/tenants/dups', { body: { allowDuplicateGroupNames: false } });
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
        expect(refused.body.detail).toMatch(
          /^Tenant "dups" has several groups named "(Twice|TWICE)" \(in any case\); rename or delete them/,
        );
        expect((await target.admin('GET', '/admin/tenants/dups')).body.allowDuplicateGroupNames).toBe(true);
        expect((await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'twice' })).status).toBe(201);

        for (const group of (await scim('GET', '/Groups')).body.Resources.slice(1)) {
          expect((await scim('DELETE', `/Groups/${group.id}`)).status).toBe(204);
        }
        const changed = await target.admin('PATCH', '/admin/tenants/dups', { body: { allowDuplicateGroupNames: false } });
        expect(changed.status).toBe(200);
        expect(changed.body).toMatchObject({ name: 'dups', allowDuplicateGroupNames: false });
        expect(changed.body.token).toMatch(/…/);
        expectTaken(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'twice' }), 'twice');

        expect((await target.admin('PATCH', '/admin/tenants/dups', { body: { allowDuplicateGroupNames: true } })).status).toBe(200);
        expect((await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'twice' })).status).toBe(201);
        expect(
          (await target.admin('GET', '/admin/tenants')).body.tenants.map((t: { name: string; allowDuplicateGroupNames: boolean }) => [
            t.name,
            t.allowDuplicateGroupNames,
          ]),
        ).toEqual([
          ['default', false],
          ['dups', true],
        ]);
      } finally {
        await target.admin('DELETE', '/admin/tenants/dups');
      }
    });

    it('validates the admin bodies', async () => {
      for (const [method, path, body] of [
        ['POST', '/admin/tenants', { name: 'bad', allowDuplicateGroupNames: 'yes' }],
        ['PATCH', '/admin/tenants/default', { allowDuplicateGroupNames: 1 }],
        ['PATCH', '/admin/tenants/default', { colour: 'red' }],
      ] as const) {
        const res = await target.admin(method, path, { body });
        expect({ path, status: res.status, schemas: res.body.schemas }).toEqual({ path, status: 400, schemas: [ERROR] });
      }
      expect((await target.admin('PATCH', '/admin/tenants/nobody', { body: { allowDuplicateGroupNames: true } })).status).toBe(404);
      expect((await target.admin('PATCH', '/admin/tenants/default', { body: {} })).status).toBe(200);
      expect((await httpRequest('PATCH', `${target.url}/admin/tenants/default`, { token: target.token, body: {} })).status).toBe(401);
    });
  });
});

describe('per-tenant settings survive a restart', () => {
  it('keeps allowDuplicateGroupNames and tokenEndpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provsim-'));
    const first = await startTestScimTarget({ PROVSIM_DATA_DIR: dir, SCIM_TARGET_PROFILE: 'generic' });
    try {
      await first.admin('POST', '/admin/tenants', {
        body: { name: 'kept', profile: 'generic', allowDuplicateGroupNames: true, tokenEndpoint: true },
      });
      await first.admin('PATCH', '/admin/tenants/default', { body: { allowDuplicateGroupNames: true } });
      await first.close();
      const again: Record<string, string> = first.db.databaseUrl ? { DATABASE_URL: first.db.databaseUrl } : { PROVSIM_DATA_DIR: dir };
      const second = await startTestScimTarget({ ...again, SCIM_TARGET_PROFILE: 'generic' });
      try {
        const tenants = (await second.admin('GET', '/admin/tenants')).body.tenants;
        expect(
          tenants.map((t: { name: string; allowDuplicateGroupNames: boolean; tokenEndpoint: boolean }) => [
            t.name,
            t.allowDuplicateGroupNames,
            t.tokenEndpoint,
          ]),
        ).toEqual([
          ['default', true, false],
          ['kept', true, true],
        ]);
      } finally {
        await second.stop();
      }
    } finally {
      await first.db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the token endpoint (GET {base}/Token, opt-in per tenant)', () => {
  let target: TestScimTarget;
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'generic' });
  });
  afterAll(() => target.stop());

  /** The first request of the Postman collection of Microsoft's SCIM reference code: a GET with a JSON string body. */
  const postmanGetToken = (base: string) =>
    rawRequest(target.url, 'GET', `${base}/Token`, { headers: { 'content-type': 'application/json' }, body: '"SecureLogin"' });

  it('is a 404 for a tenant that has not opted in, with or without a token', async () => {
    for (const headers of [{}, { authorization: `Bearer ${target.token}` }] as Record<string, string>[]) {
      const res = await rawRequest(target.url, 'GET', '/scim/v2/Token', { headers });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ schemas: [ERROR], status: '404' });
      expect(res.text).not.toContain(target.token);
    }
    expect((await target.admin('GET', '/admin/tenants/default')).body.tokenEndpoint).toBe(false);
    expect((await rawRequest(target.url, 'GET', '/tenants/nobody/scim/v2/Token')).status).toBe(404);
  });

  it('answers the tenant its token as {"token":…}, without authentication, once it opted in', async () => {
    const created = await target.admin('POST', '/admin/tenants', { body: { name: 'postman', profile: 'generic', tokenEndpoint: true } });
    expect(created.body.tokenEndpoint).toBe(true);
    try {
      const res = await postmanGetToken('/tenants/postman/scim/v2');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ token: created.body.token });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      // The token it hands out opens that tenant, and only that one.
      expect((await httpRequest('GET', `${target.url}/tenants/postman/scim/v2/Users`, { token: res.json.token })).status).toBe(200);
      expect((await httpRequest('GET', `${target.scimBaseUrl}/Users`, { token: res.json.token })).status).toBe(401);
      // Other methods on it: 405 with Allow (after authentication), as on any read-only path.
      const post = await httpRequest('POST', `${target.url}/tenants/postman/scim/v2/Token`, { token: res.json.token, body: {} });
      expect({ status: post.status, allow: post.headers.allow }).toEqual({ status: 405, allow: 'GET' });
      // A rotated token is the one handed out next.
      const rotated = await target.admin('POST', '/admin/tenants/postman/token', { body: {} });
      expect((await postmanGetToken('/tenants/postman/scim/v2')).json).toEqual({ token: rotated.body.token });
      // Each token handed out is in the tenant's request log.
      const [entry] = (await target.admin('GET', '/admin/tenants/postman/requests?limit=1')).body.requests;
      expect(entry).toMatchObject({ method: 'GET', url: '/tenants/postman/scim/v2/Token', status: 200 });
      // The other tenants keep theirs.
      expect((await rawRequest(target.url, 'GET', '/scim/v2/Token')).status).toBe(404);
    } finally {
      await target.admin('DELETE', '/admin/tenants/postman');
    }
  });

  it('is switched on and off by PATCH /admin/tenants/{name}', async () => {
    const on = await target.admin('PATCH', '/admin/tenants/default', { body: { tokenEndpoint: true } });
    expect(on.body).toMatchObject({ name: 'default', tokenEndpoint: true, allowDuplicateGroupNames: false });
    expect((await postmanGetToken('/scim/v2')).json).toEqual({ token: target.token });
    const off = await target.admin('PATCH', '/admin/tenants/default', { body: { tokenEndpoint: false } });
    expect(off.body.tokenEndpoint).toBe(false);
    expect((await postmanGetToken('/scim/v2')).status).toBe(404);
    const post = await httpRequest('POST', `${target.scimBaseUrl}/Token`, { token: target.token, body: {} });
    expect(post.status).toBe(404);
    const bad = await target.admin('PATCH', '/admin/tenants/default', { body: { tokenEndpoint: 'on' } });
    expect(bad.status).toBe(400);
  });
});
