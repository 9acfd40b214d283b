/**
 * The cycle runner against a real database (PGlite, or PostgreSQL with DATABASE_URL) and a fake SCIM target in
 * memory: the engine's phases, page commits and status without HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { kintoneTemplate } from '@app/provisioning-core';
import { openTestDataSource, type TestDataSource } from '@app/persistence';
import { ApplicationsRepository } from '../../applications/applications.repository';
import { ChangeLog } from '../../changes/change-log';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../../database';
import { UsersRepository } from '../../users/users.repository';
import { insertTestApp, insertTestJob } from '../../../test/engine-fixtures';
import { ConnectorError } from '../connector';
import { CycleJobRepository } from './cycle-job-repository';
import { CycleRunner } from './cycle-runner';
import type { JobConfiguration, LogSink } from './cycle-types';
import { LinkStore } from './link-store';
import { FakeTarget } from '../../../test/fake-scim-target';

describe('CycleRunner (real database, fake target)', () => {
  let db: TestDataSource;
  let ds: DataSource;
  let target: FakeTarget;
  let runner: CycleRunner;
  let jobId: string;
  let now = new Date('2026-02-01T08:00:00Z');
  const clock = { now: () => now };
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  const users = new UsersRepository();
  const logged: string[] = [];

  async function addUser(upn: string): Promise<string> {
    const id = randomUUID();
    await ds.transaction(async (tx) => {
      const seq = await new ChangeLog(tx).record('user', id, 'created', null, clock.now());
      await users.insert(
        tx,
        id,
        { userPrincipalName: upn, displayName: upn.split('@')[0], mailNickname: upn.split('@')[0], accountEnabled: true },
        clock.now(),
        seq,
      );
    });
    return id;
  }

  beforeAll(async () => {
    db = await openTestDataSource({ name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS });
    ds = db.ds;
    const apps = new ApplicationsRepository();
    const spId = await insertTestApp(ds.manager, 'kintone', 'Kintone', clock.now());
    jobId = `kintone.${randomUUID().replace(/-/g, '')}.${randomUUID()}`;
    await insertTestJob(ds.manager, spId, 'kintone', jobId, clock.now());
    for (const upn of ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com']) {
      const userId = await addUser(upn);
      await ds.transaction(async (tx) => {
        await apps.insertAssignment(
          tx,
          {
            id: randomUUID(),
            appRoleId: '00000000-0000-0000-0000-000000000000',
            principalId: userId,
            principalType: 'User',
            resourceId: spId,
          },
          clock.now(),
        );
        await new ChangeLog(tx).record('assignment', userId, 'added', spId, clock.now());
      });
    }
    await addUser('dave@contoso.com'); // not assigned: out of scope, never read
    target = new FakeTarget();
    const config: JobConfiguration = {
      schema: kintoneTemplate,
      baseAddress: 'https://target.example/scim',
      secretToken: 'token',
      syncAll: false,
      skipOutOfScopeDeletions: false,
      servicePrincipalName: 'Kintone',
      tenantId: 'tenant',
      deleteThreshold: { enabled: false, value: 500 },
      escrowThresholds: { minFailuresForEvaluation: 5000, maxFailurePercent: 40, maxFailures: 40000, maxTotalFailures: 60000 },
    };
    const logs: LogSink = {
      write: async (_tx, entries) =>
        void logged.push(...entries.map((e) => `${e.outcome.action.situation}:${e.outcome.state.displayName}`)),
    };
    runner = new CycleRunner({
      db: ds,
      clock,
      logs,
      configure: async () => config,
      options: { pageSize: 2, concurrency: 2, leaseMs: 60_000, owner: 'int-spec' },
      openConnector: () => target.connector(),
    });
  });
  afterAll(async () => {
    await db.close();
  });

  it('the initial cycle creates the assigned users, page by page, and links them', async () => {
    const result = await runner.run(jobId);
    expect(result).toMatchObject({
      outcome: 'completed',
      initial: true,
      counters: { countImported: 3, countExported: 3, countExports: 3, countFailed: 0 },
    });
    expect(target.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /Users', 'POST /Users', 'POST /Users']);
    expect([...target.users.values()].map((u) => u.userName).sort()).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com']);
    expect(await new LinkStore(ds.manager).countLinks(jobId)).toEqual([{ key: 'User', value: 3 }]);
    const job = await runner.loadJob(ds.manager, jobId);
    expect(job).toMatchObject({ status_code: 'Active', cycle_cursor: null });
    expect(job!.watermark).not.toBeNull();
    expect(job!.status).toMatchObject({
      lastExecution: { state: 'Succeeded', countExports: 3 },
      progress: [{ completedUnits: 3, units: 'Pages' }],
    });
  });

  it('an incremental cycle sends only what changed', async () => {
    target.writes.length = 0;
    const bob = [...target.users.values()].find((u) => u.userName === 'bob@contoso.com')!;
    const bobId = (await users.find(ds.manager, 'bob@contoso.com'))!.id;
    await ds.transaction(async (tx) => {
      const seq = await new ChangeLog(tx).record('user', bobId, 'updated', null, clock.now());
      await users.update(tx, bobId, { displayName: 'Robert' }, seq);
    });
    advance(40 * 60 * 1000);
    const result = await runner.run(jobId);
    expect(result).toMatchObject({
      outcome: 'completed',
      initial: false,
      counters: { countImportedDeltas: 1, countExported: 1, countExports: 1 },
    });
    expect(target.writes.map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH /Users/${bob.id}`]);
  });

  it('an object changed several times in one interval is processed once, even when its change rows span pages', async () => {
    target.writes.length = 0;
    logged.length = 0;
    const alice = [...target.users.values()].find((u) => u.userName === 'alice@contoso.com')!;
    const aliceId = (await users.find(ds.manager, 'alice@contoso.com'))!.id;
    // Three change rows for one user, two rows a page: the rows span two pages of the change feed.
    for (const name of ['One', 'Two', 'Three'])
      await ds.transaction(async (tx) => {
        const seq = await new ChangeLog(tx).record('user', aliceId, 'updated', null, clock.now());
        await users.update(tx, aliceId, { displayName: name }, seq);
      });
    advance(40 * 60 * 1000);
    const result = await runner.run(jobId);
    expect(result).toMatchObject({ outcome: 'completed', initial: false, counters: { countExported: 1, countExports: 1 } });
    expect(target.writes).toHaveLength(1);
    expect(target.writes[0]).toMatchObject({ method: 'PATCH', path: `/Users/${alice.id}` });
    expect(JSON.stringify(target.writes[0].body)).toContain('"Three"');
    expect(logged).toEqual(['InScopeLinkedChanged:alice@contoso.com']);
  });

  it('a target that refuses the token quarantines the job and keeps the watermark', async () => {
    const before = await runner.loadJob(ds.manager, jobId);
    const carolId = (await users.find(ds.manager, 'carol@contoso.com'))!.id;
    await ds.transaction(async (tx) => {
      const seq = await new ChangeLog(tx).record('user', carolId, 'updated', null, clock.now());
      await users.update(tx, carolId, { displayName: 'Caroline' }, seq);
    });
    target.failWith = new ConnectorError({
      reaction: 'quarantine',
      httpStatus: 401,
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
      errorCategory: 'NonServiceFailure',
      reason: 'token refused',
    });
    advance(40 * 60 * 1000);
    try {
      const result = await runner.run(jobId);
      expect(result).toMatchObject({ outcome: 'quarantined', error: 'token refused' });
    } finally {
      target.failWith = null;
    }
    const job = await runner.loadJob(ds.manager, jobId);
    expect(job).toMatchObject({ status_code: 'Quarantine', watermark: before!.watermark });
    expect(job!.status).toMatchObject({ lastExecution: { state: 'Failed' }, quarantine: { reason: 'EncounteredQuarantineException' } });
  });

  it('renews the lease between steps only once half of it has passed, and then notices another instance took it', async () => {
    const leaseMs = 400;
    const mine = new CycleJobRepository(ds, 'instance-a', leaseMs);
    const theirs = new CycleJobRepository(ds, 'instance-b', leaseMs);
    const expire = () =>
      ds.query(`UPDATE entra.sync_jobs SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE id = $1`, [jobId]);
    const leaseOf = async () =>
      ((await ds.query(`SELECT lease_owner FROM entra.sync_jobs WHERE id = $1`, [jobId])) as { lease_owner: string }[])[0];
    try {
      expect(await mine.acquireLease(jobId)).toBe(true);
      expect(await theirs.acquireLease(jobId)).toBe(false);
      // Within the first half no query runs: even a lease that lapsed meanwhile is not looked at yet.
      await expire();
      expect(await theirs.acquireLease(jobId)).toBe(true);
      expect(await mine.renewLease(jobId)).toBe(true);
      expect(await leaseOf()).toEqual({ lease_owner: 'instance-b' });
      // After half the lease the renewal asks the database, which answers that the job is someone else's now.
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 2 + 20));
      expect(await mine.renewLease(jobId)).toBe(false);
      expect(await leaseOf()).toEqual({ lease_owner: 'instance-b' });
      // Its holder renews it in the database once half has passed.
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 2 + 20));
      const before = (
        (await ds.query(`SELECT lease_expires_at FROM entra.sync_jobs WHERE id = $1`, [jobId])) as { lease_expires_at: Date }[]
      )[0];
      expect(await theirs.renewLease(jobId)).toBe(true);
      const after = (
        (await ds.query(`SELECT lease_expires_at FROM entra.sync_jobs WHERE id = $1`, [jobId])) as { lease_expires_at: Date }[]
      )[0];
      expect(after.lease_expires_at.getTime()).toBeGreaterThan(before.lease_expires_at.getTime());
    } finally {
      await theirs.releaseLease(jobId);
      await mine.releaseLease(jobId);
    }
    expect(await leaseOf()).toEqual({ lease_owner: null });
  });
});
