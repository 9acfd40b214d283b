import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@app/persistence';
import type { CycleCursor, JobRow } from './cycle-types';
import { LEASE_HOLDER_GONE } from './instance-lock';

/** The job row as a cycle ends it (see CycleRunner.finish and cycleStatus). */
export interface FinishedJob {
  status: Record<string, unknown>;
  statusCode: string;
  scheduleState: string;
  nextRunAt: Date | null;
  /** Move the watermark to `highWater` (the cycle completed and was not voided). */
  advanceWatermark: boolean;
  highWater: string;
  /** The cycle consumed a ForceDeletes restart. */
  clearForceDeletes: boolean;
  /** Keep the durable cursor (an internal failure resumes from it); else the cycle is over. */
  keepCursor: boolean;
  at: Date;
}

/** A lease this instance may take: none, its own, expired, or held by an instance that is gone. */
const LEASE_IS_FREE = `lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at < clock_timestamp() OR ${LEASE_HOLDER_GONE}`;

/**
 * The cycle's side of `entra.sync_jobs`: the wall-clock lease, the job row, the durable cursor and the end of a cycle.
 * Every write of a cycle's progress is guarded by `reset_generation`: a restart or schema change since the cycle began
 * voids it.
 */
export class CycleJobRepository {
  /** When (performance.now()) this instance last took or renewed each job's lease. */
  private readonly renewed = new Map<string, number>();

  constructor(
    private readonly db: DataSource,
    private readonly owner: string,
    private readonly leaseMs: number,
    /** The key of this instance's liveness lock (instance-lock.ts), stored with each lease it takes; null: none. */
    private readonly lockKey: () => number | null = () => null,
  ) {}

  /** Takes (or renews) the job's lease; false when another live instance holds it. Lease times are wall-clock. */
  async acquireLease(jobId: string): Promise<boolean> {
    const at = performance.now();
    const rows: unknown[] = await this.db.query(
      `UPDATE entra.sync_jobs SET lease_owner = $2, lease_lock = $4, lease_expires_at = clock_timestamp() + ($3::int * interval '1 millisecond')
        WHERE id = $1 AND (${LEASE_IS_FREE}) RETURNING id`,
      [jobId, this.owner, this.leaseMs, this.lockKey()],
    );
    const taken = returnedRows(rows).length > 0;
    if (taken) this.renewed.set(jobId, at);
    else this.renewed.delete(jobId);
    return taken;
  }

  /**
   * Takes the lease of the next job due at `now` that no live instance holds, leaving out `skip` (the jobs this pass
   * already ran), and answers its id; null when none is left. Finding and leasing are one statement and a row another
   * instance is leasing at that moment is passed over (SKIP LOCKED), so instances sharing the database split the due
   * jobs between them, and a job one of them has just completed is no longer due for the others: each due job runs
   * once per due time.
   */
  async claimDue(now: Date, skip: readonly string[]): Promise<string | null> {
    const at = performance.now();
    const rows: unknown[] = await this.db.query(
      `UPDATE entra.sync_jobs SET lease_owner = $2, lease_lock = $4, lease_expires_at = clock_timestamp() + ($3::int * interval '1 millisecond')
        WHERE id = (SELECT id FROM entra.sync_jobs
                     WHERE ((schedule_state = 'Active' AND next_run_at <= $1)
                            OR (cycle_cursor IS NOT NULL AND schedule_state <> 'Disabled' AND (next_run_at IS NULL OR next_run_at <= $1)))
                       AND (${LEASE_IS_FREE}) AND id <> ALL($5::text[])
                     ORDER BY next_run_at NULLS FIRST, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, this.owner, this.leaseMs, this.lockKey(), skip],
    );
    const [row] = returnedRows<{ id: string }>(rows);
    if (row) this.renewed.set(row.id, at);
    return row?.id ?? null;
  }

  /**
   * Between the steps of a cycle: renews the lease once half of it has passed since this instance last took it, and
   * answers true without a query before (no other instance can take a lease that has not expired, so a step never
   * needs more than the half left).
   */
  async renewLease(jobId: string): Promise<boolean> {
    const at = this.renewed.get(jobId);
    if (at !== undefined && performance.now() - at < this.leaseMs / 2) return true;
    return this.acquireLease(jobId);
  }

  async releaseLease(jobId: string): Promise<void> {
    this.renewed.delete(jobId);
    await this.db.query(
      `UPDATE entra.sync_jobs SET lease_owner = NULL, lease_expires_at = NULL, lease_lock = NULL WHERE id = $1 AND lease_owner = $2`,
      [jobId, this.owner],
    );
  }

  async load(manager: EntityManager, jobId: string, forUpdate = false): Promise<JobRow | null> {
    const rows: JobRow[] = await manager.query(
      `SELECT id, service_principal_id, template_id, schedule_state, status_code, watermark::text AS watermark, next_run_at, pause_requested,
              cycle_cursor, status, reset_generation, force_deletes
         FROM entra.sync_jobs WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [jobId],
    );
    return rows[0] ?? null;
  }

  /** Saves the cursor (with a status code, and for incremental pages the watermark) unless the cycle was voided. */
  async saveCursor(
    manager: EntityManager,
    jobId: string,
    cursor: CycleCursor,
    statusCode: string | null,
    at: Date,
    watermark?: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE entra.sync_jobs SET cycle_cursor = $2, status_code = COALESCE($3, status_code),
         watermark = COALESCE($4::bigint, watermark), updated_at = $5 WHERE id = $1 AND reset_generation = $6`,
      [jobId, JSON.stringify(cursor), statusCode, watermark ?? null, at, cursor.generation],
    );
  }

  /** Replaces only the `inFlight` part of the stored cursor of this cycle (see in-flight-exports.ts). */
  async saveInFlight(jobId: string, cursor: CycleCursor): Promise<void> {
    await this.db.query(
      `UPDATE entra.sync_jobs SET cycle_cursor = CASE WHEN $2::jsonb IS NULL THEN cycle_cursor - 'inFlight' ELSE jsonb_set(cycle_cursor, '{inFlight}', $2::jsonb) END
        WHERE id = $1 AND reset_generation = $3 AND cycle_cursor ->> 'cycleId' = $4`,
      [jobId, cursor.inFlight ? JSON.stringify(cursor.inFlight) : null, cursor.generation, cursor.cycleId],
    );
  }

  /** Writes the end of a cycle: status, schedule, watermark and cursor. */
  async finish(manager: EntityManager, jobId: string, job: FinishedJob): Promise<void> {
    await manager.query(
      `UPDATE entra.sync_jobs SET status = $2, status_code = $3, schedule_state = $4, next_run_at = $5, pause_requested = false,
         force_deletes = force_deletes AND NOT $9, cycle_cursor = CASE WHEN $10 THEN cycle_cursor ELSE NULL END,
         watermark = CASE WHEN $6 THEN $7::bigint ELSE watermark END, updated_at = $8 WHERE id = $1`,
      [
        jobId,
        JSON.stringify(job.status),
        job.statusCode,
        job.scheduleState,
        job.nextRunAt,
        job.advanceWatermark,
        job.highWater,
        job.at,
        job.clearForceDeletes,
        job.keepCursor,
      ],
    );
  }
}
