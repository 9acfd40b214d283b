import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { pgliteDriver } from './pglite-driver';

export interface DatabaseSettings {
  /** PostgreSQL connection URL. When absent, the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data directory, or 'memory' for a throw-away in-memory database (tests). */
  dataDir: string;
}

export interface AppDataSourceSpec {
  /** Short application name, also used for the migrations table (`<name>_migrations`). */
  name: string;
  /** Entities, listed explicitly (no globs: they break under bundlers and hide what an app owns). */
  entities: MixedList<Function | string | EntitySchema>;
  /** Migrations, listed explicitly, in order. They run at boot. */
  migrations: Function[];
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
}

export function usesEmbeddedDatabase(settings: DatabaseSettings): boolean {
  return !settings.databaseUrl;
}

/**
 * One set of options for both back ends: PostgreSQL when a URL is given, otherwise PGlite (real Postgres compiled
 * to WASM, in process). Same SQL dialect, same migrations. `synchronize` is never on: migrations own the schema.
 */
export function buildDataSourceOptions(settings: DatabaseSettings, spec: AppDataSourceSpec): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: spec.entities,
    migrations: spec.migrations,
    migrationsTableName: `${spec.name.replace(/-/g, '_')}_migrations`,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
  };
  if (settings.databaseUrl) {
    return {
      ...common,
      url: settings.databaseUrl,
      applicationName: `provsim-${spec.name}`,
      poolSize: spec.poolSize ?? 10,
    };
  }
  let dataDir: string | undefined;
  if (settings.dataDir !== 'memory') {
    dataDir = resolve(settings.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
  }
  return {
    ...common,
    driver: pgliteDriver(dataDir),
  } as DataSourceOptions;
}
