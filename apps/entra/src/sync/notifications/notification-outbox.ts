import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returnedRows } from '@app/persistence';
import type { OutboxEntry } from './notification.types';

/** A row to write: an outbox entry before the database gives it an id, at the event's simulated time. */
export type NewOutboxEntry = Omit<OutboxEntry, 'id' | 'at'> & { at: Date };

const COLUMNS = `id::text AS id, at, job_id AS "jobId", service_principal_id AS "servicePrincipalId", kind, sender AS "from", recipients,
  subject, text_body AS text, html_body AS html, status, error, smtp_message_id AS "messageId"`;

/** Most entries one GET answers. */
export const MAX_OUTBOX_PAGE = 1000;

interface OutboxRow extends Omit<OutboxEntry, 'at'> {
  at: Date | string;
}

/** `entra.notification_outbox`: every notification email composed, newest first. */
@Injectable()
export class NotificationOutbox {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async add(entry: NewOutboxEntry): Promise<OutboxEntry> {
    const rows: OutboxRow[] = await this.db.query(
      `INSERT INTO entra.notification_outbox (at, job_id, service_principal_id, kind, sender, recipients, subject, text_body, html_body, status, error, smtp_message_id)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
      [
        entry.at,
        entry.jobId,
        entry.servicePrincipalId,
        entry.kind,
        entry.from,
        entry.recipients,
        entry.subject,
        entry.text,
        entry.html,
        entry.status,
        entry.error,
        entry.messageId,
      ],
    );
    return toEntry(returnedRows<OutboxRow>(rows)[0]);
  }

  /** Newest first (simulated time, then insertion order), optionally one job's. */
  async list(options: { jobId?: string; top?: number } = {}): Promise<OutboxEntry[]> {
    const top = Math.min(Math.max(options.top ?? 100, 1), MAX_OUTBOX_PAGE);
    const rows: OutboxRow[] =
      options.jobId === undefined
        ? await this.db.query(`SELECT ${COLUMNS} FROM entra.notification_outbox ORDER BY at DESC, id DESC LIMIT $1`, [top])
        : await this.db.query(`SELECT ${COLUMNS} FROM entra.notification_outbox WHERE job_id = $1 ORDER BY at DESC, id DESC LIMIT $2`, [
            options.jobId,
            top,
          ]);
    return rows.map(toEntry);
  }

  /** Removes every entry, or one job's; answers how many went. */
  async clear(options: { jobId?: string } = {}): Promise<number> {
    const deleted: unknown[] =
      options.jobId === undefined
        ? await this.db.query(`DELETE FROM entra.notification_outbox RETURNING id`)
        : await this.db.query(`DELETE FROM entra.notification_outbox WHERE job_id = $1 RETURNING id`, [options.jobId]);
    return returnedRows(deleted).length;
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  return { ...row, at: new Date(row.at).toISOString(), recipients: row.recipients ?? [] };
}
