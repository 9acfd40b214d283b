/**
 * What the append-only log tables (provisioning logs, directory audits: an `activity_date_time` and a text `id`) share:
 * keyset pages in time order and the batched retention purge.
 */
import type { DataSource } from 'typeorm';
import { NextDue, type Clock } from '@app/platform';

/**
 * Page size of a log list without $top, and the largest $top: Graph documents neither for provisioning logs or
 * directory audits (reference open question 11), so both lists use Graph's usual 100 and accept up to 1,000.
 */
export const LOG_PAGE_SIZE = { default: 100, max: 1000 } as const;

/** Rows per DELETE, so a large purge never holds one long statement. */
export const RETENTION_DELETE_BATCH = 10_000;

/** The activityDateTime of the oldest row of a log table (null when there is none). */
export async function oldestActivity(db: DataSource, table: string): Promise<Date | null> {
  const rows: { t: Date | null }[] = await db.query(`SELECT min(activity_date_time) AS t FROM ${table}`);
  return rows[0].t === null ? null : new Date(rows[0].t);
}

/** Deletes up to `limit` rows of a log table older than `cutoff` (oldest first); answers how many. */
export async function deleteOlderThan(db: DataSource, table: string, cutoff: Date, limit: number): Promise<number> {
  const rows: { n: string }[] = await db.query(
    `WITH doomed AS (
       SELECT id FROM ${table} WHERE activity_date_time < $1 ORDER BY activity_date_time, id LIMIT $2
     ), deleted AS (
       DELETE FROM ${table} l USING doomed WHERE l.id = doomed.id RETURNING 1
     )
     SELECT count(*)::text AS n FROM deleted`,
    [cutoff.toISOString(), limit],
  );
  return Number(rows[0].n);
}

/**
 * The retention of an append-only log table with an `activity_date_time` column and a text `id` (provisioning logs,
 * directory audits): rows older than `retentionMs` of simulated time are deleted oldest first, in batches. `next`
 * tells when anything can be due, so a purge run on every clock advance costs nothing until then (a soak advances
 * the clock a thousand times a run, and the DELETE costs more as the log grows even when it finds nothing).
 */
export class BatchedRetention {
  readonly next: NextDue;
  private active?: Promise<number>;
  private queued?: Promise<number>;

  constructor(
    private readonly db: DataSource,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly retentionMs: number,
  ) {
    this.next = new NextDue(retentionMs);
  }

  /** Rows with activityDateTime before this instant are due. */
  cutoff(now: Date = this.clock.now()): Date {
    return new Date(now.getTime() - this.retentionMs);
  }

  /**
   * Purges what is due now and answers how many rows were deleted. A call made while a purge runs waits for it and
   * then purges once more with a fresh cutoff (the clock may have moved); such calls share that second run.
   */
  purgeDue(): Promise<number> {
    if (!this.active) {
      this.active = this.purge().finally(() => (this.active = undefined));
      return this.active;
    }
    this.queued ??= this.active
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        return this.purgeDue();
      });
    return this.queued;
  }

  oldest(): Promise<Date | null> {
    return oldestActivity(this.db, this.table);
  }

  deleteOlderThan(cutoff: Date, limit: number): Promise<number> {
    return deleteOlderThan(this.db, this.table, cutoff, limit);
  }

  private async purge(): Promise<number> {
    const now = this.clock.now();
    const cutoff = this.cutoff(now);
    let total = 0;
    for (;;) {
      const deleted = await this.deleteOlderThan(cutoff, RETENTION_DELETE_BATCH);
      total += deleted;
      if (deleted < RETENTION_DELETE_BATCH) break;
    }
    this.next.settle(await this.oldest(), now);
    return total;
  }
}

/** What a keyset page of a log table asks for: a filter, an order, a size and the position it starts after. */
export interface LogPageRequest {
  filter?: { sql: string; params: unknown[] };
  direction: 'asc' | 'desc';
  top: number;
  /** [activity_date_time as text, id] of the previous page's last row. */
  after?: [string, string];
}

/**
 * The WHERE, ORDER BY and LIMIT of a page of a log table in activityDateTime order, the id breaking ties (the
 * (activity_date_time DESC, id DESC) index, read backwards for asc); one row more than `top` tells whether more follow.
 */
export function logPageSql(request: LogPageRequest): { where: string; order: string; params: unknown[] } {
  const params: unknown[] = [...(request.filter?.params ?? [])];
  const where: string[] = request.filter ? [request.filter.sql] : [];
  const desc = request.direction === 'desc';
  if (request.after) {
    params.push(request.after[0], request.after[1]);
    where.push(`(activity_date_time, id) ${desc ? '<' : '>'} ($${params.length - 1}::timestamptz, $${params.length}::text)`);
  }
  params.push(request.top + 1);
  const dir = desc ? 'DESC' : 'ASC';
  return {
    where: where.length ? `WHERE ${where.join(' AND ')}` : '',
    order: `ORDER BY activity_date_time ${dir}, id ${dir} LIMIT $${params.length}`,
    params,
  };
}
