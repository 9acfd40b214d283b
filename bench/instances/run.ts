/**
 * Several engine instances sharing one PostgreSQL database: BENCH_JOBS (20) Kintone jobs of BENCH_JOB_USERS (5,000)
 * assigned users each, their initial cycles run by real `apps/entra` processes (as deployed: one process per instance,
 * real clock, the scheduler's tick), against one SCIM target in this process.
 *   1. one instance: jobs completed per minute;
 *   2. two instances, same work on fresh databases: jobs per minute, and how many jobs each instance ran;
 *   3. two instances again, one killed with SIGKILL in the middle of a cycle: the seconds until the survivor took the
 *      interrupted job over (its lease is SYNC_LEASE_MS, 60 s) and until every job completed.
 * Every phase then checks that each job ran exactly one cycle (one cycleId in its provisioning logs, the killed one
 * included: the resumed run continues the same cycle) and that the target holds each user once.
 *
 * Usage: npm run bench:instances    Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 *        BENCH_JOBS, BENCH_JOB_USERS.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { createLogger } from '@app/platform';
import { loadEntraConfig, startEntra } from '../../apps/entra/src/bootstrap';
import { loadScimTargetConfig, startScimTarget } from '../../apps/scim-target/src/bootstrap';
import { fmt, graphCaller, scratchDatabase, seedAssignedKintone, withClient } from '../support';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JOBS = Number(process.env.BENCH_JOBS ?? 20);
const JOB_USERS = Number(process.env.BENCH_JOB_USERS ?? 5_000);
const SECOND = 1_000;

interface Instance {
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** An `apps/entra` process on `databaseUrl`, ready once it prints its banner; its scheduler ticks every 200 ms. */
async function startInstance(databaseUrl: string): Promise<Instance> {
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=256', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/entra/src/main.ts'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        ENTRA_PORT: '0',
        LOG_LEVEL: 'warn',
        PROVSIM_DATA_DIR: 'memory',
        ENTRA_DEMO_TENANT: 'false',
        SYNC_TICK_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('provsim Entra tenant is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`an engine instance exited (${code}) before it was ready`)));
  });
  return {
    pid: child.pid!,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface JobState {
  id: string;
  state: string | null;
  cursor: boolean;
  owner: string | null;
}

const jobStates = (url: string): Promise<JobState[]> =>
  withClient(url, (c) =>
    c
      .query(
        `SELECT id, status -> 'lastExecution' ->> 'state' AS state, cycle_cursor IS NOT NULL AS cursor, lease_owner AS owner FROM entra.sync_jobs`,
      )
      .then((r) => r.rows as JobState[]),
  );

const ownedBy = (owner: string | null, instance: Instance) => owner !== null && owner.includes(`:${instance.pid}:`);

/** One phase: fresh databases, the jobs seeded and configured, `count` instances; answers what it measured. */
async function phase(count: number, killOne: boolean): Promise<string[][]> {
  const entraDb = await scratchDatabase(SERVER_URL);
  const targetDb = await scratchDatabase(SERVER_URL);
  const token = randomBytes(24).toString('base64url');
  const logger = createLogger('bench', 'warn');
  const target = await startScimTarget(
    loadScimTargetConfig({
      DATABASE_URL: targetDb.url,
      SCIM_PORT: '0',
      LOG_LEVEL: 'warn',
      PROVSIM_DATA_DIR: 'memory',
      SCIM_TARGET_TOKEN: token,
    }),
    logger,
  );
  // The admin's side (seeding, configuration, Graph): a tenant app whose own engine never ticks.
  const admin = await startEntra(
    loadEntraConfig({
      DATABASE_URL: entraDb.url,
      ENTRA_PORT: '0',
      LOG_LEVEL: 'warn',
      PROVSIM_DATA_DIR: 'memory',
      SYNC_TICK_MS: '0',
      ENTRA_DEMO_TENANT: 'false',
    }),
    logger,
  );
  const instances: Instance[] = [];
  try {
    const graph = graphCaller(admin.graphUrl, admin.identity.adminToken);
    const starts: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const { servicePrincipalId } = await seedAssignedKintone(admin.app, JOB_USERS, `bench-instances-${i}`, `job${i}.example.com`);
      const job = await graph('POST', `/servicePrincipals/${servicePrincipalId}/synchronization/jobs`, { templateId: 'kintone' });
      await graph('PUT', `/servicePrincipals/${servicePrincipalId}/synchronization/secrets`, {
        value: [
          { key: 'BaseAddress', value: target.scimBaseUrl },
          { key: 'SecretToken', value: token },
        ],
      });
      starts.push(`/servicePrincipals/${servicePrincipalId}/synchronization/jobs/${job.id}/start`);
    }
    // Instances start one after the other (the first runs the migrations), before any job is due.
    for (let i = 0; i < count; i++) instances.push(await startInstance(entraDb.url));
    const began = performance.now();
    for (const path of starts) await graph('POST', path);

    let killed: { jobId: string; at: number; takenAt: number | null } | null = null;
    /** Which instances were seen holding each job's lease. */
    const holders = new Map<string, Set<number>>();
    for (;;) {
      const states = await jobStates(entraDb.url);
      for (const s of states) {
        const holder = instances.findIndex((instance) => ownedBy(s.owner, instance));
        if (holder >= 0) holders.set(s.id, (holders.get(s.id) ?? new Set()).add(holder));
      }
      if (killOne && !killed) {
        const victim = instances[1];
        const running = states.find((s) => s.cursor && ownedBy(s.owner, victim));
        if (running) {
          victim.child.kill('SIGKILL');
          killed = { jobId: running.id, at: performance.now(), takenAt: null };
        }
      }
      if (killed && killed.takenAt === null) {
        const job = states.find((s) => s.id === killed!.jobId)!;
        if (ownedBy(job.owner, instances[0]) || job.state !== null) killed.takenAt = performance.now();
      }
      if (states.every((s) => s.state !== null && !s.cursor)) break;
      if (performance.now() - began > 30 * 60 * SECOND) throw new Error('the jobs did not complete within 30 minutes');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - began) / SECOND;

    const perJob: { job_id: string; cycles: string }[] = await withClient(entraDb.url, (c) =>
      c.query(`SELECT job_id, count(DISTINCT cycle_id)::text AS cycles FROM entra.provisioning_logs GROUP BY job_id`).then((r) => r.rows),
    );
    const states = await jobStates(entraDb.url);
    const failed = states.filter((s) => s.state !== 'Succeeded');
    // The target's unique userName index turns a second create into a 409 (a failed entry), never a second user.
    const [{ n: targetUsers }]: { n: string }[] = await withClient(targetDb.url, (c) =>
      c.query(`SELECT count(*)::text AS n FROM scim_target.resources WHERE resource_type = 'User'`).then((r) => r.rows),
    );
    const [{ n: created }]: { n: string }[] = await withClient(entraDb.url, (c) =>
      c
        .query(`SELECT count(*)::text AS n FROM entra.provisioning_logs WHERE provisioning_action = 'create' AND status = 'success'`)
        .then((r) => r.rows),
    );
    const ranOnce = perJob.length === JOBS && perJob.every((j) => j.cycles === '1');
    const rows: string[][] = [];
    const label = killOne ? `${count} instances, one killed (SIGKILL) mid-cycle` : `${count} instance${count > 1 ? 's' : ''}`;
    rows.push([label, `${fmt(seconds, 1)} s for ${JOBS} jobs = ${fmt((JOBS / seconds) * 60, 1)} jobs/min`]);
    if (count > 1) {
      const seen = instances.map((_, i) => [...holders.values()].filter((h) => h.has(i)).length);
      rows.push(['  jobs each instance was seen running (a sample every 100 ms)', seen.join(' / ')]);
    }
    if (killed) {
      rows.push([
        '  interrupted job taken over by the survivor after',
        killed.takenAt === null ? 'never' : `${fmt((killed.takenAt - killed.at) / SECOND, 1)} s (lease: 60 s)`,
      ]);
    }
    rows.push([
      '  each job ran exactly one cycle',
      `${ranOnce ? 'yes' : 'NO'} (${perJob.map((j) => j.cycles).join(',')} cycles), ${failed.length} not succeeded`,
    ]);
    rows.push(['  users on the target / successful creates logged', `${fmt(Number(targetUsers))} / ${fmt(Number(created))}`]);
    if (!ranOnce || failed.length > 0 || targetUsers !== created) process.exitCode = 1;
    return rows;
  } finally {
    for (const instance of instances) await instance.stop();
    await admin.close();
    await target.close();
    await entraDb.drop();
    await targetDb.drop();
  }
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  rows.push(...(await phase(1, false)));
  rows.push(...(await phase(2, false)));
  rows.push(...(await phase(2, true)));
  const width = Math.max(...rows.map(([what]) => what.length));
  process.stdout.write(
    `\nbench/instances — ${JOBS} Kintone jobs × ${fmt(JOB_USERS)} assigned users, initial cycles, PostgreSQL, ${cpus().length} cores; ` +
      'engine instances are separate processes, the SCIM target runs in the bench process\n\n',
  );
  for (const [what, figure] of rows) process.stdout.write(`  ${what.padEnd(width)}  ${figure}\n`);
  process.stdout.write('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:instances failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
