import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@app/persistence';
import type { CycleCursor, JobRow } from './cycle-types';

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
  ) {}

  /** Takes (or renews) the job's lease; false when another live instance holds it. Lease times are wall-clock. */
  async acquireLease(jobId: string): Promise<boolean> {
    const at = performance.now();
    const rows: unknown[] = await this.db.query(
      `UPDATE entra.sync_jobs SET lease_owner = $2, lease_expires_at = clock_timestamp() + ($3::int * interval '1 millisecond')
        WHERE id = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_expires_at < clock_timestamp()) RETURNING id`,
      [jobId, this.owner, this.leaseMs],
    );
    const taken = returnedRows(rows).length > 0;
    if (taken) this.renewed.set(jobId, at);
    else this.renewed.delete(jobId);
    return taken;
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
    await this.db.query(`UPDATE entra.sync_jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = $1 AND lease_owner = $2`, [
      jobId,
      this.owner,
    ]);
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
