import { DataSource } from 'typeorm';
import { CLOCK, SimulatedClock } from '@app/platform';
import type { ScimRequest } from '@app/provisioning-core';
import { ScimConnector } from '../src/sync/connector';
import { CycleRunner, EngineLogSink, JobConfigurationReader, SyncEngine, type JobConfiguration } from '../src/sync/engine';
import { startTestEntra, TestEntra } from './harness';
import { expectOk, startTestLoop, TestLoop } from './loop-harness';

/** Thrown from inside the connector to stand for the process dying at that instant (not a connector error). */
class SimulatedCrash extends Error {}

const USERS = 30;

/** A runner of the same app whose connector dies after `after` requests (the last one done by the target). */
function crashingRunner(entra: TestEntra, after: number, owner: string, pageSize = 7): CycleRunner {
  const app = entra.app;
  const config = app.get(JobConfigurationReader);
  let calls = 0;
  let dead = false;
  const tick = () => {
    if (++calls > after) {
      dead = true;
      throw new SimulatedCrash(`crash after ${after} requests`);
    }
  };
  // A dead process writes nothing more: not the failed cycle's status the runner records for an unexpected error,
  // nor the release of its lease.
  const real = app.get(DataSource);
  const db = new Proxy(real, {
    get(target, property) {
      if (dead && (property === 'query' || property === 'transaction'))
        return () => Promise.reject(new SimulatedCrash('the process is dead'));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return new CycleRunner({
    db,
    clock: app.get<SimulatedClock>(CLOCK),
    logs: app.get(EngineLogSink),
    configure: (job) => config.read(job),
    options: { pageSize, concurrency: 3, leaseMs: 60_000, owner },
    openConnector: (job: JobConfiguration) => {
      const real = ScimConnector.open({ baseAddress: job.baseAddress!, secretToken: job.secretToken! });
      const wrapper = {
        shape: real.shape,
        get: async (type: 'Users' | 'Groups', id: string) => {
          tick();
          return real.get(type, id);
        },
        query: async (type: 'Users' | 'Groups', filter: string) => {
          tick();
          return real.query(type, filter);
        },
        execute: async (request: ScimRequest) => {
          const result = await real.execute(request);
          tick(); // the target did it; the engine dies before it can record it
          return result;
        },
        validateCredentials: () => real.validateCredentials(),
        close: () => real.close(),
      };
      return wrapper as unknown as ScimConnector;
    },
  });
}

/**
 * Crash safety and single-run-per-job. A "crash" stops the cycle between one SCIM call and the next, after the
 * target has done what the call asked but before the engine recorded it — the worst moment for duplicates.
 */
describe('provisioning engine: crashes and several instances', () => {
  let loop: TestLoop;

  beforeEach(async () => {
    loop = await startTestLoop({ profile: 'kintone', entraEnv: { SYNC_PAGE_SIZE: '7', SYNC_CONCURRENCY: '3' } });
    for (let i = 0; i < USERS; i++) await loop.assign(await loop.createUser(`crash${String(i).padStart(2, '0')}@contoso.com`));
  }, 60_000);
  afterEach(() => loop.stop());

  async function expectConverged(): Promise<void> {
    await loop.takeRequests();
    const users = await loop.targetUsers();
    const names = users.map((u: any) => u.userName).sort();
    expect(names).toEqual(Array.from({ length: USERS }, (_, i) => `crash${String(i).padStart(2, '0')}@contoso.com`));
    const links: { n: string }[] = await loop.entra.app
      .get(DataSource)
      .query(`SELECT count(*)::text AS n FROM entra.sync_links WHERE job_id = $1`, [loop.jobId]);
    expect(Number(links[0].n)).toBe(USERS);
  }

  it.each([1, 2, 5, 13, 30])(
    'killed after %i SCIM requests of the initial cycle: the next run converges with no duplicates',
    async (after) => {
      const crashing = crashingRunner(loop.entra, after, 'doomed-instance');
      await expect(crashing.run(loop.jobId)).rejects.toThrow(SimulatedCrash);
      // The dead instance's lease is left behind as a real crash would leave it; it expires.
      await loop.entra.app
        .get(DataSource)
        .query(`UPDATE entra.sync_jobs SET lease_owner = 'doomed-instance', lease_expires_at = now() - interval '1 second' WHERE id = $1`, [
          loop.jobId,
        ]);
      const cursor: { cycle_cursor: unknown }[] = await loop.entra.app
        .get(DataSource)
        .query(`SELECT cycle_cursor FROM entra.sync_jobs WHERE id = $1`, [loop.jobId]);
      expect(cursor[0].cycle_cursor).not.toBeNull();
      await loop.cycle();
      await expectConverged();
      const job = await loop.job();
      expect(job.status.lastExecution.state).toBe('Succeeded');
      // One more cycle: nothing left to do.
      await loop.takeRequests();
      await loop.advance(40 * 60_000);
      expect((await loop.takeRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
    },
  );

  /** The lease a killed instance leaves behind, expired, as a real crash would leave it after SYNC_LEASE_MS. */
  const expireDeadLease = () =>
    loop.entra.app
      .get(DataSource)
      .query(`UPDATE entra.sync_jobs SET lease_owner = 'doomed-instance', lease_expires_at = now() - interval '1 second' WHERE id = $1`, [
        loop.jobId,
      ]);

  /**
   * The completed cycle's counters against what the target received during it (every run, the killed ones too):
   * countExports = successful writes, countExported = users written at least once.
   */
  async function expectCountersMatchTarget(
    requests: { method: string; url: string; status: number; body?: any }[],
  ): Promise<{ exported: number; exports: number }> {
    const userNameOf = new Map((await loop.targetUsers()).map((u: any) => [u.id as string, u.userName as string]));
    const writes = requests.filter((r) => r.method !== 'GET' && r.status < 300);
    const written = new Set(writes.map((r) => (r.method === 'POST' ? r.body.userName : userNameOf.get(r.url.split('/')[2]))));
    expect(written.has(undefined)).toBe(false);
    const execution = (await loop.job()).status.lastExecution;
    expect(execution.state).toBe('Succeeded');
    expect({ countExported: execution.countExported, countExports: execution.countExports }).toEqual({
      countExported: written.size,
      countExports: writes.length,
    });
    return { exported: execution.countExported, exports: execution.countExports };
  }

  // Pages of 7: requests 1-7 are page 1's matching queries, 8-14 its POSTs, 15-21 page 2's queries... A kill during
  // the POSTs leaves users created whose page never committed; the resumed run finds them by the matching query.
  it.each([10, 13, 27])(
    'killed after %i SCIM requests of the initial cycle: the completed cycle counts every export, once',
    async (after) => {
      await expect(crashingRunner(loop.entra, after, 'doomed-instance').run(loop.jobId)).rejects.toThrow(SimulatedCrash);
      await expireDeadLease();
      await loop.cycle();
      const requests = await loop.takeRequests();
      expect(requests.filter((r) => r.method === 'POST')).toHaveLength(USERS);
      expect(await expectCountersMatchTarget(requests)).toEqual({ exported: USERS, exports: USERS });
      expect((await loop.job()).status.lastExecution).toMatchObject({ countImported: USERS, countEntitled: USERS });
    },
  );

  it.each([
    [10, 9],
    [13, 3],
    [11, 11],
  ])('killed after %i and, resumed, again after %i requests: the completed cycle counts every export, once', async (first, second) => {
    await expect(crashingRunner(loop.entra, first, 'doomed-instance').run(loop.jobId)).rejects.toThrow(SimulatedCrash);
    await expireDeadLease();
    await expect(crashingRunner(loop.entra, second, 'doomed-instance').run(loop.jobId)).rejects.toThrow(SimulatedCrash);
    await expireDeadLease();
    await loop.cycle();
    const requests = await loop.takeRequests();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(USERS);
    expect(await expectCountersMatchTarget(requests)).toEqual({ exported: USERS, exports: USERS });
  });

  it.each([10, 16])(
    'some users already in the target, killed after %i requests: matched ones count only when written in the cycle',
    async (after) => {
      // Three users the target already has, with only a userName: the cycle matches and updates them. Their PATCHes are
      // exports of the cycle; their existence before it is not.
      for (const i of [0, 3, 5])
        expectOk(
          await loop.target.scim('POST', '/Users', {
            body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `crash0${i}@contoso.com`, active: true },
          }),
          201,
        );
      await loop.takeRequests();
      await expect(crashingRunner(loop.entra, after, 'doomed-instance').run(loop.jobId)).rejects.toThrow(SimulatedCrash);
      await expireDeadLease();
      await loop.cycle();
      const requests = await loop.takeRequests();
      expect(requests.filter((r) => r.method === 'POST')).toHaveLength(USERS - 3);
      expect(requests.filter((r) => r.method === 'PATCH').length).toBeGreaterThanOrEqual(3);
      expect((await expectCountersMatchTarget(requests)).exported).toBe(USERS);
      await expectConverged();
    },
  );

  it.each([1, 4, 9, 13])('killed after %i SCIM requests of an incremental cycle: the renames all arrive, once', async (after) => {
    await loop.cycle();
    await loop.takeRequests();
    const users = await loop.entra.graph('GET', '/users?$top=999&$select=id,userPrincipalName');
    const renamed = users.body.value.filter((u: any) => u.userPrincipalName.startsWith('crash0'));
    for (const u of renamed)
      expectOk(await loop.entra.graph('PATCH', `/users/${u.id}`, { body: { displayName: `Renamed ${u.userPrincipalName}` } }), 204);
    await loop.entra.app.get(DataSource).query(`UPDATE entra.sync_jobs SET next_run_at = $2 WHERE id = $1`, [loop.jobId, new Date(0)]);
    await expect(crashingRunner(loop.entra, after, 'doomed-instance').run(loop.jobId)).rejects.toThrow(SimulatedCrash);
    await expireDeadLease();
    await loop.cycle();
    const requests = await loop.takeRequests();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
    const target = await loop.targetUsers();
    for (const u of renamed)
      expect(target.find((t: any) => t.userName === u.userPrincipalName).displayName).toBe(`Renamed ${u.userPrincipalName}`);
    expect(target).toHaveLength(USERS);
    // Each rename is one PATCH of the cycle, whichever run sent it.
    expect(await expectCountersMatchTarget(requests)).toEqual({ exported: renamed.length, exports: renamed.length });
  });

  it("two instances on one database: a due job runs once; a dead instance's job is taken over when its lease expires", async () => {
    const second = await startTestEntra({
      PROVSIM_CLOCK: 'manual',
      SYNC_TICK_MS: '0',
      ...(loop.entra.db.databaseUrl ? { DATABASE_URL: loop.entra.db.databaseUrl } : {}),
      PROVSIM_DATA_DIR: loop.entra.db.dataDir,
      ENTRA_ADMIN_TOKEN: loop.entra.identity.adminToken,
    });
    try {
      const [a, b] = await Promise.all([loop.entra.app.get(SyncEngine).runDue(), second.app.get(SyncEngine).runDue()]);
      const ran = [...a, ...b].filter((r) => r.outcome === 'completed');
      expect(ran).toHaveLength(1);
      expect((await loop.takeRequests()).filter((r) => r.method === 'POST')).toHaveLength(USERS);
      await expectConverged();

      // A lease held by an instance that is gone blocks nobody once it expires.
      const db = loop.entra.app.get(DataSource);
      await db.query(
        `UPDATE entra.sync_jobs SET lease_owner = 'gone', lease_expires_at = now() + interval '1 hour', next_run_at = $2 WHERE id = $1`,
        [loop.jobId, new Date(0)],
      );
      expect((await second.app.get(SyncEngine).runDue()).filter((r) => r.outcome === 'completed')).toHaveLength(0);
      await db.query(`UPDATE entra.sync_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [loop.jobId]);
      expect((await second.app.get(SyncEngine).runDue()).filter((r) => r.outcome === 'completed')).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

describe('provisioning engine: a crash during the reference pass', () => {
  const PEOPLE = 9;
  let loop: TestLoop;
  /** Source ids in id order; each person's manager is the next one, so every report is read before its manager. */
  let people: string[];

  beforeEach(async () => {
    loop = await startTestLoop({ profile: 'generic', entraEnv: { SYNC_PAGE_SIZE: '3', SYNC_CONCURRENCY: '3' } });
    people = [];
    for (let i = 0; i < PEOPLE; i++) people.push(await loop.createUser(`chain${i}@contoso.com`));
    people.sort();
    for (let i = 0; i < PEOPLE; i++) {
      await loop.assign(people[i]);
      if (i + 1 < PEOPLE)
        expectOk(
          await loop.entra.graph('PUT', `/users/${people[i]}/manager/$ref`, {
            body: { '@odata.id': `https://graph.microsoft.com/v1.0/users/${people[i + 1]}` },
          }),
          204,
        );
    }
  }, 60_000);
  afterEach(() => loop.stop());

  // Three pages of 3 GETs, 3 POSTs and 2 manager PATCHes (reports whose manager is on the same page): 24 requests.
  // Then the reference pass for the last person of pages 1 and 2 (manager on the next page): a GET and a PATCH each.
  // The crash comes with request after+1 (a GET dies before the target answers, a write right after it is done).
  it.each([23, 24, 25, 26, 27])('killed after %i SCIM requests: the resumed cycle sets every manager, once', async (after) => {
    await expect(crashingRunner(loop.entra, after, 'doomed-instance', 3).run(loop.jobId)).rejects.toThrow(SimulatedCrash);
    const beforeCrash = await loop.takeRequests();
    expect(beforeCrash.filter((r) => r.method === 'POST')).toHaveLength(PEOPLE);
    const [{ cycle_cursor: cursor }] = await loop.entra.app
      .get(DataSource)
      .query(`SELECT cycle_cursor FROM entra.sync_jobs WHERE id = $1`, [loop.jobId]);
    expect(cursor.phase).toBe(after < 24 ? 'users' : 'references');
    await loop.entra.app
      .get(DataSource)
      .query(`UPDATE entra.sync_jobs SET lease_owner = 'doomed-instance', lease_expires_at = now() - interval '1 second' WHERE id = $1`, [
        loop.jobId,
      ]);
    await loop.cycle();
    const requests = await loop.takeRequests();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
    const users = await loop.targetUsers();
    expect(users).toHaveLength(PEOPLE);
    const byName = new Map(users.map((u: any) => [u.userName, u]));
    const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const upnOf = async (id: string) => (await loop.entra.graph('GET', `/users/${id}?$select=userPrincipalName`)).body.userPrincipalName;
    for (let i = 0; i + 1 < PEOPLE; i++) {
      const report: any = byName.get(await upnOf(people[i]));
      const manager: any = byName.get(await upnOf(people[i + 1]));
      expect(report[ENTERPRISE]?.manager?.value ?? report[ENTERPRISE]?.manager).toBe(manager.id);
    }
    expect((await loop.job()).status.lastExecution.state).toBe('Succeeded');
    const left: { n: string }[] = await loop.entra.app
      .get(DataSource)
      .query(`SELECT count(*)::text AS n FROM entra.sync_pending_references WHERE job_id = $1`, [loop.jobId]);
    expect(left[0].n).toBe('0');
  });
});
