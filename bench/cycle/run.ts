/**
 * Provisioning-cycle benchmark on PostgreSQL (scratch databases), both apps on this machine: the tenant and engine
 * in this process, the SCIM target in a child process as a SaaS app would be (BENCH_TARGET=inprocess puts it in
 * this process too), a manual clock, and the Kintone job of BENCH_USERS (100,000) assigned users.
 *   - initial cycle: users/second, provisioning logs included (aim ≥ 1,000/s),
 *   - an incremental cycle after BENCH_CHANGES (10,000) renames (aim ≤ 5 s), with the CPU time each process used
 *     during it (tenant + engine, target, PostgreSQL split by the database each server process serves),
 *   - a cycle with no changes on that tenant (aim ≤ 200 ms),
 *   - peak RSS (VmHWM) of the engine's process and of the target's (aim ≤ 500 / 300 MB),
 * and, measured in the same run, three baselines so the figures also read as ratios: the machine's bare HTTP
 * round-trip ceiling (GET /health/live on the SCIM target with the engine's concurrency), and what the target alone
 * sustains from a plain load generator for the two cycles' work per user: a created user costs the matching GET and
 * the POST, a changed linked user a GET by id and a PATCH. The target's two rates are measured on its empty store
 * first, then again after the initial cycle on the full one (a larger store answers more slowly): the initial cycle is
 * compared with the mean of its two pair rates (its store grew from empty to full), the incremental cycle with the
 * GET + PATCH rate on random linked users of the full store, which that baseline renames.
 *
 * Both processes run with --max-old-space-size=256, as a deployment would cap them: without a cap V8 lets the old
 * generation grow lazily on a large machine (RSS 800+ MB of mostly garbage) and spends longer in each collection.
 *
 * BENCH_DATABASE=embedded runs the same on the embedded database instead, as `npm start` keeps it: PGlite on disk, one
 * data directory for the tenant (seeded first, in its own process, which then exits: PGlite has one user at a time)
 * and one for the target.
 *
 * Usage: npm run bench:cycle
 * Env: BENCH_PROFILE_DIR (CPU profiles of the engine's process during the initial and the incremental cycle),
 *      BENCH_DATABASE (postgres | embedded), BENCH_DATABASE_URL (server; default postgres://postgres@127.0.0.1:5432/postgres), BENCH_USERS, BENCH_CHANGES,
 *      SYNC_CONCURRENCY, SYNC_PAGE_SIZE (engine settings, as the app reads them).
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { createLogger } from '@app/platform';
import { loadEntraConfig, startEntra } from '../../apps/entra/src/bootstrap';
import { UsersService } from '../../apps/entra/src/users/users.service';
import { loadScimTargetConfig, startScimTarget } from '../../apps/scim-target/src/bootstrap';
import { cpuMs, fmt, graphCaller, peakRssMb, postgresCpuMs, postgresCpuMsSince, scratchDatabase, timed } from '../support';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 10_000);
/** Groups in the directory (realistic memberships from the seed; not assigned to the app). */
const GROUPS = Number(process.env.BENCH_GROUPS ?? Math.round(USERS / 100));
const MINUTE = 60_000;
const TARGET_MODE = process.env.BENCH_TARGET ?? 'process';
const EMBEDDED = process.env.BENCH_DATABASE === 'embedded';

/** Where an app keeps its data: a scratch PostgreSQL database, or (embedded) a PGlite data directory. */
interface BenchStore {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function benchStore(name: string): Promise<BenchStore> {
  if (EMBEDDED) {
    const dir = await mkdtemp(join(tmpdir(), `provsim-bench-${name}-`));
    return { env: { PROVSIM_DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const db = await scratchDatabase(SERVER_URL);
  const url =
    name === 'target' && process.env.BENCH_TARGET_PG_OPTIONS
      ? `${db.url}?options=${encodeURIComponent(process.env.BENCH_TARGET_PG_OPTIONS)}`
      : db.url;
  return { env: { DATABASE_URL: url, PROVSIM_DATA_DIR: 'memory' }, drop: () => db.drop() };
}

/** The environment with the store's settings, and no DATABASE_URL of the caller's when the store is embedded. */
function withStore(base: NodeJS.ProcessEnv, store: BenchStore): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, ...rest } = base;
  return { ...(EMBEDDED ? rest : base), ...store.env };
}

interface BenchTarget {
  url: string;
  scimBaseUrl: string;
  token: string;
  pid: number | null;
  close(): Promise<void>;
}

async function startTarget(store: BenchStore): Promise<BenchTarget> {
  const token = randomBytes(24).toString('base64url');
  const env = { ...store.env, SCIM_PORT: '0', LOG_LEVEL: 'warn', SCIM_TARGET_TOKEN: token };
  if (TARGET_MODE === 'inprocess') {
    const target = await startScimTarget(loadScimTargetConfig(env), createLogger('bench', 'warn'));
    return { url: target.url, scimBaseUrl: target.scimBaseUrl, token, pid: null, close: () => target.close() };
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--max-old-space-size=256',
      ...(process.env.BENCH_TARGET_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/scim-target/src/main.ts',
    ],
    {
      env: withStore({ ...process.env, ...env }, store),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const scimBaseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /SCIM base URL \([^)]*\): (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the SCIM target exited (${code}) before it was ready`)));
  });
  return {
    url: new URL(scimBaseUrl).origin,
    scimBaseUrl,
    token,
    pid: child.pid ?? null,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A plain load generator: `concurrency` keep-alive clients each running `step` (with its sequence number) until `ms`
 * have passed; answers completed steps per second.
 */
async function stepsPerSecond(concurrency: number, ms: number, step: (agent: Agent, n: number) => Promise<void>): Promise<number> {
  const agent = new Agent({ connections: concurrency, pipelining: 1 });
  let done = 0;
  let next = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await step(agent, next++);
        done++;
      }
    }),
  );
  await agent.close();
  return (done / ms) * 1000;
}

/** Bare HTTP ceiling: `concurrency` keep-alive clients hammering a handler that touches neither database nor auth. */
function httpCeiling(url: string, concurrency: number, ms: number): Promise<number> {
  return stepsPerSecond(concurrency, ms, async (agent) => {
    const res = await request(url, { dispatcher: agent });
    await res.body.text();
  });
}

/**
 * What the target alone sustains for the initial cycle's work, from a plain load generator at the engine's
 * concurrency: per user, the matching query (`GET /Users?filter=userName eq …`, finding nothing) then the POST of a
 * Kintone-shaped user. Answers pairs per second, and the ids of the users created. The users it creates have their own
 * domain, so the engine's matching queries never find them; `run` tells one run's users from another's.
 */
async function targetPairRate(
  scimBaseUrl: string,
  token: string,
  concurrency: number,
  ms: number,
  run: string,
): Promise<{ rate: number; ids: string[] }> {
  const ids: string[] = [];
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  const rate = await stepsPerSecond(concurrency, ms, async (agent, n) => {
    const userName = `load.${run}.${n}@loadgen.example.com`;
    const found = await request(`${scimBaseUrl}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, {
      dispatcher: agent,
      headers,
    });
    await found.body.text();
    const created = await request(`${scimBaseUrl}/Users`, {
      dispatcher: agent,
      method: 'POST',
      headers,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
        externalId: `load-${run}-${n}`,
        userName,
        active: true,
        displayName: `Load ${n}`,
        name: { givenName: 'Load', familyName: String(n) },
        emails: [{ primary: true, type: 'work', value: userName }],
        title: 'Engineer',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Engineering' },
      }),
    });
    const body = (await created.body.json()) as { id: string };
    if (found.statusCode !== 200 || created.statusCode !== 201) {
      throw new Error(`load generator: GET ${found.statusCode}, POST ${created.statusCode}`);
    }
    ids.push(body.id);
  });
  return { rate, ids };
}

/**
 * What the target alone sustains for an incremental cycle's work on a linked user that changed, from the same plain
 * load generator: `GET /Users/{id}` (the engine reads the linked object to compare) then a PATCH replacing
 * displayName, on the users `ids` names (round robin). Answers pairs per second.
 */
function targetUpdatePairRate(
  scimBaseUrl: string,
  token: string,
  ids: readonly string[],
  concurrency: number,
  ms: number,
): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
  return stepsPerSecond(concurrency, ms, async (agent, n) => {
    const id = ids[n % ids.length];
    const read = await request(`${scimBaseUrl}/Users/${id}`, { dispatcher: agent, headers });
    await read.body.text();
    const patched = await request(`${scimBaseUrl}/Users/${id}`, {
      dispatcher: agent,
      method: 'PATCH',
      headers,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: 'displayName', value: `Load renamed ${n}` }],
      }),
    });
    await patched.body.text();
    if (read.statusCode !== 200 || (patched.statusCode !== 200 && patched.statusCode !== 204)) {
      throw new Error(`load generator: GET ${read.statusCode}, PATCH ${patched.statusCode}`);
    }
  });
}

/** CPU time used (ms) between start and stop by this process, the target's and PostgreSQL's, split by database. */
interface CpuUsed {
  engine: number;
  target: number | null;
  postgres: { tenant: number; target: number; other: number } | null;
}

function cpuWindow(db: DataSource, target: BenchTarget, entraStore: BenchStore, targetStore: BenchStore): { stop(): Promise<CpuUsed> } {
  const before = {
    engine: cpuMs(),
    target: target.pid ? cpuMs(target.pid) : 0,
    postgres: EMBEDDED ? new Map<number, number>() : postgresCpuMs(),
  };
  return {
    async stop() {
      const engine = cpuMs() - before.engine;
      const targetUsed = target.pid ? cpuMs(target.pid) - before.target : null;
      if (EMBEDDED) return { engine, target: targetUsed, postgres: null };
      const used = postgresCpuMsSince(before.postgres);
      // Each server process serves one database (the rest: WAL writer, checkpointer, …).
      const rows: { pid: number; datname: string | null }[] = await db.query(`SELECT pid, datname FROM pg_stat_activity`);
      const databaseOf = new Map(rows.map((r) => [r.pid, r.datname ?? '']));
      const postgres = { tenant: 0, target: 0, other: 0 };
      for (const [pid, ms] of used) {
        const name = databaseOf.get(pid);
        if (name && entraStore.env.DATABASE_URL?.endsWith(`/${name}`)) postgres.tenant += ms;
        else if (name && targetStore.env.DATABASE_URL?.includes(`/${name}`)) postgres.target += ms;
        else postgres.other += ms;
      }
      return { engine, target: targetUsed, postgres };
    },
  };
}

/** The report's rows for a CPU window over `wallMs` of a cycle. */
function cpuRows(cpu: CpuUsed, wallMs: number): [string, string][] {
  const s = (ms: number) => `${fmt(ms / 1000, 1)} s`;
  const postgres = cpu.postgres;
  const rows: [string, string][] = [
    [
      `  CPU time during it: tenant + engine${cpu.target === null ? '' : ' / target'}${postgres ? ' / PostgreSQL' : ''} (2 cores: ${s(wallMs * 2)} available)`,
      [cpu.engine, ...(cpu.target === null ? [] : [cpu.target]), ...(postgres ? [postgres.tenant + postgres.target + postgres.other] : [])]
        .map(s)
        .join(' / '),
    ],
  ];
  if (postgres) {
    rows.push([
      "  PostgreSQL's share: for the tenant + engine / for the target / other processes",
      [postgres.tenant, postgres.target, postgres.other].map(s).join(' / '),
    ]);
  }
  return rows;
}

/**
 * With BENCH_PROFILE_DIR set, a CPU profile of this process (tenant + engine) from start() to stop(), written there as
 * `<name>.cpuprofile` (open it in Chrome's DevTools); otherwise nothing.
 */
async function startProfile(): Promise<{ stop(name: string): Promise<void> }> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Seeds the tenant's database in a process of its own (the seed plans the whole tenant in memory; 1M users need GBs). */
async function seedInChild(store: BenchStore): Promise<number> {
  const started = performance.now();
  const args = ['--users', String(USERS), '--groups', String(GROUPS), '--seed', 'bench-cycle'];
  args.push('--assign-app', 'Kintone', '--assign-users', String(USERS), '--assign-groups', '0');
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=8192', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/seed.ts', ...args],
    { env: withStore({ ...process.env, LOG_LEVEL: 'warn' }, store), stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the seed exited with ${code}`);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const entraStore = await benchStore('entra');
  const targetStore = await benchStore('target');
  const target = await startTarget(targetStore);
  const rows: [string, string][] = [];
  // The embedded database has one user at a time: the seed's process writes it and exits before the tenant opens it.
  let seedMs = EMBEDDED ? await seedInChild(entraStore) : 0;
  const entraConfig = loadEntraConfig(
    withStore(
      { ENTRA_PORT: '0', LOG_LEVEL: 'warn', PROVSIM_CLOCK: 'manual', SYNC_TICK_MS: '0', ENTRA_DEMO_TENANT: 'false', ...process.env },
      entraStore,
    ),
  );
  const entra = await startEntra(entraConfig, createLogger('bench', 'warn'));
  const db = entra.app.get(DataSource);
  const graph = graphCaller(entra.graphUrl, entra.identity.adminToken);
  // The advance answers once the cycles it made due have run: a 1,000,000-user initial cycle takes longer than
  // fetch's 300 s header timeout.
  const patient = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  const advance = (ms: number) =>
    request(`${entra.url}/sim/clock/advance`, {
      dispatcher: patient,
      method: 'POST',
      headers: { authorization: `Bearer ${entra.identity.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    }).then(async (r) => {
      const text = await r.body.text();
      if (r.statusCode >= 300) throw new Error(`clock advance: ${r.statusCode} ${text}`);
      return text;
    });
  try {
    const ceiling = await httpCeiling(`${target.url}/health/live`, entraConfig.SYNC_CONCURRENCY, 3_000);
    rows.push(['baseline: bare HTTP round trips (GET /health/live, same concurrency)', `${fmt(ceiling)} req/s`]);

    const loaded = await targetPairRate(target.scimBaseUrl, target.token, entraConfig.SYNC_CONCURRENCY, 10_000, 'empty');
    const pairRate = loaded.rate;
    rows.push([
      'baseline: the target alone, GET-filter + POST pairs from a load generator (10 s, empty store)',
      `${fmt(pairRate)} pairs/s`,
    ]);
    const updateRate = await targetUpdatePairRate(target.scimBaseUrl, target.token, loaded.ids, entraConfig.SYNC_CONCURRENCY, 5_000);
    rows.push([
      `baseline: the target alone, GET by id + PATCH pairs (5 s, those users; ${fmt(CHANGES)} of them take ${fmt(CHANGES / updateRate, 1)} s)`,
      `${fmt(updateRate)} pairs/s`,
    ]);

    if (!EMBEDDED) seedMs += await seedInChild(entraStore);
    rows.push([
      `seed ${fmt(USERS)} users (all assigned), ${fmt(GROUPS)} groups with memberships`,
      `${fmt(seedMs / 1000, 1)} s (own process)`,
    ]);
    const found = await graph('GET', `/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'Kintone'")}&$select=id`);
    const servicePrincipalId: string = found.value[0].id;
    const job = await graph('POST', `/servicePrincipals/${servicePrincipalId}/synchronization/jobs`, { templateId: 'kintone' });
    await graph('PUT', `/servicePrincipals/${servicePrincipalId}/synchronization/secrets`, {
      value: [
        { key: 'BaseAddress', value: target.scimBaseUrl },
        { key: 'SecretToken', value: target.token },
      ],
    });
    await graph('POST', `/servicePrincipals/${servicePrincipalId}/synchronization/jobs/${job.id}/start`);
    const jobPath = `/servicePrincipals/${servicePrincipalId}/synchronization/jobs/${job.id}`;

    const initialCpu = cpuWindow(db, target, entraStore, targetStore);
    const initialProfile = await startProfile();
    const initial = await timed(() => advance(0));
    await initialProfile.stop('initial');
    const initialCpuUsed = await initialCpu.stop();
    const afterInitial = await graph('GET', jobPath);
    const exported = afterInitial.status.lastExecution?.countExported ?? 0;
    const perSecond = (exported / initial.ms) * 1000;
    rows.push([
      `initial cycle: ${fmt(exported)} users created (match + POST + log each)`,
      `${fmt(initial.ms / 1000, 1)} s = ${fmt(perSecond)} users/s (aim ≥ 1,000)`,
    ]);
    rows.push(...cpuRows(initialCpuUsed, initial.ms));
    // The cycle wrote to a store that grew from empty to full, and a larger store answers more slowly (deeper indexes,
    // fewer of its pages in memory): the target's own rate is measured again now, and the cycle compared with the mean.
    const pairRateFull = (await targetPairRate(target.scimBaseUrl, target.token, entraConfig.SYNC_CONCURRENCY, 10_000, 'full')).rate;
    rows.push(['  baseline again after it: the target alone, GET-filter + POST pairs (10 s, full store)', `${fmt(pairRateFull)} pairs/s`]);
    const pairRateMean = (pairRate + pairRateFull) / 2;
    rows.push([
      "  ratio to the target's own pair rate: to the mean of empty and full store (aim ≥ 0.8); to each",
      `${fmt(perSecond / pairRateMean, 2)}; ${fmt(perSecond / pairRate, 2)} / ${fmt(perSecond / pairRateFull, 2)}`,
    ]);
    rows.push(['  as a share of the HTTP ceiling (2 round trips per user)', `${fmt(((perSecond * 2) / ceiling) * 100, 1)} %`]);
    const logs: { n: string }[] = await db.query(`SELECT count(*)::text AS n FROM entra.provisioning_logs`);
    rows.push(['  provisioning log entries written', fmt(Number(logs[0].n))]);
    const outcomes: { status: string; error_code: string | null; n: string }[] = await db.query(
      `SELECT status, error_code, count(*)::text AS n FROM entra.provisioning_logs GROUP BY 1, 2 ORDER BY 3 DESC`,
    );
    rows.push([
      '  entries by outcome',
      outcomes.map((o) => `${o.status}${o.error_code ? `/${o.error_code}` : ''} ${fmt(Number(o.n))}`).join(', '),
    ]);

    // The target alone on the store the incremental cycle works on: GET + PATCH of linked users picked at random.
    const linked: { target_id: string }[] = await db.query(
      `SELECT target_id FROM entra.sync_links WHERE object_type = 'User' ORDER BY random() LIMIT $1`,
      [CHANGES],
    );
    const updateRateFull = await targetUpdatePairRate(
      target.scimBaseUrl,
      target.token,
      linked.map((l) => l.target_id),
      entraConfig.SYNC_CONCURRENCY,
      5_000,
    );
    rows.push([
      `  baseline: the target alone, GET by id + PATCH pairs (5 s, random linked users; ${fmt(CHANGES)} take ${fmt(CHANGES / updateRateFull, 1)} s)`,
      `${fmt(updateRateFull)} pairs/s`,
    ]);

    const users: { id: string }[] = await db.query(`SELECT id FROM entra.users ORDER BY id LIMIT $1`, [CHANGES]);
    const service = entra.app.get(UsersService);
    for (const [i, u] of users.entries()) await service.update(u.id, { displayName: `Renamed ${i}` } as never);
    const incrementalCpu = cpuWindow(db, target, entraStore, targetStore);
    const profile = await startProfile();
    const incremental = await timed(() => advance(40 * MINUTE));
    await profile.stop('incremental');
    const cpu = await incrementalCpu.stop();
    const afterIncremental = await graph('GET', jobPath);
    rows.push([
      `incremental cycle after ${fmt(CHANGES)} renames (${fmt(afterIncremental.status.lastExecution.countExported)} exported)`,
      `${fmt(incremental.ms)} ms (aim ≤ 5,000 after 10,000 changes)`,
    ]);
    rows.push(...cpuRows(cpu, incremental.ms));
    const updatedPerSecond = (afterIncremental.status.lastExecution.countExported / incremental.ms) * 1000;
    rows.push([
      "  ratio to the target's own GET + PATCH pair rate on the full store; on the empty one",
      `${fmt(updatedPerSecond / updateRateFull, 2)}; ${fmt(updatedPerSecond / updateRate, 2)}`,
    ]);

    const idle = await timed(() => advance(40 * MINUTE));
    const afterIdle = await graph('GET', jobPath);
    rows.push([
      `cycle with no changes (${fmt(USERS)}-user tenant, ${afterIdle.status.lastExecution.countExports} exports)`,
      `${fmt(idle.ms)} ms (aim ≤ 200)`,
    ]);
    rows.push([
      TARGET_MODE === 'inprocess'
        ? 'peak RSS of the process during the cycles (both apps)'
        : 'peak RSS of the tenant + engine process during the cycles',
      `${fmt(peakRssMb('self'))} MB (aim ≤ 500)`,
    ]);
    if (target.pid) rows.push(['peak RSS of the SCIM target process', `${fmt(peakRssMb(target.pid))} MB (aim ≤ 300)`]);

    // The provisioning-log list as the portal opens it, at this size: first page, newest first.
    const since = new Date(Date.parse(afterIdle.status.lastExecution.timeBegan) - 24 * 60 * MINUTE).toISOString();
    const someone: string = users[0].id;
    for (const [what, filter] of [
      ['no filter', ''],
      ['last 24 h, action update', `activityDateTime ge ${since} and provisioningAction eq 'update'`],
      ['status failure (none exist: the whole range is searched)', "provisioningStatusInfo/status eq 'failure'"],
      ['one user (sourceIdentity/id)', `sourceIdentity/id eq '${someone}'`],
    ]) {
      const query = `/auditLogs/provisioning?$top=50${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`;
      await graph('GET', query); // warm
      const page = await timed(() => graph('GET', query));
      rows.push([`log list, first page of 50, ${what}`, `${fmt(page.ms, 1)} ms, ${page.value.value.length} entries (aim ≤ 100)`]);
    }
  } finally {
    await entra.close();
    await target.close();
    await entraStore.drop();
    await targetStore.drop();
  }
  const width = Math.max(...rows.map(([w]) => w.length));
  process.stdout.write(
    `\nbench/cycle — ${EMBEDDED ? 'embedded PGlite on disk' : 'PostgreSQL'}, SCIM target ${TARGET_MODE === 'inprocess' ? 'in the same process' : 'in its own process'}, SYNC_CONCURRENCY=${process.env.SYNC_CONCURRENCY ?? 16}, SYNC_PAGE_SIZE=${process.env.SYNC_PAGE_SIZE ?? 500}\n\n`,
  );
  for (const [what, figure] of rows) process.stdout.write(`  ${what.padEnd(width)}  ${figure}\n`);
  process.stdout.write('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:cycle failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
