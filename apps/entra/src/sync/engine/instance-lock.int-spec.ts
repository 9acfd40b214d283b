/**
 * How engine instances sharing a database split due jobs and take over the jobs of an instance that died, against a
 * real database (PGlite by default; PostgreSQL with DATABASE_URL, where the connection-bound liveness lock exists).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openTestDataSource, runsOneTransactionAtATime, type TestDataSource } from '@app/persistence';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../../database';
import { insertTestApp, insertTestJob } from '../../../test/engine-fixtures';
import { CycleJobRepository } from './cycle-job-repository';
import { InstanceLock, newEngineOwner } from './instance-lock';

/** openTestDataSource opens PostgreSQL when DATABASE_URL is set (CI's npm test), else the embedded database (test:int). */
const onServer = Boolean(process.env.DATABASE_URL);
const itOnServer = onServer ? it : it.skip;
const itEmbedded = onServer ? it.skip : it;

const NOW = new Date('2026-02-01T08:00:00Z');
const LATER = new Date(NOW.getTime() + 40 * 60_000);

describe('engine instances sharing a database', () => {
  let db: TestDataSource;
  let ds: DataSource;
  let jobIds: string[];

  beforeAll(async () => {
    db = await openTestDataSource({ name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS });
    ds = db.ds;
    const spId = await insertTestApp(ds.manager, 'kintone', 'Kintone', NOW);
    jobIds = [];
    for (let i = 0; i < 6; i++) {
      const id = `kintone.${i}.${randomUUID()}`;
      await insertTestJob(ds.manager, spId, 'kintone', id, NOW);
      jobIds.push(id);
    }
  });
  afterAll(() => db.close());

  beforeEach(async () => {
    await ds.query(
      `UPDATE entra.sync_jobs SET schedule_state = 'Active', next_run_at = $1, cycle_cursor = NULL,
              lease_owner = NULL, lease_expires_at = NULL, lease_lock = NULL`,
      [NOW],
    );
  });

  /** What a completed cycle does to its job: due again only at the next interval. */
  const complete = (repo: CycleJobRepository, id: string) =>
    ds.query(`UPDATE entra.sync_jobs SET next_run_at = $2 WHERE id = $1`, [id, LATER]).then(() => repo.releaseLease(id));

  it('two instances claiming in turn take every due job exactly once, and a completed job is not due for the other', async () => {
    const a = new CycleJobRepository(ds, 'instance-a', 60_000);
    const b = new CycleJobRepository(ds, 'instance-b', 60_000);
    const ranBy = new Map<string, string[]>();
    const skip = { a: [] as string[], b: [] as string[] };
    for (;;) {
      const [ida, idb] = await Promise.all([a.claimDue(NOW, skip.a), b.claimDue(NOW, skip.b)]);
      if (!ida && !idb) break;
      for (const [who, id, repo] of [
        ['a', ida, a],
        ['b', idb, b],
      ] as const) {
        if (!id) continue;
        skip[who].push(id);
        ranBy.set(id, [...(ranBy.get(id) ?? []), who]);
        await complete(repo, id);
      }
    }
    expect([...ranBy.keys()].sort()).toEqual([...jobIds].sort());
    expect([...ranBy.values()].every((runs) => runs.length === 1)).toBe(true);
    expect(skip.a.length).toBeGreaterThan(0);
    expect(skip.b.length).toBeGreaterThan(0);
  });

  it('a job leased by a live instance is not claimed until its lease expires; the skip list leaves a job out', async () => {
    const a = new CycleJobRepository(ds, 'instance-a', 60_000);
    const b = new CycleJobRepository(ds, 'instance-b', 60_000);
    await ds.query(`UPDATE entra.sync_jobs SET next_run_at = $2 WHERE id <> $1`, [jobIds[0], LATER]);
    expect(await a.claimDue(NOW, [])).toBe(jobIds[0]);
    expect(await b.claimDue(NOW, [])).toBeNull();
    await ds.query(`UPDATE entra.sync_jobs SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE id = $1`, [jobIds[0]]);
    expect(await b.claimDue(NOW, [jobIds[0]])).toBeNull();
    expect(await b.claimDue(NOW, [])).toBe(jobIds[0]);
    // An interrupted cycle (its cursor kept) resumes while its job is not scheduled; a disabled one does not.
    await b.releaseLease(jobIds[0]);
    await ds.query(`UPDATE entra.sync_jobs SET schedule_state = 'Paused', next_run_at = NULL, cycle_cursor = '{}' WHERE id = $1`, [
      jobIds[0],
    ]);
    expect(await a.claimDue(NOW, [])).toBe(jobIds[0]);
    await a.releaseLease(jobIds[0]);
    await ds.query(`UPDATE entra.sync_jobs SET schedule_state = 'Disabled' WHERE id = $1`, [jobIds[0]]);
    expect(await a.claimDue(NOW, [])).toBeNull();
  });

  itOnServer('PostgreSQL: the job of an instance whose session ended is taken over at once, long before its lease expires', async () => {
    expect(runsOneTransactionAtATime(ds.options)).toBe(false);
    const lockA = await InstanceLock.hold(ds, 'instance-a');
    const lockB = await InstanceLock.hold(ds, 'instance-b');
    try {
      expect(lockA.key).not.toBeNull();
      expect(lockA.key).not.toBe(lockB.key);
      const a = new CycleJobRepository(ds, 'instance-a', 3_600_000, () => lockA.key);
      const b = new CycleJobRepository(ds, 'instance-b', 3_600_000, () => lockB.key);
      await ds.query(`UPDATE entra.sync_jobs SET next_run_at = $2 WHERE id <> $1`, [jobIds[0], LATER]);
      expect(await a.claimDue(NOW, [])).toBe(jobIds[0]);
      const [row] = await ds.query(`SELECT lease_owner, lease_lock FROM entra.sync_jobs WHERE id = $1`, [jobIds[0]]);
      expect(row).toEqual({ lease_owner: 'instance-a', lease_lock: lockA.key });
      // Instance A lives (its lock is held): its hour-long lease stands.
      expect(await b.claimDue(NOW, [])).toBeNull();
      expect(await b.acquireLease(jobIds[0])).toBe(false);
      // A dies as kill -9 leaves it: the server ends its session (here: terminated), and with it the lock.
      await ds.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::oid AND objid = $2::oid AND granted`,
        [0x70726f76, lockA.key],
      );
      let claimed: string | null = null;
      for (let i = 0; i < 50 && !claimed; i++) {
        claimed = await b.claimDue(NOW, []);
        if (!claimed) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(claimed).toBe(jobIds[0]);
      // Instance A, were it only hung, finds the job gone when it next renews.
      expect(await a.acquireLease(jobIds[0])).toBe(false);
      await b.releaseLease(jobIds[0]);
    } finally {
      await lockA.release();
      await lockB.release();
    }
  });

  itEmbedded(
    'embedded database: an engine starting clears the leases other processes left, and keeps those of its own process',
    async () => {
      expect(runsOneTransactionAtATime(ds.options)).toBe(true);
      const sibling = newEngineOwner(); // another engine of this process (two apps in one process share the database)
      await ds.query(
        `UPDATE entra.sync_jobs SET lease_owner = 'gone-host:4242:deadbeef:0000', lease_expires_at = now() + interval '1 hour' WHERE id = $1`,
        [jobIds[0]],
      );
      await ds.query(`UPDATE entra.sync_jobs SET lease_owner = $2, lease_expires_at = now() + interval '1 hour' WHERE id = $1`, [
        jobIds[1],
        sibling,
      ]);
      const lock = await InstanceLock.hold(ds, newEngineOwner());
      expect(lock.key).toBeNull();
      const rows: { id: string; lease_owner: string | null }[] = await ds.query(
        `SELECT id, lease_owner FROM entra.sync_jobs WHERE id = ANY($1::text[]) ORDER BY id`,
        [[jobIds[0], jobIds[1]]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, r.lease_owner]))).toEqual({ [jobIds[0]]: null, [jobIds[1]]: sibling });
    },
  );
});
