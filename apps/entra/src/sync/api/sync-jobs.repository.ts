import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { returnedRows } from '@app/persistence';
import type { SynchronizationSchema } from '@app/provisioning-core';
import { isGuid } from '../../users/users.repository';
import type { SecretPair } from './secrets';
import { SYNC_JOB_COLUMNS, type StoredSyncStatus, type SyncJobRow } from './sync-job.model';

/** Graph `synchronization/jobs/{id}/objectConnections('{objectId}')` (beta). */
export interface ObjectConnection {
  objectId: string;
  sourceAnchor: string;
  targetAnchor: string;
  displayName: string | null;
  objectTypeName: string;
}

/** What POST …/restart changes on the job row (see SyncJobsService.restart). */
export interface RestartWrite {
  status: StoredSyncStatus;
  statusCode: string;
  scheduleState: string;
  /** The interval an Active job gets when it was not Active before. */
  interval: string;
  /** Clear the watermark and bump reset_generation (a full cycle next). */
  resets: boolean;
  forceDeletes: boolean;
  at: Date;
}

/**
 * SQL of the synchronization API: entra.sync_jobs as the API sees it, entra.sync_secrets, and what restart and
 * object connections touch of the engine's tables. Every method takes the transaction (or manager) it runs in.
 */
@Injectable()
export class SyncJobsRepository {
  /** A job of a service principal (row locked when `forUpdate`). */
  async job(db: EntityManager, servicePrincipalId: string, jobId: string, forUpdate = false): Promise<SyncJobRow | undefined> {
    if (!isGuid(servicePrincipalId)) return undefined;
    const rows: SyncJobRow[] = await db.query(
      `SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE id = $1 AND service_principal_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [jobId, servicePrincipalId],
    );
    return rows[0];
  }

  async jobById(db: EntityManager, jobId: string): Promise<SyncJobRow | undefined> {
    const rows: SyncJobRow[] = await db.query(`SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE id = $1`, [jobId]);
    return rows[0];
  }

  /** The service principal's jobs, oldest first. */
  jobsOf(db: EntityManager, servicePrincipalId: string): Promise<SyncJobRow[]> {
    if (!isGuid(servicePrincipalId)) return Promise.resolve([]);
    return db.query(`SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE service_principal_id = $1 ORDER BY created_at, id`, [
      servicePrincipalId,
    ]);
  }

  /** The service principal's jobs, by id, rows locked. */
  jobsOfForUpdate(db: EntityManager, servicePrincipalId: string): Promise<SyncJobRow[]> {
    return db.query(`SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE service_principal_id = $1 ORDER BY id FOR UPDATE`, [
      servicePrincipalId,
    ]);
  }

  async insertJob(
    db: EntityManager,
    job: { id: string; servicePrincipalId: string; templateId: string; settings: unknown; interval: string; statusCode: string },
    at: Date,
  ): Promise<void> {
    await db.query(
      `INSERT INTO entra.sync_jobs (id, service_principal_id, template_id, schema, settings, schedule_state, schedule_interval, status_code, status, created_at, updated_at)
       VALUES ($1, $2, $3, NULL, $4, 'Disabled', $5, $6, '{}', $7, $7)`,
      [job.id, job.servicePrincipalId, job.templateId, JSON.stringify(job.settings), job.interval, job.statusCode, at],
    );
  }

  /** The job and all its state (links, escrows, staged deletes cascade); false when there was none. */
  async deleteJob(db: EntityManager, servicePrincipalId: string, jobId: string): Promise<boolean> {
    const deleted: unknown[] = await db.query(`DELETE FROM entra.sync_jobs WHERE id = $1 AND service_principal_id = $2 RETURNING id`, [
      jobId,
      servicePrincipalId,
    ]);
    return returnedRows(deleted).length > 0;
  }

  async start(
    db: EntityManager,
    jobId: string,
    write: { interval: string; status: StoredSyncStatus; statusCode: string; runNow: boolean; at: Date },
  ): Promise<void> {
    await db.query(
      `UPDATE entra.sync_jobs SET schedule_state = 'Active', schedule_interval = $2, pause_requested = false, status = $3, status_code = $4,
         next_run_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE next_run_at END, updated_at = $6 WHERE id = $1`,
      [jobId, write.interval, JSON.stringify(write.status), write.statusCode, write.runNow, write.at],
    );
  }

  async pause(db: EntityManager, jobId: string, at: Date): Promise<void> {
    await db.query(
      `UPDATE entra.sync_jobs SET schedule_state = 'Paused', pause_requested = true, status_code = 'Paused', updated_at = $2 WHERE id = $1`,
      [jobId, at],
    );
  }

  async clearEscrows(db: EntityManager, jobId: string): Promise<void> {
    await db.query(`DELETE FROM entra.sync_escrows WHERE job_id = $1`, [jobId]);
  }

  /** Empties the job's connector data store: its links and the deletions staged against them. */
  async clearConnectorDataStore(db: EntityManager, jobId: string): Promise<void> {
    await db.query(`DELETE FROM entra.sync_staged_deletes WHERE job_id = $1`, [jobId]);
    await db.query(`DELETE FROM entra.sync_links WHERE job_id = $1`, [jobId]);
  }

  async restart(db: EntityManager, jobId: string, write: RestartWrite): Promise<void> {
    await db.query(
      `UPDATE entra.sync_jobs SET
         status = $2, status_code = $3, schedule_state = $4,
         schedule_interval = CASE WHEN $4 = 'Active' AND schedule_state <> 'Active' THEN $5 ELSE schedule_interval END,
         pause_requested = CASE WHEN $4 = 'Active' THEN false ELSE pause_requested END,
         watermark = CASE WHEN $6::boolean THEN NULL ELSE watermark END,
         reset_generation = reset_generation + CASE WHEN $6::boolean THEN 1 ELSE 0 END,
         force_deletes = force_deletes OR $7::boolean,
         next_run_at = CASE WHEN $4 = 'Active' THEN $8::timestamptz ELSE next_run_at END,
         updated_at = $8
       WHERE id = $1`,
      [
        jobId,
        JSON.stringify(write.status),
        write.statusCode,
        write.scheduleState,
        write.interval,
        write.resets,
        write.forceDeletes,
        write.at,
      ],
    );
  }

  /** A new schema (null: the template's) voids the watermark and any running cycle; an Active job runs now. */
  async setSchema(db: EntityManager, jobId: string, schema: SynchronizationSchema | null, at: Date): Promise<void> {
    await db.query(
      `UPDATE entra.sync_jobs SET schema = $2, watermark = NULL, reset_generation = reset_generation + 1,
         next_run_at = CASE WHEN schedule_state = 'Active' THEN $3::timestamptz ELSE next_run_at END, updated_at = $3
       WHERE id = $1`,
      [jobId, schema === null ? null : JSON.stringify(schema), at],
    );
  }

  async setSettings(db: EntityManager, jobId: string, settings: unknown, statusCode: string, at: Date): Promise<void> {
    await db.query(`UPDATE entra.sync_jobs SET settings = $2, status_code = $3, updated_at = $4 WHERE id = $1`, [
      jobId,
      JSON.stringify(settings),
      statusCode,
      at,
    ]);
  }

  /** Unmasked stored secrets (the service principal's row is locked when `lock`, so concurrent PUTs serialise). */
  async secrets(db: EntityManager, servicePrincipalId: string, lock = false): Promise<SecretPair[]> {
    if (!isGuid(servicePrincipalId)) return [];
    if (lock) await db.query(`SELECT 1 FROM entra.service_principals WHERE id = $1 FOR UPDATE`, [servicePrincipalId]);
    const rows: { secrets: SecretPair[] }[] = await db.query(`SELECT secrets FROM entra.sync_secrets WHERE service_principal_id = $1`, [
      servicePrincipalId,
    ]);
    return Array.isArray(rows[0]?.secrets) ? rows[0].secrets : [];
  }

  async saveSecrets(db: EntityManager, servicePrincipalId: string, secrets: readonly SecretPair[], at: Date): Promise<void> {
    await db.query(
      `INSERT INTO entra.sync_secrets (service_principal_id, secrets, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (service_principal_id) DO UPDATE SET secrets = EXCLUDED.secrets, updated_at = EXCLUDED.updated_at`,
      [servicePrincipalId, JSON.stringify(secrets), at],
    );
  }

  async objectConnection(db: EntityManager, jobId: string, objectId: string): Promise<ObjectConnection | undefined> {
    if (!isGuid(objectId)) return undefined;
    const rows: ObjectConnection[] = await db.query(
      `SELECT l.source_id::text AS "objectId", l.source_id::text AS "sourceAnchor", l.target_id AS "targetAnchor",
              COALESCE(u.display_name, g.display_name) AS "displayName", l.object_type AS "objectTypeName"
         FROM entra.sync_links l
         LEFT JOIN entra.users u ON l.object_type = 'User' AND u.id = l.source_id
         LEFT JOIN entra.groups g ON l.object_type = 'Group' AND g.id = l.source_id
        WHERE l.job_id = $1 AND l.source_id = $2`,
      [jobId, objectId],
    );
    return rows[0];
  }

  async deleteLink(db: EntityManager, jobId: string, objectId: string): Promise<void> {
    await db.query(`DELETE FROM entra.sync_links WHERE job_id = $1 AND source_id = $2`, [jobId, objectId]);
  }
}
