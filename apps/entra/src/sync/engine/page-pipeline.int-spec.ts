/**
 * The initial cycle (users, groups) and the incremental one (changes) read and match their next page while the
 * previous page commits (PIPELINED_PHASES). Against a
 * real database with a page commit made slow on purpose, so the next page certainly runs during it: on PostgreSQL
 * (CI) the two overlap; on the embedded database, which runs one transaction at a time, the next page's reads wait
 * for the commit, and the same assertions hold.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { scimTemplate } from '@app/provisioning-core';
import { openTestDataSource, type TestDataSource } from '@app/persistence';
import { ApplicationsRepository } from '../../applications/applications.repository';
import { ChangeLog } from '../../changes/change-log';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../../database';
import { UsersRepository } from '../../users/users.repository';
import { insertTestApp, insertTestJob } from '../../../test/engine-fixtures';
import { FakeTarget } from '../../../test/fake-scim-target';
import { CycleRunner } from './cycle-runner';
import type { CycleCursor, JobConfiguration, LogSink } from './cycle-types';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SLOW_COMMIT_MS = 300;

describe('pipelined page commits (real database, fake target)', () => {
  let db: TestDataSource;
  let ds: DataSource;
  let spId: string;
  /** Four assigned users in id order: pages of two are [0, 1] and [2, 3]; user 2's manager is user 1. */
  let people: string[];
  const now = new Date('2026-02-01T08:00:00Z');
  const clock = { now: () => now };

  beforeAll(async () => {
    db = await openTestDataSource({ name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS });
    ds = db.ds;
    const apps = new ApplicationsRepository();
    const users = new UsersRepository();
    spId = await insertTestApp(ds.manager, 'scim', 'Custom', now);
    people = Array.from({ length: 4 }, () => randomUUID()).sort();
    for (const [i, id] of people.entries()) {
      await ds.transaction(async (tx) => {
        const log = new ChangeLog(tx);
        const upn = `person${i}@contoso.com`;
        await users.insert(
          tx,
          id,
          { userPrincipalName: upn, displayName: `Person ${i}`, mailNickname: `person${i}`, accountEnabled: true },
          now,
          await log.record('user', id, 'created', null, now),
        );
        await apps.insertAssignment(
          tx,
          { id: randomUUID(), appRoleId: '00000000-0000-0000-0000-000000000000', principalId: id, principalType: 'User', resourceId: spId },
          now,
        );
        await log.record('assignment', id, 'added', spId, now);
      });
    }
    await ds.transaction(async (tx) =>
      users.setManager(tx, people[2], people[1], await new ChangeLog(tx).record('user', people[2], 'updated', null, now)),
    );
  });
  afterAll(() => db.close());

  /**
   * A new job of the custom SCIM app, its commits slowed down; `faults.failOnWrite`: the log write of that page throws.
   * `readsWhenCommitted`: the target objects read (GET by id) by the time each page's commit ended.
   */
  async function cycleOf(
    target: FakeTarget,
    faults: { failOnWrite?: number } = {},
  ): Promise<{ runner: CycleRunner; jobId: string; writes: () => number; readsWhenCommitted: string[][] }> {
    const jobId = `scim.${randomUUID()}`;
    await insertTestJob(ds.manager, spId, 'scim', jobId, now);
    const config: JobConfiguration = {
      schema: scimTemplate,
      baseAddress: 'https://target.example/scim',
      secretToken: 'token',
      syncAll: false,
      skipOutOfScopeDeletions: false,
      servicePrincipalName: 'Custom',
      tenantId: 'tenant',
      deleteThreshold: { enabled: false, value: 500 },
      escrowThresholds: { minFailuresForEvaluation: 5000, maxFailurePercent: 40, maxFailures: 40000, maxTotalFailures: 60000 },
    };
    let writes = 0;
    const readsWhenCommitted: string[][] = [];
    const logs: LogSink = {
      write: async () => {
        const write = ++writes;
        await new Promise((resolve) => setTimeout(resolve, SLOW_COMMIT_MS));
        readsWhenCommitted.push([...target.reads]);
        if (write === faults.failOnWrite) throw new Error('the database went away');
      },
    };
    const runner = new CycleRunner({
      db: ds,
      clock,
      logs,
      configure: async () => config,
      options: { pageSize: 2, concurrency: 2, leaseMs: 60_000, owner: 'pipeline-spec' },
      openConnector: () => target.connector(),
    });
    return { runner, jobId, writes: () => writes, readsWhenCommitted };
  }

  const userNameOf = (i: number) => `person${i}@contoso.com`;

  it("a manager created on the page still committing is known to its report's page: set right after the create, not left to the reference pass", async () => {
    const target = new FakeTarget();
    const { runner, jobId } = await cycleOf(target);
    const result = await runner.run(jobId);
    expect(result).toMatchObject({ outcome: 'completed', counters: { countImported: 4, countExported: 4, countExports: 5 } });
    const byName = new Map([...target.users.values()].map((u) => [u.userName, u]));
    const [manager, report] = [byName.get(userNameOf(1))!, byName.get(userNameOf(2))!];
    // Entra creates the user, then sets its manager with a PATCH (reference §4); the reference pass of the cycle would
    // first read the user back (GET /Users/{id}), which never happens here.
    expect(target.writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      'POST /Users',
      'POST /Users',
      'POST /Users',
      'POST /Users',
      `PATCH /Users/${report.id}`,
    ]);
    expect(target.writes[4].body).toMatchObject({ Operations: [{ path: `${ENTERPRISE}:manager`, value: manager.id }] });
    expect(target.reads).toEqual([]);
  });

  it('a page commit that fails fails the cycle with the cursor the last committed page left; the resumed run counts each object once', async () => {
    const target = new FakeTarget();
    const faults = { failOnWrite: 2 as number | undefined };
    const { runner, jobId } = await cycleOf(target, faults);
    const failed = await runner.run(jobId);
    expect(failed).toMatchObject({ outcome: 'failed', errorCode: 'InternalError' });
    const [{ cycle_cursor: saved }]: { cycle_cursor: CycleCursor }[] = await ds.query(
      `SELECT cycle_cursor FROM entra.sync_jobs WHERE id = $1`,
      [jobId],
    );
    // Page 2 was read (and counted in the live cursor) while page 1 committed: the saved cursor is page 1's alone.
    expect({ after: saved.after, imported: saved.counters.countImported, exported: saved.counters.countExported }).toEqual({
      after: people[1],
      imported: 2,
      exported: 2,
    });
    // The next attempt resumes from there: page 2's users exist already and are matched, not created again.
    faults.failOnWrite = undefined;
    const result = await runner.run(jobId);
    expect(result).toMatchObject({ outcome: 'completed', counters: { countImported: 4 } });
    expect([...target.users.values()].map((u) => u.userName).sort()).toEqual([0, 1, 2, 3].map(userNameOf));
    expect(target.writes.filter((w) => w.method === 'POST')).toHaveLength(4);
  });

  // Last: it renames the people the other tests' jobs read.
  it('an incremental cycle reads its next page of changes while the previous one commits; a failed commit resumes from the last committed change, each PATCH sent once', async () => {
    const target = new FakeTarget({ applyPatches: true });
    const faults: { failOnWrite?: number } = {};
    const { runner, jobId, writes, readsWhenCommitted } = await cycleOf(target, faults);
    expect(await runner.run(jobId)).toMatchObject({ outcome: 'completed' });
    const users = new UsersRepository();
    const renamed: string[] = [];
    for (const [i, id] of people.entries()) {
      await ds.transaction(async (tx) => {
        const seq = await new ChangeLog(tx).record('user', id, 'updated', null, now);
        await users.update(tx, id, { displayName: `Renamed ${i}` }, seq);
        renamed.push(seq);
      });
    }
    // Four change rows, pages of two: [0, 1] then [2, 3]. The second page's commit fails.
    const first = writes() + 1;
    faults.failOnWrite = first + 1;
    const failed = await runner.run(jobId);
    expect(failed).toMatchObject({ outcome: 'failed', errorCode: 'InternalError' });
    const byName = new Map([...target.users.values()].map((u) => [u.userName, u]));
    const targetIds = [0, 1, 2, 3].map((i) => byName.get(userNameOf(i))!.id as string);
    if (process.env.DATABASE_URL) {
      // On PostgreSQL the second page was read and its users matched (GET by id) before the first page's commit ended;
      // the embedded database runs one transaction at a time, so there its reads waited.
      expect(readsWhenCommitted[first - 1]).toEqual(expect.arrayContaining(targetIds));
    }
    const [{ cycle_cursor: saved }]: { cycle_cursor: CycleCursor }[] = await ds.query(
      `SELECT cycle_cursor FROM entra.sync_jobs WHERE id = $1`,
      [jobId],
    );
    expect({ phase: saved.phase, after: saved.after, exported: saved.counters.countExported }).toEqual({
      phase: 'changes',
      after: renamed[1],
      exported: 2,
    });
    faults.failOnWrite = undefined;
    expect(await runner.run(jobId)).toMatchObject({ outcome: 'completed' });
    // Page 2's PATCHes went out before its commit failed; the resumed run finds them done and sends nothing again.
    const patches = target.writes.filter((w) => w.method === 'PATCH' && w.purpose === 'object').map((w) => w.path);
    expect(patches.filter((path) => targetIds.some((id) => path === `/Users/${id}`)).sort()).toEqual(
      targetIds.map((id) => `/Users/${id}`).sort(),
    );
    expect([0, 1, 2, 3].map((i) => byName.get(userNameOf(i))!.displayName)).toEqual([0, 1, 2, 3].map((i) => `Renamed ${i}`));
  });
});
