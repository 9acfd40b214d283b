import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { types as pgTypes } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { serialize } from 'pg-protocol';

/**
 * A TypeORM "postgres" driver module backed by PGlite, with the one property the PGlite connection does not have
 * on its own: isolation. PGlite is a single connection; TypeORM believes it has a pool. Without care, a query of
 * one request runs inside another request's open transaction (and dies with its ROLLBACK). Here every pool
 * client holds an exclusive lock on its PGlite instance from `connect` to `release`, so each TypeORM query runner
 * — a single statement or a whole transaction — runs alone. Instances are shared per data directory (both apps of
 * `apps/stack` use one database) and closed when their last pool ends.
 *
 * Rule that follows: inside a transaction, use that transaction's manager; a second query runner would wait for
 * the lock the transaction holds (a wait longer than LOCK_TIMEOUT_MS fails loudly instead of hanging).
 */
const LOCK_TIMEOUT_MS = 30_000;

class AsyncLock {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  acquire(): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.locked = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          const next = this.waiters.shift();
          if (next) next();
          else this.locked = false;
        });
      };
      if (!this.locked) return grant();
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`PGlite lock not granted within ${LOCK_TIMEOUT_MS} ms (a query outside a running transaction?)`));
      }, LOCK_TIMEOUT_MS);
      timer.unref();
      const waiter = () => {
        clearTimeout(timer);
        grant();
      };
      this.waiters.push(waiter);
    });
  }
}

interface SharedInstance {
  db: Promise<PGlite>;
  lock: AsyncLock;
  pools: number;
}

const instances = new Map<string, SharedInstance>();

/** The PGlite release in use: a blank cluster made by one release is only loaded by the same release. */
function pgliteVersion(): string {
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    } catch {
      // not this folder
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

let blank: Promise<Blob> | undefined;

/**
 * A freshly initialised, empty cluster as a tarball, to start in-memory instances from (tests, throw-away
 * databases): PGlite's initdb is most of an instance's start-up (about 2.4 s against 0.9 s from the tarball on
 * this machine; `npm run bench:startup`). The tarball holds no data, only what initdb writes, so
 * it depends on the PGlite release alone: it is kept in the OS temp folder under that release's version, written
 * to a temporary name and renamed (concurrent test processes never read half a file), and rebuilt when missing
 * or unreadable.
 */
export function blankCluster(): Promise<Blob> {
  blank ??= (async () => {
    const file = join(tmpdir(), `provsim-pglite-${pgliteVersion()}-blank.tar`);
    try {
      const cached = await readFile(file);
      if (cached.length > 0) return new Blob([cached]);
    } catch {
      // not made yet
    }
    const fresh = await PGlite.create();
    try {
      const dump = await fresh.dumpDataDir('none');
      const partial = `${file}.${process.pid}.${Date.now()}`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, file).catch(() => undefined);
      return dump;
    } finally {
      await fresh.close();
    }
  })();
  blank.catch(() => (blank = undefined));
  return blank;
}

async function createInstance(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir) return PGlite.create({ dataDir });
  const db = await createInMemory();
  // Nothing of an in-memory instance outlives the process, so a commit need not wait for its WAL record to be
  // written out: with the wait, a one-statement write cost about twice as much (141 against 68 µs for a one-row
  // UPDATE in a loop of 10,000, measured once when this was set). Consistency is unchanged (PostgreSQL's asynchronous commit never leaves a half-applied
  // transaction); an instance on disk keeps the default, so a crash loses no acknowledged write.
  await db.exec('SET synchronous_commit = off');
  return db;
}

async function createInMemory(): Promise<PGlite> {
  try {
    return await PGlite.create({ loadDataDir: await blankCluster() });
  } catch {
    // No temp folder to keep the tarball in, or a damaged one: forget it and initialise from scratch.
    blank = undefined;
    await rm(join(tmpdir(), `provsim-pglite-${pgliteVersion()}-blank.tar`), { force: true }).catch(() => undefined);
    return PGlite.create();
  }
}

function instanceFor(dataDir: string | undefined): SharedInstance {
  const key = dataDir ?? 'memory://';
  let shared = instances.get(key);
  if (!shared) {
    shared = { db: createInstance(dataDir), lock: new AsyncLock(), pools: 0 };
    instances.set(key, shared);
  }
  return shared;
}

type QueryCallback = (error: Error | null, result?: unknown) => void;

/** A statement's answer in node-postgres's shape (what TypeORM's postgres driver reads). */
export interface QueryResult {
  command: string | null;
  rowCount: number;
  rows: Record<string, unknown>[];
  fields: { name: string; dataTypeID: number }[];
}

/** The backend messages read here, as pg-protocol's parser (PGlite's copy of it) makes them. */
type BackendMessage =
  | { name: 'rowDescription'; fields: { name: string; dataTypeID: number }[] }
  | { name: 'dataRow'; fields: (string | null)[] }
  | { name: 'commandComplete'; text: string }
  | { name: 'emptyQuery' | 'error' | 'parseComplete' | 'bindComplete' | 'readyForQuery' | 'notice' | 'noData' };

/** A result with no rows; a new one each time, since a caller may add to its arrays. */
const emptyResult = (): QueryResult => ({ command: null, rowCount: 0, rows: [], fields: [] });

/**
 * One statement in one call into PGlite: the extended-protocol messages (Parse, Bind, Describe, Execute, Sync) go
 * down together, as node-postgres sends them over a socket, and the answer comes back in one pass. PGlite's own
 * `query()` makes a call per message and describes the statement first to serialise the parameters by their types,
 * up to 3.8 times the overhead of a small statement (`npm run bench:pglite`: a primary-key SELECT 371 against
 * 124 µs, an INSERT 194 against 53 µs, a one-row UPDATE 210 against 135 µs). Parameters are serialised by node-postgres's own `prepareValue` and columns parsed by its type
 * parsers (`pg-types`), so a query answers exactly what it answers on PostgreSQL through `pg`: one set of semantics
 * for both databases. Without parameters the simple protocol runs the text (several statements allowed; the last
 * one's answer is returned, as before).
 */
export async function runStatement(db: PGlite, sql: string, params?: unknown[]): Promise<QueryResult> {
  const message =
    params && params.length > 0
      ? Buffer.concat([
          serialize.parse({ text: sql }),
          serialize.bind({ values: params, valueMapper: prepareValue }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ])
      : serialize.query(sql);
  const messages = await db.execProtocolStream(message, { throwOnError: false });
  let last = emptyResult();
  let current: QueryResult | null = null;
  let parsers: ((value: string) => unknown)[] = [];
  let error: unknown = null;
  for (const m of messages as unknown as BackendMessage[]) {
    switch (m.name) {
      case 'rowDescription': {
        const { fields } = m;
        current = { command: null, rowCount: 0, rows: [], fields: fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) };
        parsers = fields.map((f) => pgTypes.getTypeParser(f.dataTypeID, 'text') as (value: string) => unknown);
        break;
      }
      case 'dataRow': {
        const values = m.fields;
        const row: Record<string, unknown> = {};
        const fields = current!.fields;
        for (let i = 0; i < values.length; i++) row[fields[i].name] = values[i] === null ? null : parsers[i](values[i]!);
        current!.rows.push(row);
        break;
      }
      case 'commandComplete': {
        const words = m.text.split(' ');
        const count = Number(words[words.length - 1]);
        last = {
          ...(current ?? emptyResult()),
          command: words[0],
          rowCount: Number.isInteger(count) ? count : (current?.rows.length ?? 0),
        };
        current = null;
        break;
      }
      case 'emptyQuery':
        last = emptyResult();
        break;
      case 'error':
        error ??= m;
        break;
    }
  }
  if (error) throw error;
  return last;
}

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }
  query(sql: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<unknown> {
    const cb = typeof params === 'function' ? params : callback;
    const values = Array.isArray(params) ? params : undefined;
    const promise = runStatement(this.db, sql, values);
    if (cb)
      promise.then(
        (r) => cb(null, r),
        (e: Error) => cb(e),
      );
    return promise;
  }
}

/** Marks the pool classes of this driver (see runsOneTransactionAtATime). */
const ONE_AT_A_TIME = Symbol('provsim.pglite.oneTransactionAtATime');

function poolClass(dataDir: string | undefined) {
  return class LockingPGlitePool extends EventEmitter {
    static readonly [ONE_AT_A_TIME] = true;
    private readonly shared = instanceFor(dataDir);
    private ended = false;

    constructor() {
      super();
      this.shared.pools++;
    }

    connect(callback: (error: Error | null, client?: PGliteClient, release?: (error?: unknown) => void) => void): void {
      this.shared.lock.acquire().then(
        async (release) => {
          try {
            callback(null, new PGliteClient(await this.shared.db), () => release());
          } catch (error) {
            release();
            callback(error as Error);
          }
        },
        (error: Error) => callback(error),
      );
    }

    async query(sql: string, params?: unknown[]): Promise<unknown> {
      const release = await this.shared.lock.acquire();
      try {
        return await runStatement(await this.shared.db, sql, params);
      } finally {
        release();
      }
    }

    end(callback?: (error?: Error | null) => void): void {
      if (this.ended) return callback?.(null);
      this.ended = true;
      this.shared.pools--;
      if (this.shared.pools > 0) return callback?.(null);
      for (const [key, value] of instances) if (value === this.shared) instances.delete(key);
      this.shared.db
        .then((db) => db.close())
        .then(
          () => callback?.(null),
          (error: Error) => callback?.(error),
        );
    }
  };
}

/** The value for TypeORM's `driver` option: `{ type: 'postgres', driver: pgliteDriver(dir) }`. */
export function pgliteDriver(dataDir: string | undefined): { Pool: ReturnType<typeof poolClass> } {
  return { Pool: poolClass(dataDir) };
}

/**
 * Whether a data source runs on this driver, whose connections take turns (one transaction at a time, see AsyncLock):
 * a lock that only orders concurrent transactions (an advisory lock) has nothing to order there.
 */
export function runsOneTransactionAtATime(options: { driver?: unknown }): boolean {
  const pool = (options.driver as { Pool?: Record<symbol, unknown> } | undefined)?.Pool;
  return pool?.[ONE_AT_A_TIME] === true;
}
