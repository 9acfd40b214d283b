/**
 * Hand-written SQL against TypeORM entities, for one representative list query of the tenant (docs/adr/0004): every
 * live user of a seeded directory, 999 per page in id order (keyset), as `GET /v1.0/users?$top=999` pages them.
 * Both ways run in the same process, on the same connection pool and the same rows, alternately, after a warm-up:
 *   sql     DataSource.query(SELECT <every column> … WHERE deleted_date_time IS NULL AND id > $1 ORDER BY id LIMIT 999)
 *   entity  Repository.find({ where: { deletedDateTime: IsNull(), id: MoreThan(after) }, order: { id: 'ASC' }, take: 999 })
 * The entity is an EntitySchema of entra.users built from the table's own columns, so both read the same data.
 *
 * Usage: npx ts-node --transpile-only -r tsconfig-paths/register bench/persistence/run.ts
 * Env: BENCH_DATABASE_URL (server URL; default postgres://postgres@127.0.0.1:5432/postgres), BENCH_USERS (20000),
 *      BENCH_ROUNDS (5).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { DataSource, EntitySchema, IsNull, MoreThan, type EntitySchemaColumnOptions } from 'typeorm';
import { createLogger } from '@app/platform';
import { loadEntraConfig, startEntra } from '../../apps/entra/src/bootstrap';
import { SeedService } from '../../apps/entra/src/seed';
import { fmt, timed, withClient } from '../support';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PAGE = 999;

const TYPES: Record<string, EntitySchemaColumnOptions['type']> = {
  uuid: 'uuid',
  text: 'text',
  'character varying': 'varchar',
  varchar: 'varchar',
  boolean: 'boolean',
  bigint: 'bigint',
  integer: 'int',
  jsonb: 'jsonb',
  'timestamp with time zone': 'timestamptz',
};

/** An EntitySchema of entra.users with every column the table has (property = column name). */
async function userEntity(url: string): Promise<{ schema: EntitySchema; columns: string[] }> {
  const rows = await withClient(
    url,
    async (c) =>
      (
        await c.query<{ column_name: string; data_type: string; udt_name: string }>(
          `SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_schema = 'entra' AND table_name = 'users' ORDER BY ordinal_position`,
        )
      ).rows,
  );
  const columns: Record<string, EntitySchemaColumnOptions> = {};
  for (const r of rows) {
    const array = r.data_type === 'ARRAY';
    const type = TYPES[array ? r.udt_name.replace(/^_/, '') : r.data_type];
    if (!type) throw new Error(`no TypeORM type for ${r.column_name} (${r.data_type})`);
    columns[r.column_name] = {
      type,
      name: r.column_name,
      primary: r.column_name === 'id',
      nullable: true,
      ...(array ? { array: true } : {}),
    };
  }
  columns.deletedDateTime = { ...columns.deleted_date_time, name: 'deleted_date_time' };
  delete columns.deleted_date_time;
  return {
    schema: new EntitySchema({ name: 'BenchUser', tableName: 'users', schema: 'entra', columns }),
    columns: rows.map((r) => r.column_name),
  };
}

async function main(): Promise<void> {
  const dbName = `provsim_bench_${randomBytes(4).toString('hex')}`;
  await withClient(SERVER_URL, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const url = dbUrl.toString();
  const config = loadEntraConfig({
    DATABASE_URL: url,
    ENTRA_PORT: '0',
    LOG_LEVEL: 'warn',
    PROVSIM_DATA_DIR: 'memory',
    ENTRA_DEMO_TENANT: 'false',
    SYNC_TICK_MS: '0',
  });
  const entra = await startEntra(config, createLogger('bench', 'warn'));
  let ds: DataSource | undefined;
  try {
    await entra.app.get(SeedService).seed({ users: USERS, groups: 0, seed: 'bench' });
    await withClient(url, (c) => c.query('ANALYZE entra.users'));
    const { schema, columns } = await userEntity(url);
    ds = await new DataSource({ type: 'postgres', url, entities: [schema], poolSize: 1, synchronize: false }).initialize();
    const repo = ds.getRepository<Record<string, unknown>>(schema);
    const select = columns.map((c) => `"${c}"`).join(', ');

    const bySql = async (): Promise<number> => {
      let after = '00000000-0000-0000-0000-000000000000';
      let n = 0;
      for (;;) {
        const rows: { id: string }[] = await ds!.query(
          `SELECT ${select} FROM entra.users WHERE deleted_date_time IS NULL AND id > $1 ORDER BY id LIMIT ${PAGE}`,
          [after],
        );
        n += rows.length;
        if (rows.length < PAGE) return n;
        after = rows[rows.length - 1].id;
      }
    };
    const byEntity = async (): Promise<number> => {
      let after = '00000000-0000-0000-0000-000000000000';
      let n = 0;
      for (;;) {
        const rows = await repo.find({ where: { deletedDateTime: IsNull(), id: MoreThan(after) }, order: { id: 'ASC' }, take: PAGE });
        n += rows.length;
        if (rows.length < PAGE) return n;
        after = rows[rows.length - 1].id as string;
      }
    };

    const expected = await bySql();
    if ((await byEntity()) !== expected) throw new Error('the two ways read different row counts');
    const sqlMs: number[] = [];
    const entityMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      sqlMs.push((await timed(bySql)).ms);
      entityMs.push((await timed(byEntity)).ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const pages = Math.ceil(expected / PAGE);
    const sql = median(sqlMs);
    const entity = median(entityMs);
    console.log(
      `list ${fmt(expected)} users, ${pages} pages of ${PAGE}, median of ${ROUNDS} rounds, PostgreSQL (${SERVER_URL.replace(/\/\/[^@]*@/, '//')})`,
    );
    console.log(`  hand-written SQL   ${fmt(sql, 1)} ms  (${fmt(sql / pages, 2)} ms/page, ${fmt((expected / sql) * 1000)} rows/s)`);
    console.log(
      `  TypeORM entity     ${fmt(entity, 1)} ms  (${fmt(entity / pages, 2)} ms/page, ${fmt((expected / entity) * 1000)} rows/s)`,
    );
    console.log(`  entity / SQL       ${fmt(entity / sql, 2)}×`);
  } finally {
    await ds?.destroy();
    await entra.close();
    await withClient(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
