/**
 * The embedded database's cost per statement: PGlite's own `query()` (one call into the database per protocol
 * message, the parameters' types described first) against `runStatement` (libs/persistence/src/pglite-driver.ts:
 * Parse, Bind, Describe, Execute and Sync in one call, what the TypeORM driver now does), alternately in this
 * process on one in-memory instance, after a warm-up each. The statements are the small ones that make up most of
 * a provisioning cycle and of the tenant's writes: a primary-key read of a row with a JSON column, a one-row
 * UPDATE, an INSERT, and a statement without parameters (START TRANSACTION / COMMIT go that way).
 *
 * Usage: npm run bench:pglite
 * Env: BENCH_STATEMENTS (5000 per kind and round), BENCH_ROUNDS (3).
 */
import { PGlite } from '@electric-sql/pglite';
import { blankCluster, runStatement } from '@app/persistence';
import { fmt } from '../support';

const N = Number(process.env.BENCH_STATEMENTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Kind = { name: string; sql: string; params: (i: number) => unknown[] };
const KINDS: Kind[] = [
  { name: 'SELECT by primary key (jsonb column)', sql: 'SELECT id, name, data, at FROM t WHERE id = $1', params: (i) => [(i % 1000) + 1] },
  { name: 'UPDATE one row', sql: 'UPDATE t SET name = $2, at = $3 WHERE id = $1', params: (i) => [(i % 1000) + 1, `n${i}`, new Date()] },
  { name: 'INSERT one row (jsonb)', sql: 'INSERT INTO log (data) VALUES ($1)', params: (i) => [JSON.stringify({ i })] },
  { name: 'no parameters (SELECT 1)', sql: 'SELECT 1', params: () => [] },
];

async function perStatementUs(run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await run(i);
  const started = performance.now();
  for (let i = 0; i < N; i++) await run(i);
  return ((performance.now() - started) / N) * 1000;
}

async function main(): Promise<void> {
  const db = await PGlite.create({ loadDataDir: await blankCluster() });
  await db.exec(`CREATE TABLE t (id int PRIMARY KEY, name text, data jsonb, at timestamptz);
    INSERT INTO t SELECT g, 'n' || g, jsonb_build_object('a', g, 'tags', jsonb_build_array('x', 'y')), now() FROM generate_series(1, 1000) g;
    CREATE TABLE log (seq bigserial PRIMARY KEY, data jsonb);`);
  const lines: string[] = [];
  for (const kind of KINDS) {
    const own: number[] = [];
    const ours: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      own.push(await perStatementUs((i) => (kind.params(i).length ? db.query(kind.sql, kind.params(i)) : db.exec(kind.sql))));
      ours.push(await perStatementUs((i) => runStatement(db, kind.sql, kind.params(i))));
    }
    const a = Math.min(...own);
    const b = Math.min(...ours);
    lines.push(`  ${kind.name.padEnd(40)} ${fmt(a, 0).padStart(5)} µs → ${fmt(b, 0).padStart(5)} µs   ${fmt(a / b, 2)}× faster`);
  }
  await db.close();
  console.log(`\nbench/persistence/statements — PGlite query() → runStatement, best of ${ROUNDS} rounds of ${fmt(N)} statements each\n`);
  console.log(lines.join('\n'));
}

void main();
