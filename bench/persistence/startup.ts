/**
 * Start-up of a throw-away in-memory embedded database (what every end-to-end test and each `startTestLoop` pays):
 * PGlite initialising a cluster from scratch (initdb) against PGlite loading the blank-cluster tarball that
 * `pgliteDriver` keeps (libs/persistence/src/pglite-driver.ts), alternately in this process after one warm-up each,
 * and the whole in-memory tenant database (the tarball, then the tenant's migrations) as the tests open it.
 *
 * Usage: npm run bench:startup
 * Env: BENCH_ROUNDS (5).
 */
import 'reflect-metadata';
import { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { blankCluster, buildDataSourceOptions } from '@app/persistence';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../../apps/entra/src/database';
import { fmt } from '../support';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function startMs(options: ConstructorParameters<typeof PGlite>[0]): Promise<number> {
  const started = performance.now();
  const db = await PGlite.create(options);
  await db.query('SELECT 1');
  const ms = performance.now() - started;
  await db.close();
  return ms;
}

async function main(): Promise<void> {
  const blank = await blankCluster();
  await startMs({});
  await startMs({ loadDataDir: blank });
  const fresh: number[] = [];
  const loaded: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    fresh.push(await startMs({}));
    loaded.push(await startMs({ loadDataDir: blank }));
  }
  const tenant: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const ds = await new DataSource(
      buildDataSourceOptions({ dataDir: 'memory' }, { name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS }),
    ).initialize();
    tenant.push(performance.now() - started);
    await ds.destroy();
  }
  const rows: [string, string][] = [
    ['PGlite from scratch (initdb)', `${fmt(median(fresh), 0)} ms`],
    ['PGlite from the blank-cluster tarball', `${fmt(median(loaded), 0)} ms (${fmt(median(fresh) / median(loaded), 1)}× faster)`],
    ['tenant database in memory (tarball + migrations)', `${fmt(median(tenant), 0)} ms`],
    ['blank-cluster tarball', `${fmt(blank.size / 1024 / 1024, 1)} MB`],
  ];
  const width = Math.max(...rows.map(([w]) => w.length));
  process.stdout.write(`\nbench/persistence/startup — medians of ${ROUNDS}, alternating, one process\n\n`);
  for (const [what, figure] of rows) process.stdout.write(`  ${what.padEnd(width)}  ${figure}\n`);
  process.stdout.write('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:startup failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
