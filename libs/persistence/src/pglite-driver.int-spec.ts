import { DataSource, QueryFailedError } from 'typeorm';
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

  // What node-postgres answers against PostgreSQL (pg-types' defaults, prepareValue's parameters): the same SQL must
  // answer the same JS values on both databases.
  const AT = new Date('2026-12-05T10:00:00.123Z');
  it.each<[string, string, unknown[], unknown]>([
    ['int8 as a string', 'SELECT 9007199254740993::int8 AS v', [], '9007199254740993'],
    ['int4 as a number', 'SELECT 2::int4 AS v', [], 2],
    ['numeric as a string', 'SELECT 1.50::numeric AS v', [], '1.50'],
    ['jsonb parsed', `SELECT '{"a":[1,"x"]}'::jsonb AS v`, [], { a: [1, 'x'] }],
    ['text[] parsed', `SELECT ARRAY['x','y,z']::text[] AS v`, [], ['x', 'y,z']],
    ['timestamptz as a Date', `SELECT '2026-12-05T10:00:00.123Z'::timestamptz AS v`, [], AT],
    ['NULL', 'SELECT NULL::text AS v', [], null],
    ['an object parameter as JSON', 'SELECT $1::jsonb AS v', [{ a: 1, b: [true] }], { a: 1, b: [true] }],
    ['an array parameter as an array literal', 'SELECT $1::text[] AS v', [['a', 'b"c', null]], ['a', 'b"c', null]],
    ['a Date parameter', 'SELECT $1::timestamptz AS v', [AT], AT],
    ['a boolean parameter', 'SELECT $1::boolean AS v', [false], false],
    ['a Buffer parameter as bytea', 'SELECT $1::bytea AS v', [Buffer.from([0, 255, 7])], Buffer.from([0, 255, 7])],
    ['a null parameter', 'SELECT $1::int AS v', [null], null],
    ['a bigint parameter', 'SELECT $1::int8 AS v', [12345678901234567n], '12345678901234567'],
  ])('answers %s as node-postgres does', async (_what, sql, params, expected) => {
    expect(await ds.query(sql, params)).toEqual([{ v: expected }]);
  });

  it('answers UPDATE … RETURNING as [rows, count] and runs several statements without parameters, answering the last', async () => {
    await ds.query(`CREATE TABLE u (k int PRIMARY KEY, n int)`);
    await ds.query(`INSERT INTO u VALUES (1, 0), (2, 0), (3, 0)`);
    expect(await ds.query(`UPDATE u SET n = n + 1 WHERE k >= $1 RETURNING k`, [2])).toEqual([[{ k: 2 }, { k: 3 }], 2]);
    expect(await ds.query(`UPDATE u SET n = 5 WHERE k = 1; SELECT k, n FROM u ORDER BY k`)).toEqual([
      { k: 1, n: 5 },
      { k: 2, n: 1 },
      { k: 3, n: 1 },
    ]);
  });

  it("fails a statement with PostgreSQL's error (code, constraint) and the next statement runs normally", async () => {
    await ds.query(`INSERT INTO t VALUES ($1)`, ['unique']);
    const duplicate = await ds.query(`INSERT INTO t VALUES ($1)`, ['unique']).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(QueryFailedError);
    expect((duplicate as QueryFailedError & { driverError: { code: string; constraint: string } }).driverError).toMatchObject({
      code: '23505',
      constraint: 't_pkey',
    });
    const syntax = await ds.query(`SELEC $1`, [1]).catch((e: unknown) => e);
    expect((syntax as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('42601');
    const nul = await ds.query(`SELECT $1::text AS v`, ['a\u0000b']).catch((e: unknown) => e);
    expect((nul as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22021');
    // Outside a transaction, so not left in an aborted one: the connection answers at once.
    expect(await ds.query(`SELECT count(*)::int AS n FROM t WHERE v = $1`, ['unique'])).toEqual([{ n: 1 }]);
  });
});
