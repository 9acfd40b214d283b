import http from 'node:http';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { rawRequest, RawResponse } from '@app/testing';
import { expectOk, startTestLoop, TestLoop } from '../../entra/test/loop-harness';
import { generateHostileCases, HostileCase, HostileTargets } from './hostile-input.generator';

/**
 * The hostile-input suite: thousands of malformed and oddly encoded requests, drawn from a seed, against every route
 * family of both apps, with and without tokens. For each request: never a 5xx or a dropped connection; never a 2xx
 * or 3xx without a valid token on a protected route; no data changed by a refused request (every table of both apps
 * fingerprinted); no error escaping a handler (an unhandled rejection would end the process). Deterministic by seed:
 * HOSTILE_SEED and HOSTILE_COUNT change the draw. Prints `N passed, N failed`.
 */
const SEED = process.env.HOSTILE_SEED ?? 'provsim-hostile-1';
const COUNT = Number(process.env.HOSTILE_COUNT ?? 2500);
/** Refused requests checked together between two fingerprints (a change is then traced to that batch). */
const BATCH = 50;

async function fingerprint(db: DataSource, schema: string): Promise<string> {
  const tables: { name: string }[] = await db.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%migrations' ORDER BY 1`,
    [schema],
  );
  const sql = tables
    .map(
      (t) =>
        `SELECT '${t.name}' AS t, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM ${schema}."${t.name}" x`,
    )
    .join(' UNION ALL ');
  const rows: { t: string; h: string }[] = await db.query(sql);
  return rows.map((r) => `${r.t}:${r.h}`).join(' ');
}

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Graph's `{error: {code, message}}`, the token endpoint's OAuth `{error, error_description}`, or SCIM's error. */
function inEnvelope(c: HostileCase, res: RawResponse): boolean {
  if (c.app === 'scim')
    return Array.isArray(res.json?.schemas) && res.json.schemas[0] === SCIM_ERROR && res.json.status === String(res.status);
  if (c.family === 'token' && typeof res.json?.error === 'string') return typeof res.json.error_description === 'string';
  return typeof res.json?.error?.code === 'string' && typeof res.json.error.message === 'string';
}

describe(`hostile input against both apps (seed ${SEED}, ${COUNT} requests)`, () => {
  let loop: TestLoop;
  let targets: HostileTargets;
  let entraDb: DataSource;
  let scimDb: DataSource;
  // A fresh connection per request: a server may rightly close a connection after a refused body, and a reused
  // socket would then report that as a hang-up of the next request.
  const agent = new http.Agent({ keepAlive: false, maxSockets: 1 });

  beforeAll(async () => {
    loop = await startTestLoop({ profile: 'generic' });
    const { entra, target } = loop;
    entraDb = entra.app.get(getDataSourceToken());
    scimDb = target.app.get(getDataSourceToken('scim-target'));
    const userId = await loop.createUser('hostile.fixture@contoso.com');
    const group = await entra.graph('POST', '/groups', {
      body: { displayName: 'Hostile fixture', mailEnabled: false, mailNickname: 'hf', securityEnabled: true },
    });
    expectOk(group, 201);
    await loop.assign(userId);
    await loop.cycle();
    const [entry] = await loop.logs(`sourceIdentity/id eq '${userId}'`);
    const acme = await target.admin('POST', '/admin/tenants', { body: { name: 'acme', profile: 'generic' } });
    expectOk(acme, 201);
    const scimUser = await target.scim('POST', '/Users', { body: { userName: 'scim.fixture@contoso.com' } });
    expectOk(scimUser, 201);
    const scimGroup = await target.scim('POST', '/Groups', { body: { displayName: 'SCIM fixture' } });
    expectOk(scimGroup, 201);
    targets = {
      entra: {
        tenantId: entra.identity.tenantId,
        adminToken: entra.identity.adminToken,
        userId,
        userPrincipalName: 'hostile.fixture@contoso.com',
        groupId: group.body.id,
        spId: loop.spId,
        jobId: loop.jobId,
        scimBaseUrl: target.scimBaseUrl,
        provisioningLogId: entry.id,
      },
      scim: {
        token: target.token,
        adminToken: target.adminToken,
        acmeToken: acme.body.token,
        userId: scimUser.body.id,
        groupId: scimGroup.body.id,
      },
    };
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await loop?.stop();
  });

  it('answers every request with a 4xx or an authorized success, changes nothing it refuses, and keeps serving', async () => {
    const cases = generateHostileCases(SEED, COUNT, targets);
    const failures: string[] = [];
    const failed = new Set<number>();
    const fail = (c: HostileCase, why: string) => {
      failed.add(c.id);
      if (failures.length < 40)
        failures.push(`#${c.id} ${c.method} ${c.path.slice(0, 160)} [${c.auth}; ${c.mutations.join(', ')}]: ${why}`);
    };
    const escaped: unknown[] = [];
    const onEscape = (reason: unknown) => escaped.push(reason);
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);

    const both = async () => `${await fingerprint(entraDb, 'entra')} | ${await fingerprint(scimDb, 'scim_target')}`;
    let baseline = await both();
    let pending: HostileCase[] = [];
    const closeBatch = async () => {
      if (pending.length === 0) return;
      const now = await both();
      if (now !== baseline) for (const c of pending) fail(c, 'data changed by a batch of refused requests this one belongs to');
      baseline = now;
      pending = [];
    };

    const statuses = new Map<number, number>();
    const started = Date.now();
    for (const c of cases) {
      // A request that may succeed legitimately (valid token, public route) changes the baseline: check the
      // refused ones before it first.
      const maySucceed = c.auth === 'valid' || !c.protectedRoute;
      if (maySucceed) await closeBatch();
      const origin = c.app === 'entra' ? loop.entra.url : loop.target.url;
      let res: RawResponse;
      try {
        res = await rawRequest(origin, c.method, c.path, { headers: c.headers, body: c.body, agent, timeoutMs: 20_000 });
      } catch (error) {
        fail(c, `no answer: ${(error as Error).message}`);
        continue;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) fail(c, `${res.status} ${res.text.slice(0, 200)}`);
      if (res.status >= 400 && c.method !== 'HEAD' && !inEnvelope(c, res))
        fail(c, `${res.status} outside the protocol's error envelope: ${res.text.slice(0, 120)}`);
      const success = res.status < 400;
      if (success && c.protectedRoute && c.auth !== 'valid') fail(c, `${res.status} without a valid token`);
      if (success || maySucceed) {
        if (c.auth === 'valid' && !success) {
          const now = await both();
          if (now !== baseline) fail(c, `data changed by a refused request (${res.status})`);
        }
        baseline = await both();
      } else {
        pending.push(c);
        if (pending.length >= BATCH) await closeBatch();
      }
    }
    await closeBatch();
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);

    const passed = cases.length - failed.size;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const histogram = [...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    process.stdout.write(
      `\nhostile input (seed ${SEED}): ${cases.length} requests in ${seconds} s; statuses ${histogram}\n${passed} passed, ${failed.size} failed\n`,
    );
    expect(escaped).toEqual([]);
    expect(failures).toEqual([]);
    for (const origin of [loop.entra.url, loop.target.url]) {
      expect((await rawRequest(origin, 'GET', '/health/live')).status).toBe(200);
    }
    // The fixtures still answer with their tokens: nothing refused took them away.
    expect((await loop.entra.graph('GET', `/users/${targets.entra.userId}`)).status).toBe(200);
    expect((await loop.target.scim('GET', `/Users/${targets.scim.userId}`)).status).toBe(200);

    // The draw exercises what it claims: refusals of every kind, and authorized successes.
    expect([...statuses.keys()].filter((s) => s >= 400)).toEqual(expect.arrayContaining([400, 401, 404]));
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
  }, 600_000);
});
