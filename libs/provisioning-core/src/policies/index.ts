export {
  countPlannedDeletions,
  evaluateDeleteThreshold,
  exceedsDeleteThreshold,
  type DeleteThresholdDecision,
  type DeleteThresholdSettings,
  type PlannedDeletions,
} from './delete-threshold';
export { escrowRetryMessage, withEscrowRetryMessage } from './escrow-message';
export {
  DEFAULT_ESCROW_RETRY_POLICY,
  escrowRetryDelayMs,
  isEscrowRetryDue,
  nextEscrowRetry,
  type EscrowRetryInput,
  type EscrowRetryPolicy,
} from './escrow-retry';
export {
  DEFAULT_QUARANTINE_THRESHOLDS,
  evaluateEscrowThresholds,
  resolveEscrowThresholds,
  type EscrowCounts,
  type EscrowThresholdReason,
  type EscrowThresholds,
} from './escrow-thresholds';
export { PolicyError } from './policy-error';
export { QUARANTINE_REASONS, type QuarantineReason } from './quarantine-reasons';
export {
  nextQuarantineAttempt,
  QUARANTINE_DISABLE_AFTER_MS,
  quarantineRetryOffsetMs,
  quarantineSchedule,
  shouldDisableJob,
} from './quarantine-schedule';
export {
  onQuarantineAttempt,
  type QuarantineOutcome,
  type QuarantineTransition,
  type SynchronizationError,
  type SynchronizationQuarantine,
} from './quarantine-state';
export {
  DEFAULT_DELETE_THRESHOLD,
  DEFAULT_SYNC_NOTIFICATION_SETTINGS,
  parseSyncNotificationSettings,
  serializeSyncNotificationSettings,
  type ParsedSyncNotificationSettings,
  type SyncNotificationSettings,
} from './sync-notification-settings';
export { DAY_MS, formatUtc, HOUR_MS, MINUTE_MS, toEpochMs, type Instant } from './time';
