import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, type AppDataSourceSpec } from './data-source-options';

export interface TestDatabase {
  /** Settings to hand to an app: a fresh PostgreSQL database, or PGlite in memory. */
  databaseUrl?: string;
  dataDir: string;
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file. With `DATABASE_URL` set (CI: the PostgreSQL on 127.0.0.1:5432),
 * a new database is created on that server and dropped afterwards, so test files never see each other's rows.
 * Without it, PGlite runs in memory.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return { dataDir: 'memory', kind: 'pglite', drop: async () => undefined };
  }
  const name = `provsim_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir: 'memory',
    kind: 'postgres',
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh test database (createTestDatabase) opened for one app, its migrations run; `close` destroys and drops it. */
export interface TestDataSource {
  ds: DataSource;
  close(): Promise<void>;
}

export async function openTestDataSource(spec: AppDataSourceSpec): Promise<TestDataSource> {
  const db = await createTestDatabase();
  const ds = await new DataSource(buildDataSourceOptions({ databaseUrl: db.databaseUrl, dataDir: db.dataDir }, spec)).initialize();
  return {
    ds,
    close: async () => {
      await ds.destroy();
      await db.drop();
    },
  };
}
