import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '@app/persistence';
import { CLOCK, createLogger, SimulatedClock } from '@app/platform';
import { httpRequest, TestResponse } from '@app/testing';
import { startTestScimTarget, TestScimTarget } from '../../scim-target/test/harness';
import { KINTONE_TEMPLATE_ID } from '../src/applications/templates';
import { loadEntraConfig, RunningEntra, startEntra } from '../src/bootstrap';
import { newUser } from './harness';
import { expectOk } from './loop-harness';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The simulated clock is part of the tenant's data: stopping the app and starting it again on the same database
 * resumes simulated time (never earlier than what the previous run showed), and jobs due on it still run.
 * The embedded database lives in a directory on disk here, so a restart really reopens it.
 */
describe('the simulated clock across restarts', () => {
  let db: TestDatabase;
  let dataDir: string;
  let running: RunningEntra | undefined;
  let target: TestScimTarget | undefined;

  beforeEach(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'provsim-clock-'));
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
    await target?.stop();
    target = undefined;
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts the tenant on this test's database (the one the previous boot used). */
  async function boot(clock: string): Promise<Tenant> {
    const config = loadEntraConfig({
      ENTRA_PORT: '0',
      PROVSIM_DATA_DIR: dataDir,
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      LOG_LEVEL: 'silent',
      ENTRA_DEMO_TENANT: 'false',
      PROVSIM_CLOCK: clock,
      SYNC_TICK_MS: '0',
    });
    running = await startEntra(config, createLogger('entra-test', config.LOG_LEVEL));
    return new Tenant(running);
  }

  async function stop(): Promise<void> {
    await running?.close();
    running = undefined;
  }

  it('manual: resumes at exactly the simulated time it had, and a job due then runs on the next advance', async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'kintone' });
    const first = await boot('manual');
    const booted = await first.now();
    const instantiated = await first.graph('POST', `/applicationTemplates/${KINTONE_TEMPLATE_ID}/instantiate`, {
      body: { displayName: 'Kintone' },
    });
    expectOk(instantiated, 201);
    const spId: string = instantiated.body.servicePrincipal.id;
    const created = await first.graph('POST', `/servicePrincipals/${spId}/synchronization/jobs`, { body: { templateId: 'kintone' } });
    expectOk(created, 201);
    const jobPath = `/servicePrincipals/${spId}/synchronization/jobs/${created.body.id}`;
    expectOk(
      await first.graph('PUT', `/servicePrincipals/${spId}/synchronization/secrets`, {
        body: {
          value: [
            { key: 'BaseAddress', value: target.scimBaseUrl },
            { key: 'SecretToken', value: target.token },
          ],
        },
      }),
      204,
    );
    const user = await first.graph('POST', '/users', { body: newUser('ada@contoso.com') });
    expectOk(user, 201);
    expectOk(
      await first.graph('POST', `/servicePrincipals/${spId}/appRoleAssignedTo`, {
        body: { principalId: user.body.id, resourceId: spId, appRoleId: '00000000-0000-0000-0000-000000000000' },
      }),
      201,
    );

    const advanced = await first.advance(3 * DAY);
    expect(advanced.getTime()).toBe(booted.getTime() + 3 * DAY);
    // Started on the advanced clock: due at once (next run = now), but nothing ticks before the stop.
    expectOk(await first.graph('POST', `${jobPath}/start`), 204);
    await stop();
    expect(await targetUserNames()).toEqual([]);

    const second = await boot('manual');
    expect(await second.clock()).toEqual({ now: advanced.toISOString(), mode: 'manual' });
    expect((await second.advance(0)).toISOString()).toBe(advanced.toISOString());
    expect(await targetUserNames()).toEqual(['ada@contoso.com']);
    const job = (await second.graph('GET', jobPath)).body;
    expect(job.status.lastExecution.state).toBe('Succeeded');
    expect(new Date(job.status.lastExecution.timeBegan).getTime()).toBeGreaterThanOrEqual(advanced.getTime());
    const logs = (await second.graph('GET', '/auditLogs/provisioning')).body.value as { activityDateTime: string }[];
    expect(logs.length).toBeGreaterThan(0);
    for (const log of logs) expect(new Date(log.activityDateTime).getTime()).toBeGreaterThanOrEqual(advanced.getTime());

    // The 40-minute schedule keeps running on the resumed clock: a change goes out with the next due cycle.
    expectOk(await second.graph('PATCH', `/users/${user.body.id}`, { body: { displayName: 'Ada Lovelace' } }), 204);
    await second.advance(20 * MINUTE);
    expect(await targetDisplayName('ada@contoso.com')).toBe('ada');
    await second.advance(20 * MINUTE);
    expect(await targetDisplayName('ada@contoso.com')).toBe('Ada Lovelace');
  }, 120_000);

  /** Each run: the clock it boots with, how far it advances, how long it runs, whether it dies without shutdown. */
  const RUNS: Array<{ clock: string; advanceMs?: number; runMs?: number; killed?: boolean }> = [
    { clock: 'manual', advanceMs: 3 * DAY },
    { clock: 'manual' },
    { clock: 'accelerated:1000', runMs: 300 },
    { clock: 'accelerated:1000', advanceMs: DAY, runMs: 300, killed: true },
    { clock: 'accelerated:1000', runMs: 300 },
    { clock: 'accelerated:50', runMs: 300 },
    { clock: 'manual', advanceMs: MINUTE },
    { clock: 'real', runMs: 300 },
    { clock: 'manual' },
  ];

  it('accelerated, and a change of mode or factor between runs: simulated time never goes back', async () => {
    const wrong: string[] = [];
    let lastShown = 0;
    let previous = 'first boot';
    for (const run of RUNS) {
      const wallBefore = Date.now();
      const tenant = await boot(run.clock);
      const first = await tenant.clock();
      const resumedAt = new Date(first.now).getTime();
      const step = `${previous} → ${run.clock}: resumed at ${first.now}, last shown ${new Date(lastShown).toISOString()}`;
      if (first.mode !== run.clock) wrong.push(`${step}: mode ${first.mode}`);
      if (run.clock === 'real') {
        if (resumedAt < wallBefore || resumedAt > Date.now()) wrong.push(`${step}: the real clock is not wall time`);
      } else if (resumedAt < lastShown) {
        wrong.push(`${step}: went back`);
      } else if (run.clock === 'manual' && previous === 'manual' && resumedAt !== lastShown) {
        wrong.push(`${step}: a manual clock resumes exactly`);
      }
      if (run.advanceMs) await tenant.advance(run.advanceMs);
      if (run.runMs) await new Promise((resolve) => setTimeout(resolve, run.runMs));
      lastShown = new Date((await tenant.clock()).now).getTime();
      // A process that dies skips its shutdown; only what the clock saved while it ran survives.
      if (run.killed) (running!.app.get<SimulatedClock>(CLOCK) as { hold: () => Promise<void> }).hold = () => Promise.resolve();
      await stop();
      previous = run.killed ? `${run.clock} (killed)` : run.clock;
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  async function targetUserNames(): Promise<string[]> {
    const res = await target!.scim('GET', '/Users?count=100');
    return ((res.body.Resources ?? []) as { userName: string }[]).map((u) => u.userName).sort();
  }

  async function targetDisplayName(userName: string): Promise<string | undefined> {
    const res = await target!.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    return res.body.Resources?.[0]?.displayName;
  }
});

class Tenant {
  constructor(private readonly entra: RunningEntra) {}

  graph(method: string, path: string, options: { body?: unknown } = {}): Promise<TestResponse> {
    return httpRequest(method, `${this.entra.graphUrl}${path}`, {
      token: this.entra.identity.adminToken,
      contentType: 'application/json',
      ...options,
    });
  }

  async clock(): Promise<{ now: string; mode: string }> {
    const res = await httpRequest('GET', `${this.entra.url}/sim/clock`, { token: this.entra.identity.adminToken });
    expectOk(res, 200);
    return res.body;
  }

  async now(): Promise<Date> {
    return new Date((await this.clock()).now);
  }

  async advance(ms: number): Promise<Date> {
    const res = await httpRequest('POST', `${this.entra.url}/sim/clock/advance`, {
      token: this.entra.identity.adminToken,
      contentType: 'application/json',
      body: { ms },
    });
    expectOk(res, 200);
    return new Date(res.body.now);
  }
}
