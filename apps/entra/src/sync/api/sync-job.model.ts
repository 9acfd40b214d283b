/**
 * A row of `entra.sync_jobs` as the API and the engine see it, the Graph `synchronizationJob` rendering of it,
 * and the pure schedule/status transitions of start, pause and restart.
 *
 * Contract with the engine: `status` (jsonb) holds Graph's synchronizationStatus minus `code` (the `status_code`
 * column); `watermark` NULL = the next cycle is an initial one; the scheduler runs jobs with
 * schedule_state 'Active' and next_run_at <= now; `pause_requested` tells a running cycle to schedule nothing
 * after it completes; `force_deletes` asks the next cycle to execute the staged deletes.
 */
import type { SynchronizationSchema } from '@app/provisioning-core';

export type ScheduleState = 'Active' | 'Disabled' | 'Paused';
export type SyncStatusCode = 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine';

/** Graph's `keyValuePair` of `synchronizationJobSettings`. */
export interface JobSetting {
  name: string;
  value: string;
}

/** The `status` column: synchronizationStatus without `code`; every field optional (defaults on rendering). */
export interface StoredSyncStatus {
  lastExecution?: Record<string, unknown> | null;
  lastSuccessfulExecution?: Record<string, unknown> | null;
  lastSuccessfulExecutionWithExports?: Record<string, unknown> | null;
  progress?: Record<string, unknown>[];
  quarantine?: Record<string, unknown> | null;
  countSuccessiveCompleteFailures?: number;
  escrowsPruned?: boolean;
  steadyStateFirstAchievedTime?: string | null;
  steadyStateLastAchievedTime?: string | null;
  synchronizedEntryCountByType?: { key: string; value: number }[];
  troubleshootingUrl?: string | null;
  [other: string]: unknown;
}

export interface SyncJobRow {
  id: string;
  servicePrincipalId: string;
  templateId: string;
  /** The admin's schema; null = the template's default (see SyncJobsService.effectiveSchema). */
  schema: SynchronizationSchema | null;
  settings: JobSetting[];
  scheduleState: ScheduleState;
  scheduleInterval: string;
  statusCode: SyncStatusCode;
  /** Change-log sequence read so far, as text (bigint); null = next cycle is initial. */
  watermark: string | null;
  nextRunAt: Date | null;
  pauseRequested: boolean;
  forceDeletes: boolean;
  resetGeneration: number;
  status: StoredSyncStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** SELECT list producing a SyncJobRow from `entra.sync_jobs` (no table alias). */
export const SYNC_JOB_COLUMNS = `id, service_principal_id AS "servicePrincipalId", template_id AS "templateId", schema, settings,
  schedule_state AS "scheduleState", schedule_interval AS "scheduleInterval", status_code AS "statusCode",
  watermark::text AS watermark, next_run_at AS "nextRunAt", pause_requested AS "pauseRequested",
  force_deletes AS "forceDeletes", reset_generation AS "resetGeneration", status, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** .NET TimeSpan.MaxValue: the interval Graph shows for a job that was never scheduled. */
export const NEVER_SCHEDULED_INTERVAL = 'P10675199DT2H48M5.4775807S';
/** DateTimeOffset.MinValue as Graph renders "never". */
export const NEVER = '0001-01-01T00:00:00Z';
/** Interval between cycles of SCIM connector templates (reference §1.1: "approximately every 40 minutes"). */
export const SCIM_CYCLE_INTERVAL = 'PT40M';

const TEMPLATE_INTERVALS: Readonly<Record<string, string>> = { kintone: SCIM_CYCLE_INTERVAL, scim: SCIM_CYCLE_INTERVAL };

/** The template's nominal interval between cycles (not configurable in Entra). */
export function cycleIntervalOf(templateId: string): string {
  return TEMPLATE_INTERVALS[templateId] ?? SCIM_CYCLE_INTERVAL;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the job has finished at least one cycle. */
export function hasCompletedCycle(status: StoredSyncStatus): boolean {
  const last = status.lastExecution;
  return (isRecord(last) && last.timeEnded !== null && last.timeEnded !== undefined) || isRecord(status.lastSuccessfulExecution);
}

/**
 * The status code a job rests in outside a running cycle: Paused when paused; Quarantine while quarantined;
 * Active once a cycle completed, else NotRun; a Disabled job is NotConfigured until credentials are saved, then
 * NotRun, and Paused once it has run (Graph shows a stopped job that ran as Paused).
 */
export function restingStatusCode(scheduleState: ScheduleState, status: StoredSyncStatus, configured: boolean): SyncStatusCode {
  if (scheduleState === 'Paused') return 'Paused';
  if (isRecord(status.quarantine)) return 'Quarantine';
  const ran = hasCompletedCycle(status);
  if (scheduleState === 'Active') return ran ? 'Active' : 'NotRun';
  if (ran) return 'Paused';
  return configured ? 'NotRun' : 'NotConfigured';
}

const EXECUTION_DEFAULTS = {
  activityIdentifier: null,
  countEntitled: 0,
  countEntitledForProvisioning: 0,
  countEscrowed: 0,
  countEscrowedRaw: 0,
  countExported: 0,
  countExports: 0,
  countImported: 0,
  countImportedDeltas: 0,
  countImportedReferenceDeltas: 0,
  error: null,
  state: null,
  timeBegan: null,
  timeEnded: null,
} as const;

const QUARANTINE_DEFAULTS = {
  currentBegan: null,
  nextAttempt: null,
  reason: 'Unknown',
  seriesBegan: null,
  seriesCount: 0,
  error: null,
} as const;
const PROGRESS_DEFAULTS = { completedUnits: 0, progressObservationDateTime: null, totalUnits: 0, units: null } as const;

function pickKnown<T extends Record<string, unknown>>(defaults: T, value: unknown): T | null {
  if (!isRecord(value)) return null;
  const out: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(defaults)) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}

function isoOrNever(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' && value !== '' ? value : NEVER;
}

/** Graph's synchronizationStatus for a row: the stored fields over Graph's defaults, `code` from the column. */
export function toGraphStatus(statusCode: string, stored: StoredSyncStatus | null | undefined): Record<string, unknown> {
  const s: StoredSyncStatus = isRecord(stored) ? stored : {};
  const counts = Array.isArray(s.synchronizedEntryCountByType)
    ? s.synchronizedEntryCountByType.filter(isRecord).map((p) => ({ key: p.key, value: p.value }))
    : [];
  return {
    code: statusCode,
    countSuccessiveCompleteFailures: typeof s.countSuccessiveCompleteFailures === 'number' ? s.countSuccessiveCompleteFailures : 0,
    escrowsPruned: s.escrowsPruned === true,
    lastExecution: pickKnown(EXECUTION_DEFAULTS, s.lastExecution),
    lastSuccessfulExecution: pickKnown(EXECUTION_DEFAULTS, s.lastSuccessfulExecution),
    lastSuccessfulExecutionWithExports: pickKnown(EXECUTION_DEFAULTS, s.lastSuccessfulExecutionWithExports),
    progress: Array.isArray(s.progress) ? s.progress.map((p) => pickKnown(PROGRESS_DEFAULTS, p)).filter((p) => p !== null) : [],
    quarantine: pickKnown(QUARANTINE_DEFAULTS, s.quarantine),
    steadyStateFirstAchievedTime: isoOrNever(s.steadyStateFirstAchievedTime),
    steadyStateLastAchievedTime: isoOrNever(s.steadyStateLastAchievedTime),
    synchronizedEntryCountByType: counts,
    troubleshootingUrl: typeof s.troubleshootingUrl === 'string' ? s.troubleshootingUrl : null,
  };
}

/** The fields toGraphJob reads (a SyncJobRow has them all). */
export type RenderableJob = Pick<
  SyncJobRow,
  'id' | 'templateId' | 'scheduleState' | 'scheduleInterval' | 'statusCode' | 'status' | 'settings'
>;

/** Graph's `synchronizationJob` for a row (no @odata.context: the controller adds it). */
export function toGraphJob(row: RenderableJob): Record<string, unknown> {
  return {
    id: row.id,
    templateId: row.templateId,
    schedule: { expiration: null, interval: row.scheduleInterval, state: row.scheduleState },
    status: toGraphStatus(row.statusCode, row.status),
    synchronizationJobSettings: Array.isArray(row.settings) ? row.settings.map((s) => ({ name: s.name, value: s.value })) : [],
  };
}

/** `synchronizationJobSettings` of a job for a deletion threshold (Entra shows QuarantineTooManyDeletesThreshold). */
export function jobSettingsFor(deleteThreshold: number, current: readonly JobSetting[] = []): JobSetting[] {
  const others = current.filter((s) => s.name !== 'QuarantineTooManyDeletesThreshold');
  return [{ name: 'QuarantineTooManyDeletesThreshold', value: String(deleteThreshold) }, ...others];
}
