import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { builtInTemplate, type SynchronizationSchema } from '@app/provisioning-core';
import { Clock, CLOCK } from '@app/platform';
import { ServicePrincipalRow, ApplicationsService } from '../../applications/applications.service';
import { DirectoryAuditService } from '../../audit/directory-audit.service';
import { ACCOUNT_PROVISIONING, auditValue, type AuditModifiedProperty } from '../../audit/directory-audit.types';
import { quarantineReleased } from '../../audit/quarantine-audit';
import { TenantSettingsService } from '../../auth/tenant-settings.service';
import { GraphError } from '../../http/graph-error';
import { InputError } from '../../http/input-error';
import { isGuid } from '../../users/users.repository';
import { SyncJobsRepository, type ObjectConnection } from './sync-jobs.repository';
import { newJobId } from './job-id';
import { parseResetScope } from './reset-scope';
import { validateSynchronizationSchema } from './schema-validation';
import { isConfigured, maskSecrets, type SecretPair, secretSettings, type SyncSecretSettings, validateSecrets } from './secrets';
import {
  cycleIntervalOf,
  jobSettingsFor,
  NEVER_SCHEDULED_INTERVAL,
  restingStatusCode,
  type StoredSyncStatus,
  type SyncJobRow,
} from './sync-job.model';
import { synchronizationTemplateIdOf, synchronizationTemplatesFor, type SynchronizationTemplate } from './sync-templates';

/** How a route names its service principal: by object id, or by appId (`servicePrincipals(appId='…')`). */
export interface ServicePrincipalRef {
  key: string;
  by: 'id' | 'appId';
}

export type { ObjectConnection } from './sync-jobs.repository';

/** The service principal a job change is audited against (its id and name, as the controllers have it). */
export type AuditedServicePrincipal = Pick<ServicePrincipalRow, 'id' | 'displayName'>;

/** Directory-audit activities of the provisioning configuration (reference §1.9). */
const ACTIVITY = {
  credentials: 'Update provisioning setting or credentials',
  start: 'Enable/start provisioning configuration',
  pause: 'Disable/pause provisioning configuration',
  restart: 'Enable/restart provisioning configuration',
  schema: 'Update attribute mappings or scope',
} as const;

/** Shown instead of every secret value in an audit entry. */
const MASKED = auditValue('******');

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
    private readonly jobs: SyncJobsRepository,
    private readonly audit: DirectoryAuditService,
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
    const job = await this.jobs.job(this.db.manager, servicePrincipalId, jobId);
    if (!job) throw GraphError.notFound(jobId);
    return job;
  }

  /** A job by id alone, or null. */
  async findJob(jobId: string): Promise<SyncJobRow | null> {
    return (await this.jobs.jobById(this.db.manager, jobId)) ?? null;
  }

  /** The service principal's jobs, oldest first. */
  listJobs(servicePrincipalId: string): Promise<SyncJobRow[]> {
    return this.jobs.jobsOf(this.db.manager, servicePrincipalId);
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
  async createJob(
    sp: ServicePrincipalRow,
    templateId: string,
    jobSettings: readonly { name: string; value: string }[] = [],
  ): Promise<SyncJobRow> {
    const own = synchronizationTemplateIdOf(sp.applicationTemplateId);
    if (own === undefined || own.toLowerCase() !== templateId.trim().toLowerCase()) {
      const offered = own === undefined ? 'This application has no synchronization template.' : `Use '${own}'.`;
      throw GraphError.badRequest(
        `The templateId '${templateId.slice(0, 128)}' does not match a synchronization template of this application. ${offered}`,
      );
    }
    const id = newJobId(own, this.tenant.get().tenantId);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const settings = await this.secretsOf(sp.id, tx);
      const code = restingStatusCode('Disabled', {}, isConfigured(settings));
      const jobSettingsRow = jobSettingsFor(settings.notification.DeleteThresholdValue, jobSettings);
      await this.jobs.insertJob(
        tx,
        { id, servicePrincipalId: sp.id, templateId: own, settings: jobSettingsRow, interval: NEVER_SCHEDULED_INTERVAL, statusCode: code },
        now,
      );
    });
    return this.getJob(sp.id, id);
  }

  /** DELETE …/jobs/{jobId}: the job and all its state (links, escrows, staged deletes cascade). */
  async deleteJob(spId: string, jobId: string): Promise<void> {
    if (!(await this.jobs.deleteJob(this.db.manager, spId, jobId))) throw GraphError.notFound(jobId);
  }

  /**
   * POST …/start: Active, runs now when it was not running or was quarantined, quarantine lifted, no pending pause.
   * The interval becomes the template's (PT40M for SCIM apps).
   */
  async start(sp: AuditedServicePrincipal, jobId: string): Promise<void> {
    const spId = sp.id;
    await this.mutate(spId, jobId, async (tx, job) => {
      const status: StoredSyncStatus = { ...job.status, quarantine: null };
      const runNow =
        job.scheduleState !== 'Active' || job.statusCode === 'Quarantine' || job.status.quarantine != null || job.nextRunAt === null;
      const configured = isConfigured(await this.secretsOf(spId, tx));
      const statusCode = restingStatusCode('Active', status, configured);
      await this.jobs.start(tx, jobId, { interval: cycleIntervalOf(job.templateId), status, statusCode, runNow, at: this.clock.now() });
      await this.recordJobChange(tx, sp, jobId, ACTIVITY.start, 'Update');
      if (job.status.quarantine != null) await this.audit.record(tx, quarantineReleased(sp, jobId, job.status.quarantine.reason));
    });
  }

  /** POST …/pause: Paused; a running cycle completes and schedules nothing further (pause_requested). */
  async pause(sp: AuditedServicePrincipal, jobId: string): Promise<void> {
    await this.mutate(sp.id, jobId, async (tx) => {
      await this.jobs.pause(tx, jobId, this.clock.now());
      await this.recordJobChange(tx, sp, jobId, ACTIVITY.pause, 'Update');
    });
  }

  /** POST …/restart with a resetScope (see parseResetScope); an Active job runs now. */
  async restart(sp: AuditedServicePrincipal, jobId: string, resetScope: string | null | undefined): Promise<void> {
    const spId = sp.id;
    const plan = parseResetScope(resetScope);
    await this.mutate(spId, jobId, async (tx, job) => {
      const now = this.clock.now();
      const status: StoredSyncStatus = { ...job.status };
      let scheduleState = job.scheduleState;
      if (plan.start && scheduleState !== 'Active') scheduleState = 'Active';
      if (plan.quarantineState || plan.start) status.quarantine = null;
      if (plan.escrows) {
        await this.jobs.clearEscrows(tx, jobId);
        status.escrowsPruned = false;
      }
      if (plan.connectorDataStore) {
        await this.jobs.clearConnectorDataStore(tx, jobId);
        status.synchronizedEntryCountByType = [];
      }
      const configured = isConfigured(await this.secretsOf(spId, tx));
      const liftsStatus = plan.quarantineState || plan.start;
      const statusCode = liftsStatus ? restingStatusCode(scheduleState, status, configured) : job.statusCode;
      const resets = plan.watermark || plan.connectorDataStore;
      await this.jobs.restart(tx, jobId, {
        status,
        statusCode,
        scheduleState,
        interval: cycleIntervalOf(job.templateId),
        resets,
        forceDeletes: plan.forceDeletes,
        at: now,
      });
      await this.recordJobChange(tx, sp, jobId, ACTIVITY.restart, 'Update', [{ key: 'ResetScope', value: resetScope ?? '' }]);
      if (job.status.quarantine != null && status.quarantine === null)
        await this.audit.record(tx, quarantineReleased(sp, jobId, job.status.quarantine.reason));
    });
  }

  // ---- schema ----

  /** PUT …/schema: validated full replace; forces a full re-sync (watermark cleared; an Active job runs now). */
  async putSchema(sp: AuditedServicePrincipal, jobId: string, body: unknown): Promise<void> {
    await this.mutate(sp.id, jobId, async (tx, job) => {
      const template = builtInTemplate(job.templateId);
      await this.resetForSchema(tx, jobId, validateSynchronizationSchema(body, template?.directories ?? []));
      await this.recordJobChange(tx, sp, jobId, ACTIVITY.schema, 'Update');
    });
  }

  /** DELETE …/schema: back to the template's default; forces a full re-sync too. */
  async resetSchema(sp: AuditedServicePrincipal, jobId: string): Promise<void> {
    await this.mutate(sp.id, jobId, async (tx) => {
      await this.resetForSchema(tx, jobId, null);
      await this.recordJobChange(tx, sp, jobId, ACTIVITY.schema, 'Update', [{ key: 'SchemaReset', value: 'True' }]);
    });
  }

  private async resetForSchema(tx: EntityManager, jobId: string, schema: SynchronizationSchema | null): Promise<void> {
    await this.jobs.setSchema(tx, jobId, schema, this.clock.now());
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
  async putSecrets(sp: AuditedServicePrincipal, pairs: readonly unknown[]): Promise<void> {
    try {
      await this.writeSecrets(sp, pairs);
    } catch (error) {
      if (error instanceof GraphError || error instanceof InputError) throw error;
      // Database errors carry the query parameters (the token among them): never let them reach a log.
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'unknown';
      // eslint-disable-next-line preserve-caught-error -- the cause is left out on purpose (it holds the token)
      throw new Error(`saving the synchronization secrets failed (database error ${code})`);
    }
  }

  private async writeSecrets(sp: AuditedServicePrincipal, pairs: readonly unknown[]): Promise<void> {
    const spId = sp.id;
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const stored = await this.storedSecrets(spId, tx, true);
      const secrets = validateSecrets(pairs, stored);
      await this.jobs.saveSecrets(tx, spId, secrets, now);
      const settings = secretSettings(secrets);
      for (const job of await this.jobs.jobsOfForUpdate(tx, spId)) {
        const code =
          job.scheduleState === 'Disabled' && (job.statusCode === 'NotConfigured' || job.statusCode === 'NotRun')
            ? restingStatusCode('Disabled', job.status, isConfigured(settings))
            : job.statusCode;
        await this.jobs.setSettings(tx, job.id, jobSettingsFor(settings.notification.DeleteThresholdValue, job.settings), code, now);
      }
      await this.audit.record(tx, {
        ...this.jobChange(sp, null, ACTIVITY.credentials, 'Update'),
        targetResources: [
          { id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal', modifiedProperties: maskedKeys(stored, secrets) },
        ],
      });
    });
  }

  /** Unmasked stored secrets (the SP row is locked when `lock`, so concurrent PUTs serialise). */
  private storedSecrets(spId: string, db: EntityManager = this.db.manager, lock = false): Promise<SecretPair[]> {
    return this.jobs.secrets(db, spId, lock);
  }

  // ---- object connections (beta) ----

  async objectConnection(spId: string, jobId: string, objectId: string): Promise<ObjectConnection> {
    await this.getJob(spId, jobId);
    const connection = await this.jobs.objectConnection(this.db.manager, jobId, objectId);
    if (!connection) throw GraphError.notFound(objectId);
    return connection;
  }

  /** Removes one link (the object is matched again on its next change); 409 while the job is Active. Idempotent. */
  async deleteObjectConnection(spId: string, jobId: string, objectId: string): Promise<void> {
    const job = await this.getJob(spId, jobId);
    if (job.scheduleState === 'Active') {
      throw new GraphError(409, 'Conflict', 'The synchronization job is running. Pause the job before deleting an object connection.');
    }
    if (!isGuid(objectId)) return;
    await this.jobs.deleteLink(this.db.manager, jobId, objectId);
  }

  // ---- directory audit ----

  private jobChange(sp: AuditedServicePrincipal, jobId: string | null, activity: string, operationType: string) {
    return {
      activityDisplayName: activity,
      category: 'ProvisioningManagement' as const,
      loggedByService: ACCOUNT_PROVISIONING,
      operationType,
      targetResources: [{ id: sp.id, displayName: sp.displayName, type: 'ServicePrincipal' as const }],
      additionalDetails: jobId === null ? [] : [{ key: 'JobId', value: jobId }],
    };
  }

  private async recordJobChange(
    tx: EntityManager,
    sp: AuditedServicePrincipal,
    jobId: string,
    activity: string,
    operationType: string,
    details: readonly { key: string; value: string }[] = [],
  ): Promise<void> {
    const event = this.jobChange(sp, jobId, activity, operationType);
    await this.audit.record(tx, { ...event, additionalDetails: [...event.additionalDetails, ...details] });
  }

  // ----

  private mutate<T>(spId: string, jobId: string, change: (tx: EntityManager, job: SyncJobRow) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const job = await this.jobs.job(tx, spId, jobId, true);
      if (!job) throw GraphError.notFound(jobId);
      return change(tx, job);
    });
  }
}

/** The secrets' keys that a PUT set or removed, every value masked (the audit log never holds a credential). */
function maskedKeys(before: readonly SecretPair[], after: readonly SecretPair[]): AuditModifiedProperty[] {
  const had = new Set(before.map((p) => p.key));
  const has = new Set(after.map((p) => p.key));
  return [
    ...after.map((p) => ({ displayName: p.key, oldValue: had.has(p.key) ? MASKED : null, newValue: MASKED })),
    ...before.filter((p) => !has.has(p.key)).map((p) => ({ displayName: p.key, oldValue: MASKED, newValue: null })),
  ];
}
