import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRequest } from '@app/testing';
import { loadScimTargetConfig } from '../src/bootstrap';
import { startTestScimTarget, TestScimTarget } from './harness';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('admin API: tenants, request log, fault injection', () => {
  let target: TestScimTarget;
  beforeAll(async () => {
    target = await startTestScimTarget({
      SCIM_TARGET_TOKEN: 'default-tenant-token-0001',
      SCIM_ADMIN_TOKEN: 'admin-token-000000001',
      SCIM_REQUEST_LOG_SIZE: '5',
    });
  });
  afterAll(() => target.stop());

  it('uses SCIM_TARGET_TOKEN and SCIM_ADMIN_TOKEN when given', () => {
    expect(target.token).toBe('default-tenant-token-0001');
    expect(target.adminToken).toBe('admin-token-000000001');
  });

  it('rejects admin calls without the admin token (a tenant token is not enough)', async () => {
    for (const token of [undefined, target.token]) {
      const res = await httpRequest('GET', `${target.url}/admin/tenants`, { token });
      expect(res.status).toBe(401);
      expect(res.body.schemas).toEqual([ERROR]);
    }
  });

  it('creates isolated tenants, lists them with masked tokens, rotates tokens, resets and deletes', async () => {
    const created = await target.admin('POST', '/admin/tenants', { body: { name: 'acme', profile: 'generic' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'acme', profile: 'generic', baseUrl: `${target.url}/tenants/acme/scim/v2` });
    const acmeToken: string = created.body.token;
    expect(acmeToken.length).toBeGreaterThanOrEqual(32);

    const dup = await target.admin('POST', '/admin/tenants', { body: { name: 'acme' } });
    expect(dup.status).toBe(409);
    const bad = await target.admin('POST', '/admin/tenants', { body: { name: 'Not Valid!', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.schemas).toEqual([ERROR]);

    const acme = `${target.url}/tenants/acme/scim/v2`;
    const user = await httpRequest('POST', `${acme}/Users`, { token: acmeToken, body: { userName: 'shared@contoso.com' } });
    expect(user.status).toBe(201);
    // Same userName in the default tenant: no clash, and neither sees the other's users.
    expect((await target.scim('POST', '/Users', { body: { userName: 'shared@contoso.com' } })).status).toBe(201);
    expect((await httpRequest('GET', `${acme}/Users`, { token: acmeToken })).body.totalResults).toBe(1);
    expect((await httpRequest('GET', `${acme}/Users`, { token: target.token })).status).toBe(401);
    expect((await target.scim('GET', `/Users/${user.body.id}`)).status).toBe(404);

    const list = await target.admin('GET', '/admin/tenants');
    expect(list.body.tenants.map((t: { name: string }) => t.name)).toEqual(['acme', 'default']);
    for (const t of list.body.tenants) {
      expect(t.token).not.toBe(acmeToken);
      expect(t.token).not.toBe(target.token);
      expect(t.token).toMatch(/…/);
    }

    const rotated = await target.admin('POST', '/admin/tenants/acme/token', { body: {} });
    expect(rotated.status).toBe(201);
    expect(rotated.body.token).not.toBe(acmeToken);
    expect((await httpRequest('GET', `${acme}/Users`, { token: acmeToken })).status).toBe(401);
    expect((await httpRequest('GET', `${acme}/Users`, { token: rotated.body.token })).status).toBe(200);

    expect((await target.admin('POST', '/admin/tenants/acme/reset')).status).toBe(204);
    expect((await httpRequest('GET', `${acme}/Users`, { token: rotated.body.token })).body.totalResults).toBe(0);

    expect((await target.admin('DELETE', '/admin/tenants/acme')).status).toBe(204);
    expect((await httpRequest('GET', `${acme}/Users`, { token: rotated.body.token })).status).toBe(404);
    expect((await target.admin('DELETE', '/admin/tenants/default')).status).toBe(400);
    expect((await target.admin('GET', '/admin/tenants/nope')).status).toBe(404);
  });

  it('refuses a token another tenant has, on rotation as on create (409), and both tenants keep working', async () => {
    const one = await target.admin('POST', '/admin/tenants', { body: { name: 'one', profile: 'generic' } });
    const two = await target.admin('POST', '/admin/tenants', { body: { name: 'two', profile: 'generic' } });
    const oneToken: string = one.body.token;
    const twoToken: string = two.body.token;
    const base = (name: string) => `${target.url}/tenants/${name}/scim/v2`;
    try {
      for (const taken of [twoToken, target.token]) {
        const rotated = await target.admin('POST', '/admin/tenants/one/token', { body: { token: taken } });
        expect(rotated.status).toBe(409);
        expect(rotated.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
        expect(rotated.body.detail).toMatch(/taken by another tenant/);
        expect(JSON.stringify(rotated.body)).not.toContain(taken);
      }
      const created = await target.admin('POST', '/admin/tenants', { body: { name: 'three', token: twoToken } });
      expect(created.status).toBe(409);
      expect(created.body).toMatchObject({ schemas: [ERROR], scimType: 'uniqueness' });
      expect(JSON.stringify(created.body)).not.toContain(twoToken);

      // Nothing changed: each tenant answers its own token only.
      expect((await httpRequest('GET', `${base('one')}/Users`, { token: oneToken })).status).toBe(200);
      expect((await httpRequest('GET', `${base('two')}/Users`, { token: twoToken })).status).toBe(200);
      expect((await httpRequest('GET', `${base('one')}/Users`, { token: twoToken })).status).toBe(401);
      expect((await target.scim('GET', '/Users')).status).toBe(200);
      expect((await target.admin('GET', '/admin/tenants/one')).body.tokenRotatedAt).toBe(one.body.tokenRotatedAt);
      expect((await target.admin('GET', '/admin/tenants/three')).status).toBe(404);
      // A tenant may be given its own current token again.
      expect((await target.admin('POST', '/admin/tenants/one/token', { body: { token: oneToken } })).status).toBe(201);
    } finally {
      await target.admin('DELETE', '/admin/tenants/one');
      await target.admin('DELETE', '/admin/tenants/two');
    }
  });

  it('never gives a tenant the admin token, on create or rotation (409, token not repeated)', async () => {
    const created = await target.admin('POST', '/admin/tenants', { body: { name: 'sneaky', token: target.adminToken } });
    expect(created.status).toBe(409);
    expect(created.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    expect(created.body.detail).toMatch(/admin API's token/);
    expect(JSON.stringify(created.body)).not.toContain(target.adminToken);
    expect((await target.admin('GET', '/admin/tenants/sneaky')).status).toBe(404);

    const honest = await target.admin('POST', '/admin/tenants', { body: { name: 'honest' } });
    try {
      const rotated = await target.admin('POST', '/admin/tenants/honest/token', { body: { token: target.adminToken } });
      expect(rotated.status).toBe(409);
      expect(rotated.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
      expect(JSON.stringify(rotated.body)).not.toContain(target.adminToken);
      const scim = `${target.url}/tenants/honest/scim/v2/Users`;
      expect((await httpRequest('GET', scim, { token: target.adminToken })).status).toBe(401);
      expect((await httpRequest('GET', scim, { token: honest.body.token })).status).toBe(200);
      const defaultRotated = await target.admin('POST', '/admin/tenants/default/token', { body: { token: target.adminToken } });
      expect(defaultRotated.status).toBe(409);
      expect((await target.scim('GET', '/Users')).status).toBe(200);
    } finally {
      await target.admin('DELETE', '/admin/tenants/honest');
    }
  });

  it('keeps a capped request log per tenant, newest first, with secrets removed', async () => {
    await target.scim('POST', '/Users', { body: { userName: 'log1@contoso.com', password: 'hunter2-secret' } });
    for (let i = 0; i < 6; i++) await target.scim('GET', `/Users?count=${i}`);
    const log = await target.admin('GET', '/admin/tenants/default/requests');
    expect(log.status).toBe(200);
    expect(log.body.requests).toHaveLength(5);
    expect(log.body.requests[0]).toMatchObject({ method: 'GET', url: '/scim/v2/Users?count=5', status: 200 });
    expect(log.body.requests[0].durationMs).toEqual(expect.any(Number));
    await target.scim('POST', '/Users', { body: { userName: 'log2@contoso.com', password: 'hunter2-secret' } });
    const latest = await target.admin('GET', '/admin/tenants/default/requests?limit=1');
    const [post] = latest.body.requests;
    expect(post).toMatchObject({ method: 'POST', status: 201, body: { userName: 'log2@contoso.com', password: '[REDACTED]' } });
    for (const body of [log.body, latest.body]) {
      expect(JSON.stringify(body)).not.toContain('hunter2');
      expect(JSON.stringify(body)).not.toContain(target.token);
    }
  });

  it('masks passwords set by PATCH: by path (any case, URN-qualified) and path-less', async () => {
    const tenant = await target.admin('POST', '/admin/tenants', { body: { name: 'pwlog', profile: 'generic' } });
    const scim = `${target.url}/tenants/pwlog/scim/v2`;
    const token: string = tenant.body.token;
    try {
      const user = await httpRequest('POST', `${scim}/Users`, { token, body: { userName: 'pwlog@contoso.com' } });
      const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
      const operations = [
        { op: 'replace', path: 'password', value: 'hunter2-a' },
        { op: 'Replace', path: 'Password', value: 'hunter2-b' },
        { op: 'replace', path: `${USER}:password`, value: 'hunter2-c' },
        { Op: 'add', Path: 'PASSWORD', Value: 'hunter2-d' },
        { op: 'replace', value: { password: 'hunter2-e', displayName: 'Shown' } },
        { op: 'replace', value: { [`${USER}:Password`]: 'hunter2-f' } },
        { op: 'replace', path: 'title', value: 'Also shown' },
      ];
      const patched = await httpRequest('PATCH', `${scim}/Users/${user.body.id}`, {
        token,
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations },
      });
      expect(patched.status).toBe(200);
      const [entry] = (await target.admin('GET', '/admin/tenants/pwlog/requests?limit=1')).body.requests;
      expect(entry).toMatchObject({ method: 'PATCH', status: 200 });
      expect(JSON.stringify(entry)).not.toContain('hunter2');
      expect(entry.body.Operations).toEqual([
        { op: 'replace', path: 'password', value: '[REDACTED]' },
        { op: 'Replace', path: 'Password', value: '[REDACTED]' },
        { op: 'replace', path: `${USER}:password`, value: '[REDACTED]' },
        { Op: 'add', Path: 'PASSWORD', Value: '[REDACTED]' },
        { op: 'replace', value: { password: '[REDACTED]', displayName: 'Shown' } },
        { op: 'replace', value: { [`${USER}:Password`]: '[REDACTED]' } },
        { op: 'replace', path: 'title', value: 'Also shown' },
      ]);
    } finally {
      await target.admin('DELETE', '/admin/tenants/pwlog');
    }
  });

  describe('fault injection', () => {
    afterEach(() => target.admin('DELETE', '/admin/tenants/default/faults'));

    it('answers a status every Nth matching request, with Retry-After, and counts hits', async () => {
      const rule = await target.admin('POST', '/admin/tenants/default/faults', {
        body: { method: 'GET', path: '/Users*', status: 429, retryAfter: 3, everyNth: 2 },
      });
      expect(rule.status).toBe(201);
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 4; i++) {
        const res = await target.scim('GET', '/Users?count=1');
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers['retry-after'];
          expect(res.body).toMatchObject({ schemas: [ERROR], status: '429' });
        }
      }
      expect(statuses).toEqual([200, 429, 200, 429]);
      expect(retryAfter).toBe('3');
      // other methods and paths are untouched
      expect((await target.scim('POST', '/Users', { body: { userName: 'fault-free@contoso.com' } })).status).toBe(201);
      const listed = await target.admin('GET', '/admin/tenants/default/faults');
      expect(listed.body.faults[0]).toMatchObject({ id: rule.body.id, hits: 2, matched: 4 });
      const log = await target.admin('GET', '/admin/tenants/default/requests?limit=2');
      expect(log.body.requests[1]).toMatchObject({ status: 429, fault: rule.body.id });
    });

    it('an injected 405 lists the methods the path allows besides the refused one', async () => {
      await target.admin('POST', '/admin/tenants/default/faults', { body: { method: 'PATCH', status: 405 } });
      const user = await target.scim('POST', '/Users', { body: { userName: 'fault-405@contoso.com' } });
      const patched = await target.scim('PATCH', `/Users/${user.body.id}`, { body: { Operations: [] } });
      expect(patched.status).toBe(405);
      expect(patched.headers.allow).toBe('GET, PUT, DELETE');
      expect(patched.body).toMatchObject({ schemas: [ERROR], status: '405' });
      await target.admin('POST', '/admin/tenants/default/faults', {
        body: { method: 'PUT', path: '/Users', status: 405, body: { custom: true } },
      });
      const put = await target.scim('PUT', '/Users', { body: {} });
      expect({ status: put.status, allow: put.headers.allow, body: put.body }).toEqual({
        status: 405,
        allow: 'GET, POST',
        body: { custom: true },
      });
    });

    it('faults happen before authentication, like an outage in front of the app', async () => {
      await target.admin('POST', '/admin/tenants/default/faults', { body: { status: 503 } });
      expect((await httpRequest('GET', `${target.scimBaseUrl}/Users`)).status).toBe(503);
    });

    it('honours maxHits, probability 0 and time windows', async () => {
      await target.admin('POST', '/admin/tenants/default/faults', { body: { status: 500, probability: 0 } });
      await target.admin('POST', '/admin/tenants/default/faults', {
        body: { status: 502, activeFrom: new Date(Date.now() + 3_600_000).toISOString() },
      });
      await target.admin('POST', '/admin/tenants/default/faults', { body: { status: 503, maxHits: 1 } });
      expect((await target.scim('GET', '/Users?count=0')).status).toBe(503);
      expect((await target.scim('GET', '/Users?count=0')).status).toBe(200);
      await target.admin('POST', '/admin/tenants/default/faults', { body: { status: 504, durationMs: 150 } });
      expect((await target.scim('GET', '/Users?count=0')).status).toBe(504);
      await new Promise((r) => setTimeout(r, 200));
      expect((await target.scim('GET', '/Users?count=0')).status).toBe(200);
    });

    it('adds latency, and can drop the connection', async () => {
      await target.admin('POST', '/admin/tenants/default/faults', { body: { path: '/Users', latencyMs: 300, maxHits: 1 } });
      const started = Date.now();
      const slow = await target.scim('GET', '/Users');
      expect(slow.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      await target.admin('POST', '/admin/tenants/default/faults', { body: { drop: true, maxHits: 1 } });
      await expect(target.scim('GET', '/Users')).rejects.toThrow();
      expect((await target.scim('GET', '/Users')).status).toBe(200);
    });

    it('validates rules and removes one by id', async () => {
      for (const body of [
        {},
        { status: 99 },
        { status: 500, probability: 2 },
        { status: 500, drop: true },
        { status: 500, colour: 'red' },
      ]) {
        const res = await target.admin('POST', '/admin/tenants/default/faults', { body });
        expect(res.status).toBe(400);
        expect(res.body.schemas).toEqual([ERROR]);
      }
      const rule = await target.admin('POST', '/admin/tenants/default/faults', { body: { status: 500 } });
      expect((await target.admin('DELETE', `/admin/tenants/default/faults/${rule.body.id}`)).status).toBe(204);
      expect((await target.scim('GET', '/Users?count=0')).status).toBe(200);
      expect((await target.admin('DELETE', `/admin/tenants/default/faults/${rule.body.id}`)).status).toBe(404);
    });
  });
});

describe('configuration and persistence', () => {
  it('a bad variable stops the app with a message that names it', () => {
    expect(() => loadScimTargetConfig({ SCIM_PORT: 'eighty' })).toThrow(/SCIM_PORT/);
    expect(() => loadScimTargetConfig({ SCIM_TARGET_PROFILE: 'salesforce' })).toThrow(/SCIM_TARGET_PROFILE/);
    expect(() => loadScimTargetConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadScimTargetConfig({ SCIM_TARGET_TOKEN: 'short' })).toThrow(/SCIM_TARGET_TOKEN/);
    expect(loadScimTargetConfig({}).SCIM_PORT).toBe(3001);
  });

  it('refuses to start when a tenant has the admin token, without printing it', async () => {
    const same = 'same-token-for-both-0001';
    const error = await startTestScimTarget({ SCIM_TARGET_TOKEN: same, SCIM_ADMIN_TOKEN: same }).then(
      () => new Error('started'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/Tenant "default" has the admin token as its token: SCIM_ADMIN_TOKEN and every tenant token/);
    expect(error.message).not.toContain(same);

    // A token stored for a tenant that becomes the admin token at the next start.
    const dir = mkdtempSync(join(tmpdir(), 'provsim-'));
    const first = await startTestScimTarget({ PROVSIM_DATA_DIR: dir });
    try {
      const acme = await first.admin('POST', '/admin/tenants', { body: { name: 'acme', token: 'acme-token-000000000001' } });
      expect(acme.status).toBe(201);
      await first.close();
      const again: Record<string, string> = first.db.databaseUrl ? { DATABASE_URL: first.db.databaseUrl } : { PROVSIM_DATA_DIR: dir };
      await expect(startTestScimTarget({ ...again, SCIM_ADMIN_TOKEN: 'acme-token-000000000001' })).rejects.toThrow(
        /Tenant "acme" has the admin token/,
      );
      const fine = await startTestScimTarget({ ...again, SCIM_ADMIN_TOKEN: 'another-admin-token-0001' });
      expect(fine.adminToken).toBe('another-admin-token-0001');
      await fine.stop(); // closes it and drops the (unused) database the harness made for it
    } finally {
      await first.db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the generated token and the users survive a restart (embedded database on disk)', async () => {
    if (process.env.DATABASE_URL) return; // the PostgreSQL variant of persistence is every other test's database
    const dir = mkdtempSync(join(tmpdir(), 'provsim-'));
    try {
      const first = await startTestScimTarget({ PROVSIM_DATA_DIR: dir });
      const token = first.token;
      await first.scim('POST', '/Users', { body: { userName: 'persisted@contoso.com' } });
      await first.stop();
      const second = await startTestScimTarget({ PROVSIM_DATA_DIR: dir });
      expect(second.token).toBe(token);
      expect((await second.scim('GET', '/Users')).body.totalResults).toBe(1);
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
