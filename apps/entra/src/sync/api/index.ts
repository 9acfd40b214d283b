/** The Graph synchronization API on service principals (`/servicePrincipals/{id}/synchronization/…`). */
import { CredentialsService } from './credentials.service';
import { ParseExpressionService } from './parse-expression.service';
import { SyncJobsService } from './sync-jobs.service';
import { SyncJobsRepository } from './sync-jobs.repository';
import { SynchronizationController } from './synchronization.controller';

export { EntraSyncApi1764300000200 } from './1764300000200-sync-api.migration';
export { SyncJobsService, type ObjectConnection, type ServicePrincipalRef } from './sync-jobs.service';
export { CredentialsService } from './credentials.service';
export {
  cycleIntervalOf,
  hasCompletedCycle,
  jobSettingsFor,
  NEVER,
  NEVER_SCHEDULED_INTERVAL,
  restingStatusCode,
  SCIM_CYCLE_INTERVAL,
  SYNC_JOB_COLUMNS,
  toGraphJob,
  toGraphStatus,
  type JobSetting,
  type RenderableJob,
  type ScheduleState,
  type StoredSyncStatus,
  type SyncJobRow,
  type SyncStatusCode,
} from './sync-job.model';
export { isConfigured, secretSettings, type NotificationSettings, type SecretPair, type SyncSecretSettings } from './secrets';
export { newJobId, parseJobId } from './job-id';
export { parseResetScope, type ResetPlan } from './reset-scope';

export const SYNC_API_CONTROLLERS = [SynchronizationController];
export const SYNC_API_PROVIDERS = [SyncJobsRepository, SyncJobsService, CredentialsService, ParseExpressionService];
export { ESCROW_THRESHOLD_SETTINGS, escrowThresholdsOf, validateJobSettings, JobSettingError } from './escrow-threshold-settings';
