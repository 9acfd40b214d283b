import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { KINTONE_RULE_ID } from '@app/provisioning-core';
import { httpRequest, TestResponse } from '@app/testing';
import { OnDemandRateLimiter } from '../src/sync/on-demand';
import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * provsim extension: GET /sim/provisioningLogs/{id}/scimRequests serves the SCIM exchanges behind each provisioning-log
 * entry (cycles and provision on demand), with the secret masked; provisionOnDemand names the entries it wrote in
 * x-provsim-provisioning-log-ids. Runs on PGlite, or on PostgreSQL with DATABASE_URL.
 */
describe('SCIM requests behind provisioning-log entries', () => {
  let loop: TestLoop;
  const ids: Record<string, string> = {};

  const scimRequests = (logId: string, token: string | null = loop.entra.identity.adminToken): Promise<TestResponse> =>
    httpRequest('GET', `${loop.entra.url}/sim/provisioningLogs/${logId}/scimRequests`, token === null ? {} : { token });
  const served = async (logId: string): Promise<any[]> => {
    const res = await scimRequests(logId);
    expectOk(res, 200);
    expect(Object.keys(res.body)).toEqual(['value']);
    // The target's secret is nowhere in what is served.
    expect(res.text).not.toContain(loop.target.token);
    return res.body.value;
  };
  const entryOf = async (name: string, action: string): Promise<any> => {
    const logs = await loop.logs(`sourceIdentity/id eq '${ids[name]}' and provisioningAction eq '${action}'`);
    expect(logs).toHaveLength(1);
    return logs[0];
  };
  const base = () => loop.target.scimBaseUrl;

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'kintone' });
    for (const name of ['alice', 'bob']) {
      ids[name] = await loop.createUser(`${name}@contoso.com`, { givenName: name, surname: 'Test', mail: `${name}@contoso.com` });
      await loop.assign(ids[name]);
    }
    await loop.cycle();
  }, 60_000);
  afterAll(() => loop.stop());

  it('a created user: the matching GET then the POST, bodies as sent and received, Authorization masked', async () => {
    const sent = await loop.takeRequests();
    const entry = await entryOf('alice', 'create');
    const requests = await served(entry.id);
    expect(requests.map((r) => [r.sequence, r.method, r.url, r.status])).toEqual([
      [1, 'GET', `${base()}/Users?filter=${encodeURIComponent('userName eq "alice@contoso.com"')}`, 200],
      [2, 'POST', `${base()}/Users`, 201],
    ]);
    const [get, post] = requests;
    expect(get).toEqual({
      sequence: 1,
      method: 'GET',
      url: expect.any(String),
      requestHeaders: { accept: 'application/scim+json, application/json', authorization: 'Bearer ****' },
      requestBody: null,
      status: 200,
      responseBody: expect.objectContaining({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0 }),
      error: null,
      durationMs: expect.any(Number),
      startedDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect(post.requestHeaders).toEqual({
      accept: 'application/scim+json, application/json',
      authorization: 'Bearer ****',
      'content-type': 'application/scim+json',
    });
    // The body the target received, exactly.
    const received = sent.find((r) => r.method === 'POST' && r.body?.userName === 'alice@contoso.com');
    expect(post.requestBody).toEqual(received!.body);
    expect(post.responseBody).toMatchObject({ userName: 'alice@contoso.com', id: entry.targetIdentity.id });
    expect(post.error).toBeNull();
    // On the simulated clock, not after the entry, in order.
    expect(Date.parse(get.startedDateTime)).toBeLessThanOrEqual(Date.parse(post.startedDateTime));
    expect(Date.parse(post.startedDateTime)).toBeLessThanOrEqual(Date.parse(entry.activityDateTime));
  });

  it('an update: the GET by id then the PATCH as sent', async () => {
    expectOk(await loop.entra.graph('PATCH', `/users/${ids.bob}`, { body: { givenName: 'Robert' } }), 204);
    await loop.takeRequests();
    await loop.advance(40 * MINUTE);
    const sent = await loop.takeRequests();
    const entry = await entryOf('bob', 'update');
    const requests = await served(entry.id);
    const targetId = entry.targetIdentity.id;
    expect(requests.map((r) => [r.method, r.url, r.status])).toEqual([
      ['GET', `${base()}/Users/${targetId}`, 200],
      ['PATCH', `${base()}/Users/${targetId}`, expect.any(Number)],
    ]);
    const patch = sent.find((r) => r.method === 'PATCH');
    expect(requests[1].requestBody).toEqual(patch!.body);
    expect(JSON.stringify(requests[1].requestBody)).toContain('Robert');
    expect(requests[0].responseBody).toMatchObject({ id: targetId, name: { givenName: 'bob' } });
  });

  it('provision on demand names the entries it wrote; their requests start with its Test Connection GET', async () => {
    loop.entra.app.get(OnDemandRateLimiter).reset();
    ids.carol = await loop.createUser('carol@contoso.com', { givenName: 'carol', surname: 'Test', mail: 'carol@contoso.com' });
    await loop.assign(ids.carol);
    const res = await loop.entra.graph('POST', `${loop.jobPath}/provisionOnDemand`, {
      body: { parameters: [{ ruleId: KINTONE_RULE_ID, subjects: [{ objectId: ids.carol, objectTypeName: 'User' }] }] },
    });
    expectOk(res, 200);
    expect(Object.keys(res.body)).toEqual(['@odata.context', 'key', 'value']);
    const logIds = res.headers['x-provsim-provisioning-log-ids'].split(',');
    expect(logIds).toHaveLength(1);
    expect(logIds[0]).toMatch(GUID);
    expect((await entryOf('carol', 'create')).id).toBe(logIds[0]);
    const requests = await served(logIds[0]);
    expect(requests.map((r) => [r.method, decodeURIComponent(r.url).replace(/[0-9a-f-]{36}/, '<guid>'), r.status])).toEqual([
      ['GET', `${base()}/Users?filter=userName eq "<guid>"`, 200],
      ['GET', `${base()}/Users?filter=userName eq "carol@contoso.com"`, 200],
      ['POST', `${base()}/Users`, 201],
    ]);
    expect(requests.every((r) => r.requestHeaders.authorization === 'Bearer ****')).toBe(true);
  });

  it('a failing target: the status, response body and error of the failed request are recorded', async () => {
    expectOk(
      await loop.target.admin('POST', '/admin/tenants/default/faults', {
        body: { method: 'POST', path: '/Users', status: 500, maxHits: 1 },
        contentType: 'application/json',
      }),
      201,
    );
    ids.dave = await loop.createUser('dave@contoso.com', { givenName: 'dave', surname: 'Test', mail: 'dave@contoso.com' });
    await loop.assign(ids.dave);
    await loop.advance(40 * MINUTE);
    const entry = await entryOf('dave', 'create');
    expect(entry.provisioningStatusInfo.status).toBe('failure');
    const requests = await served(entry.id);
    expect(requests.map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['POST', 500],
    ]);
    expect(requests[1].responseBody).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '500',
      detail: expect.stringContaining('Injected fault'),
    });
    expect(requests[1].error).toEqual(expect.any(String));
    expect(requests[1].requestBody).toMatchObject({ userName: 'dave@contoso.com' });

    // The escrow retry of the next cycle has its own entry and its own requests.
    await loop.advance(40 * MINUTE);
    const retried = (await loop.logs(`sourceIdentity/id eq '${ids.dave}'`)).find((e) => e.id !== entry.id);
    expect(retried.provisioningStatusInfo.status).toBe('success');
    expect((await served(retried.id)).map((r) => [r.method, r.status])).toEqual([
      ['GET', 200],
      ['POST', 201],
    ]);
    expect((await served(entry.id)).map((r) => r.status)).toEqual([200, 500]);
  });

  it('a hostile answer: a body past 64 KiB is cut with a marker, and the echoed token is masked everywhere', async () => {
    const huge = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '500',
      detail: `echo ${loop.target.token} ${'x'.repeat(100_000)}`,
    };
    expectOk(
      await loop.target.admin('POST', '/admin/tenants/default/faults', {
        body: { method: 'GET', path: '/Users', status: 500, body: huge, maxHits: 1 },
        contentType: 'application/json',
      }),
      201,
    );
    ids.erin = await loop.createUser('erin@contoso.com', { givenName: 'erin', surname: 'Test', mail: 'erin@contoso.com' });
    await loop.assign(ids.erin);
    await loop.advance(40 * MINUTE);
    const [entry] = await loop.logs(`sourceIdentity/id eq '${ids.erin}'`);
    expect(entry.provisioningStatusInfo.status).toBe('failure');
    expect(JSON.stringify(entry)).not.toContain(loop.target.token);
    const [get] = await served(entry.id);
    expect(get.status).toBe(500);
    expect(typeof get.responseBody).toBe('string');
    expect(get.responseBody).toMatch(
      /^\{"schemas":\["urn:ietf:params:scim:api:messages:2\.0:Error"\],"status":"500","detail":"echo \*\*\*\* x+…\[provsim: truncated, \d+ bytes in all\]$/,
    );
    expect(Buffer.byteLength(get.responseBody)).toBeLessThan(64 * 1024 + 100);
    expect(get.error).toEqual(expect.any(String));
  });

  it('unknown id → 404, malformed id → 400, no or a wrong token → 401, in Graph envelopes', async () => {
    const unknown = await scimRequests(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('Request_ResourceNotFound');
    for (const bad of ['not-a-guid', '%27%20or%201=1--', 'a'.repeat(5000)]) {
      const res = await scimRequests(bad);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('Request_BadRequest');
    }
    const entry = await entryOf('alice', 'create');
    for (const token of [null, 'wrong-token']) {
      const res = await scimRequests(entry.id, token);
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    }
  });

  it('the requests go with their entry when the retention purge deletes it', async () => {
    const entry = await entryOf('alice', 'create');
    const db = loop.entra.app.get(DataSource);
    const count = async () =>
      Number((await db.query(`SELECT count(*)::int AS n FROM entra.provisioning_log_scim_requests WHERE log_id = $1`, [entry.id]))[0].n);
    expect(await count()).toBe(2);
    await loop.advance(31 * DAY);
    expect((await scimRequests(entry.id)).status).toBe(404);
    expect(await count()).toBe(0);
  });
});
