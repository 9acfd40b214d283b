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
    target = await startTestScimTarget({ SCIM_TARGET_TOKEN: 'default-tenant-token-0001', SCIM_ADMIN_TOKEN: 'admin-token-000000001', SCIM_REQUEST_LOG_SIZE: '5' });
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

  it('keeps a capped request log per tenant, newest first, with secrets removed', async () => {
    await target.scim('POST', '/Users', { body: { userName: 'log1@contoso.com', password: 'hunter2-secret' } });
    for (let i = 0; i < 6; i++) await target.scim('GET', `/Users?count=${i}`);
    const log = await target.admin('GET', '/admin/tenants/default/requests');
    expect(log.status).toBe(200);
    expect(log.body.requests).toHaveLength(5);
    expect(log.body.requests[0]).toMatchObject({ method: 'GET', url: '/scim/v2/Users?count=5', status: 200 });
    expect(log.body.requests[0].durationMs).toEqual(expect.any(Number));
    await target.scim('POST', '/Users', { body: { userName: 'log2@contoso.com', password: 'hunter2-secret' } });
    const [post] = (await target.admin('GET', '/admin/tenants/default/requests?limit=1')).body.requests;
    expect(post).toMatchObject({ method: 'POST', status: 201, body: { userName: 'log2@contoso.com', password: '[REDACTED]' } });
    expect(JSON.stringify(log.body)).not.toContain('hunter2');
    expect(JSON.stringify(log.body)).not.toContain(target.token);
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

    it('faults happen before authentication, like an outage in front of the app', async () => {
      await target.admin('POST', '/admin/tenants/default/faults', { body: { status: 503 } });
      expect((await httpRequest('GET', `${target.scimBaseUrl}/Users`)).status).toBe(503);
    });

    it('honours maxHits, probability 0 and time windows', async () => {
      await target.admin('POST', '/admin/tenants/default/faults', { body: { status: 500, probability: 0 } });
      await target.admin('POST', '/admin/tenants/default/faults', { body: { status: 502, activeFrom: new Date(Date.now() + 3_600_000).toISOString() } });
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
      for (const body of [{}, { status: 99 }, { status: 500, probability: 2 }, { status: 500, drop: true }, { status: 500, colour: 'red' }]) {
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
