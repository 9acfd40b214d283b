import { DataSource } from 'typeorm';
import { pgliteDriver } from './pglite-driver';

/** The embedded driver must isolate concurrent transactions even though PGlite is a single connection. */
describe('pgliteDriver (embedded PostgreSQL)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', driver: pgliteDriver(undefined), synchronize: false } as never);
    await ds.initialize();
    await ds.query('CREATE TABLE t (v text PRIMARY KEY)');
  });
  afterAll(() => ds.destroy());

  it('a rolled-back transaction neither shows its rows to nor takes with it a concurrent write', async () => {
    let markInside!: () => void;
    const inside = new Promise<void>((r) => (markInside = r));
    const tx = ds
      .transaction(async (manager) => {
        await manager.query(`INSERT INTO t VALUES ('doomed')`);
        markInside();
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('rollback');
      })
      .catch(() => 'rolled back');
    await inside;
    // Issued while the transaction is open: waits for it instead of running inside it.
    const concurrent = ds.query(`INSERT INTO t VALUES ('kept')`);
    const seen = ds.query(`SELECT v FROM t ORDER BY v`);
    expect(await tx).toBe('rolled back');
    await concurrent;
    expect(await seen).toEqual([{ v: 'kept' }]);
  });

  it('reports affected rows and booleans like node-postgres', async () => {
    await ds.query(`CREATE TABLE b (x boolean)`);
    await ds.query(`INSERT INTO b VALUES ($1), ($2)`, [true, false]);
    expect(await ds.query(`SELECT x FROM b ORDER BY x`)).toEqual([{ x: false }, { x: true }]);
    const result = await ds.createQueryBuilder().update('b').set({ x: true }).execute();
    expect(result.affected).toBe(2);
  });
});
