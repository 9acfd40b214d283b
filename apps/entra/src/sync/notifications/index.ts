/** Notification emails of provisioning jobs: quarantine entered, quarantine reason changed, too many deletions. */
import { NotificationOutbox } from './notification-outbox';
import { OutboxController } from './outbox.controller';
import { SmtpMailer } from './smtp-mailer';
import { SyncNotifier } from './sync-notifier.service';

export { EntraNotificationOutbox1764300000300 } from './1764300000300-notification-outbox.migration';
export { SyncNotifier } from './sync-notifier.service';
export { NotificationOutbox } from './notification-outbox';
export { SmtpMailer } from './smtp-mailer';
export { renderNotification, type RenderedMessage } from './notification-message';
export { parseRecipients, type ParsedRecipients } from './recipients';
export {
  JOB_NOTIFICATION_KINDS,
  type JobNotificationEvent,
  type JobNotificationKind,
  type NotificationQuarantine,
  type OutboxEntry,
  type OutboxStatus,
} from './notification.types';

export const NOTIFICATION_CONTROLLERS = [OutboxController];
export const NOTIFICATION_PROVIDERS = [NotificationOutbox, SmtpMailer, SyncNotifier];
