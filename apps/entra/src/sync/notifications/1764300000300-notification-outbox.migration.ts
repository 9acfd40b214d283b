import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification emails of provisioning jobs (quarantine entered, quarantine reason changed, accidental-deletion
 * threshold exceeded): every message the service composed, whether it went out over SMTP (`sent`), was not sent on
 * purpose (`suppressed`: notifications off, no recipient, no SMTP server) or could not be delivered (`failed`).
 * Read through GET /sim/outbox. Rows outlive the job and service principal they are about (no foreign keys).
 */
export class EntraNotificationOutbox1764300000300 implements MigrationInterface {
  name = 'EntraNotificationOutbox1764300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE entra.notification_outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- Simulated time of the event the message reports.
      at timestamptz NOT NULL,
      job_id text NOT NULL,
      service_principal_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('quarantineEntered', 'quarantineReasonChanged', 'deleteThresholdExceeded')),
      sender text NOT NULL,
      recipients text[] NOT NULL DEFAULT '{}',
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text,
      status text NOT NULL CHECK (status IN ('sent', 'suppressed', 'failed')),
      -- failed: the delivery error; suppressed: why nothing was sent; sent: recipients left out or refused, if any.
      error text,
      smtp_message_id text)`);
    // GET /sim/outbox: newest first, optionally for one job.
    await q.query(`CREATE INDEX notification_outbox_at_idx ON entra.notification_outbox (at DESC, id DESC)`);
    await q.query(`CREATE INDEX notification_outbox_job_idx ON entra.notification_outbox (job_id, at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS entra.notification_outbox`);
  }
}
