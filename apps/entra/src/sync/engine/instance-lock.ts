import { randomInt, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource, QueryRunner } from 'typeorm';
import { runsOneTransactionAtATime } from '@app/persistence';

/**
 * First key of the two-key advisory locks engine instances hold ('prov' in ASCII); the second is the instance's own.
 * Below 2^31, so the same number reads back from pg_locks.classid.
 */
export const INSTANCE_LOCK_CLASS = 0x70726f76;

/** Identifies this process among the engines that share a database (the embedded one is only ever opened by one). */
const PROCESS_TAG = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A new engine's lease owner name: unique per engine, and its prefix names the process (see InstanceLock.hold). */
export const newEngineOwner = (): string => `${PROCESS_TAG}:${randomUUID().slice(0, 4)}`;

/**
 * SQL (for `entra.sync_jobs`) that is true when the instance holding the row's lease is known to be gone: the
 * advisory lock it holds for as long as it lives is no longer held by any session. PostgreSQL ends a session whose
 * client died (kill -9 closes the socket), so the lock disappears within moments of the process, and another
 * instance takes the job over without waiting out the lease. pg_locks lists every database's locks: the database
 * is part of the match. A lease without a lock (the embedded database, or an older instance) only expires.
 */
export const LEASE_HOLDER_GONE = `(lease_lock IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND l.classid = ${INSTANCE_LOCK_CLASS}::oid AND l.objid = lease_lock::oid))`;

/**
 * The liveness signal of one engine instance. On PostgreSQL: a session-level advisory lock on a connection of its
 * own, held from start to shutdown; the leases this instance takes carry its key (`lease_lock`). Leases stay the
 * safety net for an instance that hangs without dying: its lock is still held, so only expiry frees its jobs.
 * On the embedded database only one process has the data open, so a lease of any other process is a leftover of a
 * process that is gone: they are cleared when the engine starts.
 */
export class InstanceLock {
  private constructor(
    /** The second key of this instance's advisory lock; null on the embedded database. */
    readonly key: number | null,
    private readonly holder: QueryRunner | null,
  ) {}

  /** Not held yet (or never, on the embedded database): leases are then taken without a lock key. */
  static readonly NONE = new InstanceLock(null, null);

  static async hold(db: DataSource, owner: string): Promise<InstanceLock> {
    if (runsOneTransactionAtATime(db.options)) {
      const processPrefix = owner.slice(0, owner.lastIndexOf(':') + 1);
      await db.query(
        `UPDATE entra.sync_jobs SET lease_owner = NULL, lease_expires_at = NULL, lease_lock = NULL
          WHERE lease_owner IS NOT NULL AND left(lease_owner, length($1)) <> $1`,
        [processPrefix],
      );
      return InstanceLock.NONE;
    }
    const holder = db.createQueryRunner();
    await holder.connect();
    try {
      // Another live instance may have drawn the same key: draw again until the lock is ours.
      for (;;) {
        const key = randomInt(1, 2 ** 31 - 1);
        const [{ locked }]: { locked: boolean }[] = await holder.query(`SELECT pg_try_advisory_lock($1, $2) AS locked`, [
          INSTANCE_LOCK_CLASS,
          key,
        ]);
        if (locked) return new InstanceLock(key, holder);
      }
    } catch (error) {
      await holder.release();
      throw error;
    }
  }

  /** Ends the lock with its connection (on shutdown; a killed process's session ends the same way). */
  async release(): Promise<void> {
    if (!this.holder || this.holder.isReleased) return;
    await this.holder.query(`SELECT pg_advisory_unlock($1, $2)`, [INSTANCE_LOCK_CLASS, this.key]).catch(() => undefined);
    await this.holder.release();
  }
}
