/** What the engine reports to the notifier, and what the outbox keeps. */

/** The three situations that send an email (reference §5.5, §6.1). */
export type JobNotificationKind = 'quarantineEntered' | 'quarantineReasonChanged' | 'deleteThresholdExceeded';

export const JOB_NOTIFICATION_KINDS: readonly JobNotificationKind[] = [
  'quarantineEntered',
  'quarantineReasonChanged',
  'deleteThresholdExceeded',
];

/** Graph `synchronizationQuarantine` as the job status shows it (DateTimeOffsets as ISO 8601 strings). */
export interface NotificationQuarantine {
  currentBegan: string;
  nextAttempt: string;
  reason: string;
  seriesBegan: string;
  seriesCount: number;
  error: { code: string; message: string; tenantActionable: boolean } | null;
}

/** One event of a job, reported by the engine after the cycle's transaction committed. */
export interface JobNotificationEvent {
  kind: JobNotificationKind;
  jobId: string;
  servicePrincipalId: string;
  /** The enterprise app's display name. */
  servicePrincipalName: string;
  tenantId: string;
  /** Simulated time of the event. */
  at: Date;
  quarantine?: NotificationQuarantine | null;
  /** quarantineReasonChanged: the reason before the change. */
  previousReason?: string | null;
  /** deleteThresholdExceeded: deletions and disables the cycle was about to make, and the threshold. */
  deletions?: { count: number; threshold: number };
}

/** sent: accepted by the SMTP server; suppressed: deliberately not sent (see `error`); failed: delivery error. */
export type OutboxStatus = 'sent' | 'suppressed' | 'failed';

/** One row of `entra.notification_outbox` as GET /sim/outbox shows it. */
export interface OutboxEntry {
  id: string;
  /** Simulated time of the event (ISO 8601). */
  at: string;
  jobId: string;
  servicePrincipalId: string;
  kind: JobNotificationKind;
  from: string;
  recipients: string[];
  subject: string;
  text: string;
  html: string | null;
  status: OutboxStatus;
  /** failed: the delivery error; suppressed: why nothing was sent; sent: recipients left out or refused, else null. */
  error: string | null;
  /** Message-ID of the sent message (null unless sent). */
  messageId: string | null;
}
