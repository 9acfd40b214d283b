/**
 * SCIM target benchmark on PostgreSQL: requests/second, latency and CPU time per request (the target's process and
 * all PostgreSQL server processes, from /proc) with 32 concurrent clients for
 *   - GET /Users?filter=userName eq "…" on a store of 100,000 users (random existing users),
 *   - POST /Users (new users),
 *   - GET /Users/{id} (random existing users: the read before each update of an incremental cycle),
 *   - PATCH /Users/{id} (a changed displayName, Entra's default PATCH shape),
 * plus a baseline in the same run: GET /health/live (no database, no auth), so figures read as ratios too.
 * CPU per request varies less than requests/second on a machine whose cores are shared with other work.
 *
 * Usage: npm run build && npm run bench:scim-target
 * Env: BENCH_DATABASE_URL (server URL; default postgres://postgres@127.0.0.1:5432/postgres), BENCH_USERS (100000),
 *      BENCH_SECONDS (10 per scenario), BENCH_CONNECTIONS (32), BENCH_PROFILE_DIR (writes the target's CPU profile
 *      of the whole run there, for Chrome DevTools).
 */
import { spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { cpuMs, postgresCpuMs, postgresCpuMsSince, withClient } from '../support';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORT = 3000 + Math.floor(Math.random() * 20000) + 20000;
const TOKEN = `bench-${randomBytes(16).toString('hex')}`;
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
const MAIN = resolve(__dirname, '../../dist/apps/scim-target/apps/scim-target/src/main.js');

interface Row {
  scenario: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU time per request of the target's process and of all PostgreSQL server processes, in µs. */
  targetCpuUs: number;
  postgresCpuUs: number;
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`scim-target exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('scim-target did not become healthy');
}

/** One scenario against the target whose process is `targetPid`. */
function run(targetPid: number, scenario: string, opts: autocannon.Options): Promise<Row> {
  const targetBefore = cpuMs(targetPid);
  const postgresBefore = postgresCpuMs();
  return new Promise((resolvePromise, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts }, (err, result) => {
      if (err) return reject(err);
      const perRequestUs = (ms: number) => Math.round((ms * 1000) / Math.max(1, result.requests.total));
      resolvePromise({
        targetCpuUs: perRequestUs(cpuMs(targetPid) - targetBefore),
        postgresCpuUs: perRequestUs([...postgresCpuMsSince(postgresBefore).values()].reduce((a, b) => a + b, 0)),
        scenario,
        requests: result.requests.total,
        rps: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      });
    });
  });
}

async function main(): Promise<void> {
  const dbName = `provsim_bench_${randomBytes(4).toString('hex')}`;
  await withClient(SERVER_URL, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const profileArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profileArgs, MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      SCIM_PORT: String(PORT),
      SCIM_TARGET_TOKEN: TOKEN,
      SCIM_TARGET_PROFILE: 'kintone',
      LOG_LEVEL: 'warn',
      SCIM_REQUEST_LOG_SIZE: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${PORT}`;
  const pid = child.pid ?? 0;
  try {
    await waitForHealth(base, child);
    const seedStarted = Date.now();
    await withClient(dbUrl.toString(), async (c) => {
      await c.query(
        `INSERT INTO scim_target.resources
           (tenant, id, resource_type, user_name, display_name, external_id, data, version, created, last_modified)
         SELECT 'default', gen_random_uuid(), 'User', 'user' || i || '@contoso.com', 'User ' || i, 'user' || i,
                jsonb_build_object(
                  'schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User'),
                  'userName', 'user' || i || '@contoso.com', 'displayName', 'User ' || i, 'externalId', 'user' || i,
                  'active', true, 'name', jsonb_build_object('givenName', 'User', 'familyName', i::text),
                  'emails', jsonb_build_array(jsonb_build_object('type', 'work', 'primary', true, 'value', 'user' || i || '@contoso.com'))),
                1, now(), now()
           FROM generate_series(1, $1::int) AS i`,
        [USERS],
      );
      await c.query('ANALYZE scim_target.resources');
    });
    const ids = await withClient(dbUrl.toString(), async (c) =>
      (await c.query(`SELECT id FROM scim_target.resources ORDER BY random() LIMIT 5000`)).rows.map((r: { id: string }) => r.id),
    );
    process.stdout.write(
      `seeded ${USERS} users in ${Date.now() - seedStarted} ms; ${CONNECTIONS} connections, ${SECONDS} s per scenario\n`,
    );

    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' };
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
    let created = 0;
    let patched = 0;
    const rows: Row[] = [];
    // warm-up, not reported
    await run(pid, 'warm-up', { url: `${base}/scim/v2/Users?filter=userName%20eq%20%22user1%40contoso.com%22`, headers, duration: 2 });

    rows.push(await run(pid, 'baseline GET /health/live', { url: `${base}/health/live` }));
    rows.push(
      await run(pid, 'GET filter userName eq', {
        url: base,
        headers,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({
              ...req,
              path: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "user${1 + Math.floor(Math.random() * USERS)}@contoso.com"`)}`,
            }),
          },
        ],
      }),
    );
    rows.push(
      await run(pid, 'POST /Users', {
        url: base,
        headers,
        requests: [
          {
            method: 'POST',
            path: '/scim/v2/Users',
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
                userName: `new${++created}-${TOKEN.slice(-6)}@contoso.com`,
                active: true,
                displayName: `New ${created}`,
                emails: [{ primary: true, type: 'work', value: `new${created}@contoso.com` }],
                name: { givenName: 'New', familyName: String(created) },
                externalId: `new${created}`,
              }),
            }),
          },
        ],
      }),
    );
    rows.push(
      await run(pid, 'GET /Users/{id}', {
        url: base,
        headers,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/scim/v2/Users/${pick(ids)}` }) }],
      }),
    );
    rows.push(
      await run(pid, 'PATCH /Users/{id}', {
        url: base,
        headers,
        requests: [
          {
            method: 'PATCH',
            setupRequest: (req) => ({
              ...req,
              path: `/scim/v2/Users/${pick(ids)}`,
              body: JSON.stringify({
                schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
                Operations: [{ op: 'Replace', path: 'displayName', value: `Patched ${++patched}` }],
              }),
            }),
          },
        ],
      }),
    );

    const baseline = rows[0].rps;
    process.stdout.write(
      '\n| scenario | requests | req/s | vs baseline | p50 ms | p99 ms | CPU µs/request target + PostgreSQL | non-2xx | errors |\n|---|---|---|---|---|---|---|---|---|\n',
    );
    for (const r of rows) {
      process.stdout.write(
        `| ${r.scenario} | ${r.requests} | ${r.rps} | ${(r.rps / baseline).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.targetCpuUs} + ${r.postgresCpuUs} | ${r.non2xx} | ${r.errors} |\n`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await withClient(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
