/**
 * Provisioning-log write throughput: BENCH_LOG_ROWS (100,000) provisioningObjectSummary entries written by
 * ProvisioningLogWriter into entra.provisioning_logs (all its indexes), against a same-process baseline: a plain
 * INSERT of one int column via unnest, same row count, same chunk size, same database.
 *
 * On PostgreSQL when DATABASE_URL is set (a scratch database is created on that server and dropped afterwards),
 * else on the embedded PGlite database in memory.
 *
 * Usage: npm run bench:logs
 * Env: DATABASE_URL, BENCH_LOG_ROWS (100000), BENCH_LOG_BATCH (1000: rows per writeBatch call in the "engine-like" run).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { fmt, timed } from '../support';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/persistence';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../../apps/entra/src/database';
import { LOG_INSERT_CHUNK, ProvisioningLogWriter } from '../../apps/entra/src/sync/logs';
import { sampleLogEntries as entries } from './entries';

const ROWS = Number(process.env.BENCH_LOG_ROWS ?? 100_000);
const BATCH = Number(process.env.BENCH_LOG_BATCH ?? 1_000);
const SERVER_URL = process.env.DATABASE_URL;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (SERVER_URL) {
    dbName = `provsim_bench_logs_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const db = new DataSource(
    buildDataSourceOptions(
      { databaseUrl, dataDir: 'memory' },
      { name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS, poolSize: 4 },
    ),
  );
  await db.initialize();
  try {
    const version: string = (await db.query('SHOW server_version'))[0].server_version;
    const writer = new ProvisioningLogWriter(db);
    const rows: [string, string, string][] = [];

    const built = await timed(async () => entries(ROWS, Date.UTC(2024, 0, 1)));
    const list = built.value;
    const bytes = list.reduce((n, e) => n + JSON.stringify(e).length, 0) / list.length;
    rows.push([
      `build ${fmt(ROWS)} entries (buildProvisioningObjectSummary)`,
      `${fmt(built.ms, 0)} ms`,
      `${fmt(ROWS / (built.ms / 1000))} entries/s; ${fmt(bytes)} bytes of JSON each`,
    ]);

    // Baseline: one int column, unnest, same chunking, its own transaction.
    await db.query('CREATE TABLE entra.bench_baseline (n integer NOT NULL)');
    const ints = Array.from({ length: ROWS }, (_, i) => i);
    await db.query('INSERT INTO entra.bench_baseline (n) SELECT * FROM unnest($1::int[])', [ints.slice(0, 1000)]); // warm-up
    const base = await timed(() =>
      db.transaction(async (tx) => {
        for (let i = 0; i < ROWS; i += LOG_INSERT_CHUNK)
          await tx.query('INSERT INTO entra.bench_baseline (n) SELECT * FROM unnest($1::int[])', [ints.slice(i, i + LOG_INSERT_CHUNK)]);
      }),
    );
    const baseRate = ROWS / (base.ms / 1000);
    rows.push([
      `baseline: INSERT ${fmt(ROWS)} ints via unnest (${fmt(LOG_INSERT_CHUNK)}/statement, one transaction)`,
      `${fmt(base.ms, 0)} ms`,
      `${fmt(baseRate)} rows/s`,
    ]);

    // Reference: only the documents, into (id, summary jsonb) with no other column or index, by the same kind of statement.
    await db.query('CREATE TABLE entra.bench_documents (id text PRIMARY KEY, summary jsonb NOT NULL)');
    const docs = await timed(() =>
      db.transaction(async (tx) => {
        for (let i = 0; i < ROWS; i += LOG_INSERT_CHUNK) {
          const chunk = list.slice(i, i + LOG_INSERT_CHUNK);
          await tx.query(
            'INSERT INTO entra.bench_documents SELECT id, summary::jsonb FROM (SELECT unnest($1::text[]) AS id, unnest(string_to_array($2::text, chr(1))) AS summary) t',
            [chunk.map((e) => e.id), chunk.map((e) => JSON.stringify(e)).join('\u0001')],
          );
        }
      }),
    );
    const docsRate = ROWS / (docs.ms / 1000);
    rows.push([
      `reference: the ${fmt(ROWS)} documents alone into (id, summary jsonb), no other column or index`,
      `${fmt(docs.ms, 0)} ms`,
      `${fmt(docsRate)} rows/s`,
    ]);

    await writer.writeBatch(entries(1000, Date.UTC(2023, 0, 1))); // warm-up
    const half = Math.floor(ROWS / 2);
    const whole = await timed(() => writer.writeBatch(list.slice(0, half)));
    const wholeRate = half / (whole.ms / 1000);
    rows.push([
      `writeBatch(${fmt(half)} entries) — one call, one transaction`,
      `${fmt(whole.ms, 0)} ms`,
      `${fmt(wholeRate)} rows/s (${fmt(wholeRate / baseRate, 3)}× baseline, ${fmt(wholeRate / docsRate, 2)}× documents alone)`,
    ]);

    const rest = list.slice(half);
    const paged = await timed(async () => {
      for (let i = 0; i < rest.length; i += BATCH) await db.transaction((tx) => writer.writeBatch(rest.slice(i, i + BATCH), tx));
    });
    const pagedRate = rest.length / (paged.ms / 1000);
    rows.push([
      `writeBatch × ${fmt(Math.ceil(rest.length / BATCH))} (${fmt(BATCH)} entries each, own transaction, as the engine pages)`,
      `${fmt(paged.ms, 0)} ms`,
      `${fmt(pagedRate)} rows/s (${fmt(pagedRate / baseRate, 3)}× baseline, ${fmt(pagedRate / docsRate, 2)}× documents alone)`,
    ]);

    const total = Number((await db.query('SELECT count(*)::text AS n FROM entra.provisioning_logs'))[0].n);
    if (total !== ROWS + 1000) throw new Error(`expected ${ROWS + 1000} rows, found ${total}`);
    const overall = ROWS / ((whole.ms + paged.ms) / 1000);

    process.stdout.write(
      `\nprovsim provisioning-log writer — ${SERVER_URL ? `PostgreSQL ${version}` : `PGlite (PostgreSQL ${version}, in memory)`}, node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n\n`,
    );
    process.stdout.write('| measurement | time | figure |\n|---|---|---|\n');
    for (const [what, time, figure] of rows) process.stdout.write(`| ${what} | ${time} | ${figure} |\n`);
    process.stdout.write(`\n${fmt(ROWS)} entries written at ${fmt(overall)} rows/s overall (target: well over 10,000 rows/s).\n`);
  } finally {
    await db.destroy();
    if (dbName) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
