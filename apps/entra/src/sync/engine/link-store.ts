import { returnedRows } from '@app/persistence';
import { EntityManager } from 'typeorm';
import type { PlannedDeletions } from '@app/provisioning-core';

/** A row of the connector data store: which target object a source object is linked to. */
export interface Link {
  sourceId: string;
  objectType: 'User' | 'Group';
  targetId: string;
  managed: boolean;
  memberTargetIds: string[] | null;
}

export interface EscrowEntry {
  sourceId: string;
  objectType: 'User' | 'Group';
  retryCount: number;
  firstFailedAt: Date;
  nextRetryAt: Date;
}

export interface EscrowWrite {
  sourceId: string;
  objectType: 'User' | 'Group';
  at: Date;
  nextRetryAt: Date;
  error: Record<string, unknown>;
}

/** An object whose references named objects not in the target yet (see the pending-references migration). */
export interface PendingReferenceRow {
  sourceId: string;
  objectType: 'User' | 'Group';
  referencedIds: string[];
}

/** A `sync_links` row as the driver returns it. */
interface LinkRow {
  source_id: string;
  object_type: 'User' | 'Group';
  target_id: string;
  managed: boolean;
  member_target_ids: string[] | null;
}

const linkOfRow = (r: LinkRow): Link => ({
  sourceId: r.source_id,
  objectType: r.object_type,
  targetId: r.target_id,
  managed: r.managed,
  memberTargetIds: r.member_target_ids,
});

/** A `sync_escrows` row as the driver returns it. */
interface EscrowRow {
  source_id: string;
  object_type: 'User' | 'Group';
  retry_count: number;
  first_failed_at: Date;
  next_retry_at: Date;
}

const escrowOfRow = (r: EscrowRow): EscrowEntry => ({
  sourceId: r.source_id,
  objectType: r.object_type,
  retryCount: r.retry_count,
  firstFailedAt: r.first_failed_at,
  nextRetryAt: r.next_retry_at,
});

/** Rows keyed by their source object's id, each made into what the store answers. */
function bySourceId<R extends { source_id: string }, T>(rows: readonly R[], entry: (row: R) => T): Map<string, T> {
  return new Map(rows.map((row) => [row.source_id, entry(row)]));
}

/** The job's connector data store, escrows and staged deletes (queries only here). */
export class LinkStore {
  constructor(private readonly db: EntityManager) {}

  async linksOf(jobId: string, sourceIds: readonly string[]): Promise<Map<string, Link>> {
    return this.bySource('sync_links', 'object_type, target_id, managed, member_target_ids', jobId, sourceIds, linkOfRow);
  }

  /** The job's rows of `table` (a constant of this file) for these source objects, by source id. */
  private async bySource<R extends { source_id: string }, T>(
    table: 'sync_links' | 'sync_escrows',
    columns: string,
    jobId: string,
    sourceIds: readonly string[],
    map: (row: R) => T,
  ): Promise<Map<string, T>> {
    if (sourceIds.length === 0) return new Map();
    const rows: R[] = await this.db.query(
      `SELECT source_id, ${columns} FROM entra.${table} WHERE job_id = $1 AND source_id = ANY($2::uuid[])`,
      [jobId, sourceIds],
    );
    return bySourceId(rows, map);
  }

  /** Target ids of linked, managed objects among `sourceIds` (to resolve manager and member references). */
  async targetIdsOf(jobId: string, sourceIds: readonly string[]): Promise<Map<string, string>> {
    if (sourceIds.length === 0) return new Map();
    const rows: { source_id: string; target_id: string }[] = await this.db.query(
      `SELECT source_id, target_id FROM entra.sync_links WHERE job_id = $1 AND managed AND source_id = ANY($2::uuid[])`,
      [jobId, sourceIds],
    );
    return new Map(rows.map((r) => [r.source_id, r.target_id]));
  }

  /** Saves links; answers how many of them are new (objects entering the connector data store), by object type. */
  async upsertLinks(jobId: string, links: readonly Link[], at: Date): Promise<Partial<Record<'User' | 'Group', number>>> {
    if (links.length === 0) return {};
    const rows: unknown[] = await this.db.query(
      `INSERT INTO entra.sync_links (job_id, source_id, object_type, target_id, managed, member_target_ids, updated_at)
       SELECT $1, s, t, tid, m, CASE WHEN mt IS NULL THEN NULL ELSE ARRAY(SELECT json_array_elements_text(mt)) END, $7
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::json[]) AS x(s, t, tid, m, mt)
       ON CONFLICT (job_id, source_id) DO UPDATE SET target_id = EXCLUDED.target_id, managed = EXCLUDED.managed,
         member_target_ids = EXCLUDED.member_target_ids, updated_at = EXCLUDED.updated_at
       RETURNING object_type, (xmax = 0) AS inserted`,
      [
        jobId,
        links.map((l) => l.sourceId),
        links.map((l) => l.objectType),
        links.map((l) => l.targetId),
        links.map((l) => l.managed),
        links.map((l) => (l.memberTargetIds ? JSON.stringify(l.memberTargetIds) : null)),
        at,
      ],
    );
    const added: Partial<Record<'User' | 'Group', number>> = {};
    for (const row of returnedRows<{ object_type: 'User' | 'Group'; inserted: boolean }>(rows)) {
      if (row.inserted) added[row.object_type] = (added[row.object_type] ?? 0) + 1;
    }
    return added;
  }

  async removeLinks(jobId: string, sourceIds: readonly string[]): Promise<void> {
    if (sourceIds.length === 0) return;
    await this.db.query(`DELETE FROM entra.sync_links WHERE job_id = $1 AND source_id = ANY($2::uuid[])`, [jobId, sourceIds]);
  }

  async countLinks(jobId: string): Promise<{ key: string; value: number }[]> {
    const rows: { object_type: string; n: string }[] = await this.db.query(
      `SELECT object_type, count(*)::text AS n FROM entra.sync_links WHERE job_id = $1 GROUP BY object_type ORDER BY object_type`,
      [jobId],
    );
    return rows.map((r) => ({ key: r.object_type, value: Number(r.n) }));
  }

  async escrowsOf(jobId: string, sourceIds: readonly string[]): Promise<Map<string, EscrowEntry>> {
    return this.bySource('sync_escrows', 'object_type, retry_count, first_failed_at, next_retry_at', jobId, sourceIds, escrowOfRow);
  }

  /** Escrowed objects due for a retry. */
  async dueEscrows(jobId: string, now: Date, limit: number): Promise<{ sourceId: string; objectType: 'User' | 'Group' }[]> {
    const rows: { source_id: string; object_type: 'User' | 'Group' }[] = await this.db.query(
      `SELECT source_id, object_type FROM entra.sync_escrows WHERE job_id = $1 AND next_retry_at <= $2 ORDER BY next_retry_at, source_id LIMIT $3`,
      [jobId, now, limit],
    );
    return rows.map((r) => ({ sourceId: r.source_id, objectType: r.object_type }));
  }

  async countEscrows(jobId: string): Promise<number> {
    const rows: { n: string }[] = await this.db.query(`SELECT count(*)::text AS n FROM entra.sync_escrows WHERE job_id = $1`, [jobId]);
    return Number(rows[0].n);
  }

  /** Drops every escrow of the job (an initial cycle that tripped the escrow thresholds prunes them). */
  async clearAllEscrows(jobId: string): Promise<void> {
    await this.db.query(`DELETE FROM entra.sync_escrows WHERE job_id = $1`, [jobId]);
  }

  async upsertEscrows(jobId: string, entries: readonly EscrowWrite[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO entra.sync_escrows (job_id, source_id, object_type, retry_count, first_failed_at, last_failed_at, next_retry_at, error)
       SELECT $1, s, t, 1, at, at, nr, e FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[]) AS x(s, t, at, nr, e)
       ON CONFLICT (job_id, source_id) DO UPDATE SET retry_count = entra.sync_escrows.retry_count + 1, last_failed_at = EXCLUDED.last_failed_at,
         next_retry_at = EXCLUDED.next_retry_at, error = EXCLUDED.error`,
      [
        jobId,
        entries.map((e) => e.sourceId),
        entries.map((e) => e.objectType),
        entries.map((e) => e.at),
        entries.map((e) => e.nextRetryAt),
        entries.map((e) => JSON.stringify(e.error)),
      ],
    );
  }

  async clearEscrows(jobId: string, sourceIds: readonly string[]): Promise<void> {
    if (sourceIds.length === 0) return;
    await this.db.query(`DELETE FROM entra.sync_escrows WHERE job_id = $1 AND source_id = ANY($2::uuid[])`, [jobId, sourceIds]);
  }

  /** Disables/deletes set aside for the cycle's deletion check (re-staging refreshes staged_at). */
  async stageDeletes(
    jobId: string,
    rows: readonly { sourceId: string; objectType: 'User' | 'Group'; action: string }[],
    at: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO entra.sync_staged_deletes (job_id, source_id, object_type, action, staged_at)
       SELECT $1, s, t, a, $5 FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(s, t, a)
       ON CONFLICT (job_id, source_id) DO UPDATE SET object_type = EXCLUDED.object_type, action = EXCLUDED.action, staged_at = EXCLUDED.staged_at`,
      [jobId, rows.map((r) => r.sourceId), rows.map((r) => r.objectType), rows.map((r) => r.action), at],
    );
  }

  /** The staged disables and deletes of the job by object type, as the delete-threshold policy counts them. */
  async countStagedDeletes(jobId: string): Promise<PlannedDeletions> {
    const rows: { object_type: 'User' | 'Group'; action: string; n: string }[] = await this.db.query(
      `SELECT object_type, action, count(*)::text AS n FROM entra.sync_staged_deletes WHERE job_id = $1 GROUP BY 1, 2`,
      [jobId],
    );
    const counts: PlannedDeletions = {};
    for (const r of rows) {
      const key =
        `${r.object_type === 'User' ? 'user' : 'group'}${r.action === 'delete' ? 'Deletes' : 'Disables'}` as keyof PlannedDeletions;
      counts[key] = (counts[key] ?? 0) + Number(r.n);
    }
    return counts;
  }

  /** A keyset page of staged deletes; `since` keeps only those staged at or after it. */
  async stagedDeletes(
    jobId: string,
    afterId: string,
    limit: number,
    since: Date | null,
  ): Promise<{ sourceId: string; objectType: 'User' | 'Group' }[]> {
    const rows: { source_id: string; object_type: 'User' | 'Group' }[] = await this.db.query(
      `SELECT source_id, object_type FROM entra.sync_staged_deletes
        WHERE job_id = $1 AND source_id > $2::uuid AND ($4::timestamptz IS NULL OR staged_at >= $4)
        ORDER BY source_id LIMIT $3`,
      [jobId, afterId, limit, since],
    );
    return rows.map((r) => ({ sourceId: r.source_id, objectType: r.object_type }));
  }

  async removeStagedDeletes(jobId: string, sourceIds: readonly string[]): Promise<void> {
    if (sourceIds.length === 0) return;
    await this.db.query(`DELETE FROM entra.sync_staged_deletes WHERE job_id = $1 AND source_id = ANY($2::uuid[])`, [jobId, sourceIds]);
  }

  async clearStagedDeletes(jobId: string): Promise<void> {
    await this.db.query(`DELETE FROM entra.sync_staged_deletes WHERE job_id = $1`, [jobId]);
  }

  /**
   * Replaces the pending references of `sourceIds` (the objects a page processed) with `rows`: an object whose
   * references all resolved leaves the table.
   */
  async replacePendingReferences(jobId: string, sourceIds: readonly string[], rows: readonly PendingReferenceRow[]): Promise<void> {
    if (sourceIds.length > 0)
      await this.db.query(`DELETE FROM entra.sync_pending_references WHERE job_id = $1 AND source_id = ANY($2::uuid[])`, [
        jobId,
        sourceIds,
      ]);
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO entra.sync_pending_references (job_id, source_id, object_type, referenced_ids)
       SELECT $1, s, t, ARRAY(SELECT json_array_elements_text(r)::uuid) FROM unnest($2::uuid[], $3::text[], $4::json[]) AS x(s, t, r)
       ON CONFLICT (job_id, source_id) DO UPDATE SET object_type = EXCLUDED.object_type, referenced_ids = EXCLUDED.referenced_ids`,
      [jobId, rows.map((r) => r.sourceId), rows.map((r) => r.objectType), rows.map((r) => JSON.stringify(r.referencedIds))],
    );
  }

  /** A keyset page of pending references, by source id. */
  async pendingReferences(jobId: string, afterId: string, limit: number): Promise<PendingReferenceRow[]> {
    const rows: { source_id: string; object_type: 'User' | 'Group'; referenced_ids: string[] }[] = await this.db.query(
      `SELECT source_id, object_type, referenced_ids FROM entra.sync_pending_references
        WHERE job_id = $1 AND source_id > $2::uuid ORDER BY source_id LIMIT $3`,
      [jobId, afterId, limit],
    );
    return rows.map((r) => ({ sourceId: r.source_id, objectType: r.object_type, referencedIds: r.referenced_ids }));
  }

  async clearPendingReferences(jobId: string): Promise<void> {
    await this.db.query(`DELETE FROM entra.sync_pending_references WHERE job_id = $1`, [jobId]);
  }
}
