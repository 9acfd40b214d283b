import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@app/persistence';
import { builtInTemplate, type SynchronizationSchema } from '@app/provisioning-core';
import { Clock, CLOCK } from '@app/platform';
import { ServicePrincipalRow, ApplicationsService } from '../../applications/applications.service';
import { TenantSettingsService } from '../../auth/tenant-settings.service';
import { GraphError } from '../../http/graph-error';
import { isGuid } from '../../users/users.repository';
import { newJobId } from './job-id';
import { parseResetScope, ResetScopeError } from './reset-scope';
import { SchemaValidationError, validateSynchronizationSchema } from './schema-validation';
import { isConfigured, maskSecrets, type SecretPair, secretSettings, SecretsError, type SyncSecretSettings, validateSecrets } from './secrets';
import {
  cycleIntervalOf,
  jobSettingsFor,
  NEVER_SCHEDULED_INTERVAL,
  restingStatusCode,
  type StoredSyncStatus,
  SYNC_JOB_COLUMNS,
  type SyncJobRow,
} from './sync-job.model';
import { synchronizationTemplateIdOf, synchronizationTemplatesFor, type SynchronizationTemplate } from './sync-templates';

/** How a route names its service principal: by object id, or by appId (`servicePrincipals(appId='…')`). */
export interface ServicePrincipalRef {
  key: string;
  by: 'id' | 'appId';
}

/** Graph `synchronization/jobs/{id}/objectConnections('{objectId}')` (beta). */
export interface ObjectConnection {
  objectId: string;
  sourceAnchor: string;
  targetAnchor: string;
  displayName: string | null;
  objectTypeName: string;
}

/**
 * Synchronization jobs, their schema and the service principal's secrets: the state behind
 * `/servicePrincipals/{id}/synchronization/…`. Every change of a job runs in a transaction that locks its row.
 */
@Injectable()
export class SyncJobsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly apps: ApplicationsService,
    private readonly tenant: TenantSettingsService,
  ) {}

  // ---- for the engine (and the controllers) ----

  /** The job's stored schema, or its template's default. */
  effectiveSchema(job: Pick<SyncJobRow, 'schema' | 'templateId'>): SynchronizationSchema {
    if (job.schema) return job.schema;
    const template = builtInTemplate(job.templateId);
    if (!template) throw new Error(`synchronization template '${job.templateId}' is unknown`);
    return template;
  }

  /** The service principal's secrets as settings (unmasked: engine use only; never render this). */
  async secretsOf(servicePrincipalId: string, db: EntityManager = this.db.manager): Promise<SyncSecretSettings> {
    return secretSettings(await this.storedSecrets(servicePrincipalId, db));
  }

  /** A job of a service principal; 404 Request_ResourceNotFound when either is unknown. */
  async getJob(servicePrincipalId: string, jobId: string): Promise<SyncJobRow> {
    const rows: SyncJobRow[] = isGuid(servicePrincipalId)
      ? await this.db.query(`SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE id = $1 AND service_principal_id = $2`, [jobId, servicePrincipalId])
      : [];
    if (!rows[0]) throw GraphError.notFound(jobId);
    return rows[0];
  }

  /** A job by id alone, or null. */
  async findJob(jobId: string): Promise<SyncJobRow | null> {
    const rows: SyncJobRow[] = await this.db.query(`SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE id = $1`, [jobId]);
    return rows[0] ?? null;
  }

  /** The service principal's jobs, oldest first. */
  async listJobs(servicePrincipalId: string): Promise<SyncJobRow[]> {
    if (!isGuid(servicePrincipalId)) return [];
    return this.db.query(`SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE service_principal_id = $1 ORDER BY created_at, id`, [servicePrincipalId]);
  }

  // ---- service principals and templates ----

  /** 404 when unknown. */
  servicePrincipal(ref: ServicePrincipalRef): Promise<ServicePrincipalRow> {
    return this.apps.servicePrincipal(ref.key, ref.by);
  }

  templatesOf(sp: ServicePrincipalRow): SynchronizationTemplate[] {
    return synchronizationTemplatesFor(sp);
  }

  // ---- jobs ----

  /** POST …/jobs: a Disabled job on the SP's template (400 for any other template id). */
  async createJob(sp: ServicePrincipalRow, templateId: string, jobSettings: readonly { name: string; value: string }[] = []): Promise<SyncJobRow> {
    const own = synchronizationTemplateIdOf(sp.applicationTemplateId);
    if (own === undefined || own.toLowerCase() !== templateId.trim().toLowerCase()) {
      const offered = own === undefined ? 'This application has no synchronization template.' : `Use '${own}'.`;
      throw GraphError.badRequest(`The templateId '${templateId.slice(0, 128)}' does not match a synchronization template of this application. ${offered}`);
    }
    const id = newJobId(own, this.tenant.get().tenantId);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const settings = await this.secretsOf(sp.id, tx);
      const code = restingStatusCode('Disabled', {}, isConfigured(settings));
      await tx.query(
        `INSERT INTO entra.sync_jobs (id, service_principal_id, template_id, schema, settings, schedule_state, schedule_interval, status_code, status, created_at, updated_at)
         VALUES ($1, $2, $3, NULL, $4, 'Disabled', $5, $6, '{}', $7, $7)`,
        [id, sp.id, own, JSON.stringify(jobSettingsFor(settings.notification.DeleteThresholdValue, jobSettings)), NEVER_SCHEDULED_INTERVAL, code, now],
      );
    });
    return this.getJob(sp.id, id);
  }

  /** DELETE …/jobs/{jobId}: the job and all its state (links, escrows, staged deletes cascade). */
  async deleteJob(spId: string, jobId: string): Promise<void> {
    const deleted: unknown[] = await this.db.query(`DELETE FROM entra.sync_jobs WHERE id = $1 AND service_principal_id = $2 RETURNING id`, [jobId, spId]);
    if (returnedRows(deleted).length === 0) throw GraphError.notFound(jobId);
  }

  /**
   * POST …/start: Active, runs now when it was not running or was quarantined, quarantine lifted, no pending pause.
   * The interval becomes the template's (PT40M for SCIM apps).
   */
  async start(spId: string, jobId: string): Promise<void> {
    await this.mutate(spId, jobId, async (tx, job) => {
      const status: StoredSyncStatus = { ...job.status, quarantine: null };
      const runNow = job.scheduleState !== 'Active' || job.statusCode === 'Quarantine' || job.status.quarantine != null || job.nextRunAt === null;
      const configured = isConfigured(await this.secretsOf(spId, tx));
      await tx.query(
        `UPDATE entra.sync_jobs SET schedule_state = 'Active', schedule_interval = $2, pause_requested = false, status = $3, status_code = $4,
           next_run_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE next_run_at END, updated_at = $6 WHERE id = $1`,
        [jobId, cycleIntervalOf(job.templateId), JSON.stringify(status), restingStatusCode('Active', status, configured), runNow, this.clock.now()],
      );
    });
  }

  /** POST …/pause: Paused; a running cycle completes and schedules nothing further (pause_requested). */
  async pause(spId: string, jobId: string): Promise<void> {
    await this.mutate(spId, jobId, async (tx) => {
      await tx.query(
        `UPDATE entra.sync_jobs SET schedule_state = 'Paused', pause_requested = true, status_code = 'Paused', updated_at = $2 WHERE id = $1`,
        [jobId, this.clock.now()],
      );
    });
  }

  /** POST …/restart with a resetScope (see parseResetScope); an Active job runs now. */
  async restart(spId: string, jobId: string, resetScope: string | null | undefined): Promise<void> {
    let plan;
    try {
      plan = parseResetScope(resetScope);
    } catch (error) {
      if (error instanceof ResetScopeError) throw GraphError.badRequest(error.message);
      throw error;
    }
    await this.mutate(spId, jobId, async (tx, job) => {
      const now = this.clock.now();
      const status: StoredSyncStatus = { ...job.status };
      let scheduleState = job.scheduleState;
      if (plan.start && scheduleState !== 'Active') scheduleState = 'Active';
      if (plan.quarantineState || plan.start) status.quarantine = null;
      if (plan.escrows) {
        await tx.query(`DELETE FROM entra.sync_escrows WHERE job_id = $1`, [jobId]);
        status.escrowsPruned = false;
      }
      if (plan.connectorDataStore) {
        await tx.query(`DELETE FROM entra.sync_staged_deletes WHERE job_id = $1`, [jobId]);
        await tx.query(`DELETE FROM entra.sync_links WHERE job_id = $1`, [jobId]);
        status.synchronizedEntryCountByType = [];
      }
      const configured = isConfigured(await this.secretsOf(spId, tx));
      const liftsStatus = plan.quarantineState || plan.start;
      const statusCode = liftsStatus ? restingStatusCode(scheduleState, status, configured) : job.statusCode;
      const resets = plan.watermark || plan.connectorDataStore;
      await tx.query(
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
        [jobId, JSON.stringify(status), statusCode, scheduleState, cycleIntervalOf(job.templateId), resets, plan.forceDeletes, now],
      );
    });
  }

  // ---- schema ----

  /** PUT …/schema: validated full replace; forces a full re-sync (watermark cleared; an Active job runs now). */
  async putSchema(spId: string, jobId: string, body: unknown): Promise<void> {
    await this.mutate(spId, jobId, async (tx, job) => {
      const template = builtInTemplate(job.templateId);
      let schema: SynchronizationSchema;
      try {
        schema = validateSynchronizationSchema(body, template?.directories ?? []);
      } catch (error) {
        if (error instanceof SchemaValidationError) throw GraphError.badRequest(error.message);
        throw error;
      }
      await this.resetForSchema(tx, jobId, schema);
    });
  }

  /** DELETE …/schema: back to the template's default; forces a full re-sync too. */
  async resetSchema(spId: string, jobId: string): Promise<void> {
    await this.mutate(spId, jobId, (tx) => this.resetForSchema(tx, jobId, null));
  }

  private async resetForSchema(tx: EntityManager, jobId: string, schema: SynchronizationSchema | null): Promise<void> {
    const now = this.clock.now();
    await tx.query(
      `UPDATE entra.sync_jobs SET schema = $2, watermark = NULL, reset_generation = reset_generation + 1,
         next_run_at = CASE WHEN schedule_state = 'Active' THEN $3::timestamptz ELSE next_run_at END, updated_at = $3
       WHERE id = $1`,
      [jobId, schema === null ? null : JSON.stringify(schema), now],
    );
  }

  // ---- secrets ----

  /** The stored set, unmasked (engine and validateCredentials only; never render it). */
  storedSecretsOf(spId: string): Promise<SecretPair[]> {
    return this.storedSecrets(spId);
  }

  /** GET …/secrets: the stored set with credential values masked. */
  async maskedSecrets(spId: string): Promise<SecretPair[]> {
    return maskSecrets(await this.storedSecrets(spId));
  }

  /**
   * PUT …/secrets: replaces the whole set (Graph: PUT resends every pair). Jobs that never ran move between
   * NotConfigured and NotRun with it, and show the deletion threshold in synchronizationJobSettings.
   */
  async putSecrets(spId: string, pairs: readonly unknown[]): Promise<void> {
    try {
      await this.writeSecrets(spId, pairs);
    } catch (error) {
      if (error instanceof GraphError) throw error;
      // Database errors carry the query parameters (the token among them): never let them reach a log.
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'unknown';
      // eslint-disable-next-line preserve-caught-error -- the cause is left out on purpose (it holds the token)
      throw new Error(`saving the synchronization secrets failed (database error ${code})`);
    }
  }

  private async writeSecrets(spId: string, pairs: readonly unknown[]): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const stored = await this.storedSecrets(spId, tx, true);
      let secrets: SecretPair[];
      try {
        secrets = validateSecrets(pairs, stored);
      } catch (error) {
        if (error instanceof SecretsError) throw GraphError.badRequest(error.message);
        throw error;
      }
      await tx.query(
        `INSERT INTO entra.sync_secrets (service_principal_id, secrets, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (service_principal_id) DO UPDATE SET secrets = EXCLUDED.secrets, updated_at = EXCLUDED.updated_at`,
        [spId, JSON.stringify(secrets), now],
      );
      const settings = secretSettings(secrets);
      const jobs: SyncJobRow[] = await tx.query(`SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE service_principal_id = $1 ORDER BY id FOR UPDATE`, [spId]);
      for (const job of jobs) {
        const code =
          job.scheduleState === 'Disabled' && (job.statusCode === 'NotConfigured' || job.statusCode === 'NotRun')
            ? restingStatusCode('Disabled', job.status, isConfigured(settings))
            : job.statusCode;
        await tx.query(`UPDATE entra.sync_jobs SET settings = $2, status_code = $3, updated_at = $4 WHERE id = $1`, [
          job.id,
          JSON.stringify(jobSettingsFor(settings.notification.DeleteThresholdValue, job.settings)),
          code,
          now,
        ]);
      }
    });
  }

  /** Unmasked stored secrets (the SP row is locked when `lock`, so concurrent PUTs serialise). */
  private async storedSecrets(spId: string, db: EntityManager = this.db.manager, lock = false): Promise<SecretPair[]> {
    if (!isGuid(spId)) return [];
    if (lock) await db.query(`SELECT 1 FROM entra.service_principals WHERE id = $1 FOR UPDATE`, [spId]);
    const rows: { secrets: SecretPair[] }[] = await db.query(`SELECT secrets FROM entra.sync_secrets WHERE service_principal_id = $1`, [spId]);
    return Array.isArray(rows[0]?.secrets) ? rows[0].secrets : [];
  }

  // ---- object connections (beta) ----

  async objectConnection(spId: string, jobId: string, objectId: string): Promise<ObjectConnection> {
    await this.getJob(spId, jobId);
    const rows: ObjectConnection[] = isGuid(objectId)
      ? await this.db.query(
          `SELECT l.source_id::text AS "objectId", l.source_id::text AS "sourceAnchor", l.target_id AS "targetAnchor",
                  COALESCE(u.display_name, g.display_name) AS "displayName", l.object_type AS "objectTypeName"
             FROM entra.sync_links l
             LEFT JOIN entra.users u ON l.object_type = 'User' AND u.id = l.source_id
             LEFT JOIN entra.groups g ON l.object_type = 'Group' AND g.id = l.source_id
            WHERE l.job_id = $1 AND l.source_id = $2`,
          [jobId, objectId],
        )
      : [];
    if (!rows[0]) throw GraphError.notFound(objectId);
    return rows[0];
  }

  /** Removes one link (the object is matched again on its next change); 409 while the job is Active. Idempotent. */
  async deleteObjectConnection(spId: string, jobId: string, objectId: string): Promise<void> {
    const job = await this.getJob(spId, jobId);
    if (job.scheduleState === 'Active') {
      throw new GraphError(409, 'Conflict', 'The synchronization job is running. Pause the job before deleting an object connection.');
    }
    if (!isGuid(objectId)) return;
    await this.db.query(`DELETE FROM entra.sync_links WHERE job_id = $1 AND source_id = $2`, [jobId, objectId]);
  }

  // ----

  private mutate<T>(spId: string, jobId: string, change: (tx: EntityManager, job: SyncJobRow) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const rows: SyncJobRow[] = isGuid(spId)
        ? await tx.query(`SELECT ${SYNC_JOB_COLUMNS} FROM entra.sync_jobs WHERE id = $1 AND service_principal_id = $2 FOR UPDATE`, [jobId, spId])
        : [];
      if (!rows[0]) throw GraphError.notFound(jobId);
      return change(tx, rows[0]);
    });
  }
}
