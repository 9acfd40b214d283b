import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { Clock, CLOCK } from '@app/platform';
import { ENTRA_CONFIG, EntraConfig } from '../../config/entra.config';
import { isGuid } from '../../users/users.repository';
import { type NotificationSettings, type SecretPair, secretSettings } from '../api/secrets';
import { renderNotification } from './notification-message';
import { NotificationOutbox } from './notification-outbox';
import type { JobNotificationEvent, OutboxStatus } from './notification.types';
import { parseRecipients } from './recipients';
import { SmtpMailer } from './smtp-mailer';

/**
 * Sends a job's notification email (quarantine entered, quarantine reason changed, accidental-deletion threshold
 * exceeded) to the recipients of its service principal's `SyncNotificationSettings`, through SMTP when `SMTP_URL`
 * is set, and records every message in `entra.notification_outbox` (GET /sim/outbox) with its outcome:
 * `sent`, `suppressed` (notifications off, no valid recipient, no SMTP server) or `failed` (delivery error).
 *
 * `notify` never rejects: a notification must not break the cycle that reports it. The engine calls it after the
 * cycle's transaction committed (no SMTP conversation inside a transaction).
 */
@Injectable()
export class SyncNotifier {
  private readonly logger = new Logger(SyncNotifier.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ENTRA_CONFIG) private readonly config: EntraConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: NotificationOutbox,
    private readonly mailer: SmtpMailer,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async notify(event: JobNotificationEvent): Promise<void> {
    try {
      await this.deliver(event);
    } catch (error) {
      this.logger.error({
        message: 'job notification not recorded',
        kind: String(event?.kind),
        jobId: String(event?.jobId),
        error: this.mailer.describeError(error),
      });
    }
  }

  private async deliver(event: JobNotificationEvent): Promise<void> {
    const at = event.at instanceof Date && !Number.isNaN(event.at.getTime()) ? event.at : this.clock.now();
    const settings = await this.notificationSettingsOf(event.servicePrincipalId);
    const { valid, invalid } = parseRecipients(settings.Recipients);
    const message = renderNotification({ ...event, at }, { graphBaseUrl: this.graphBaseUrl() });
    const notes = invalid.length > 0 ? [`not an email address, left out: ${invalid.map((r) => `'${r}'`).join(', ')}`] : [];
    let status: OutboxStatus;
    let reason: string | null = null;
    let messageId: string | null = null;
    if (!settings.Enabled) {
      status = 'suppressed';
      reason = 'notification emails are off for this application (SyncNotificationSettings Enabled is false)';
    } else if (valid.length === 0) {
      status = 'suppressed';
      reason = 'no recipient (SyncNotificationSettings Recipients has no email address)';
    } else if (!this.mailer.configured) {
      status = 'suppressed';
      reason = 'SMTP_URL is not set: the message is kept in the outbox only';
    } else {
      try {
        const receipt = await this.mailer.send({ from: this.config.SMTP_FROM, to: valid, ...message });
        status = 'sent';
        messageId = receipt.messageId;
        if (receipt.rejected.length > 0) notes.push(`refused by the SMTP server: ${receipt.rejected.join(', ')}`);
      } catch (error) {
        status = 'failed';
        reason = `SMTP delivery failed: ${this.mailer.describeError(error)}`;
        this.logger.warn({ message: 'job notification not delivered', kind: event.kind, jobId: event.jobId, error: reason });
      }
    }
    const error = [reason, ...notes].filter((s): s is string => s !== null).join('; ') || null;
    const entry = await this.outbox.add({
      at,
      jobId: event.jobId,
      servicePrincipalId: event.servicePrincipalId,
      kind: event.kind,
      from: this.config.SMTP_FROM,
      recipients: valid,
      subject: message.subject,
      text: message.text,
      html: message.html,
      status,
      error,
      messageId,
    });
    this.logger.log({
      message: 'job notification recorded',
      kind: event.kind,
      jobId: event.jobId,
      status,
      outboxId: entry.id,
      recipients: valid.length,
    });
  }

  /** The service principal's SyncNotificationSettings (defaults when none are saved: Enabled false). */
  private async notificationSettingsOf(servicePrincipalId: string): Promise<NotificationSettings> {
    if (!isGuid(servicePrincipalId)) return secretSettings([]).notification;
    const rows: { secrets: SecretPair[] }[] = await this.db.query(
      `SELECT secrets FROM entra.sync_secrets WHERE service_principal_id = $1`,
      [servicePrincipalId],
    );
    return secretSettings(Array.isArray(rows[0]?.secrets) ? rows[0].secrets : []).notification;
  }

  /** Graph base URL for the links: ENTRA_PUBLIC_URL, else the address the app listens on. */
  private graphBaseUrl(): string {
    if (this.config.ENTRA_PUBLIC_URL) return `${this.config.ENTRA_PUBLIC_URL.replace(/\/$/, '')}/v1.0`;
    let port = this.config.ENTRA_PORT;
    try {
      const address = this.adapterHost.httpAdapter?.getHttpServer()?.address() as AddressInfo | string | null | undefined;
      if (address && typeof address === 'object') port = address.port;
    } catch {
      // not listening yet: the configured port
    }
    const host = this.config.HOST === '0.0.0.0' || this.config.HOST === '::' ? '127.0.0.1' : this.config.HOST;
    return `${this.config.PROVSIM_HTTPS ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}/v1.0`;
  }
}
