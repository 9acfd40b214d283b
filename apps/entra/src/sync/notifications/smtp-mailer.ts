import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type SMTPSentMessageInfo, type Transporter } from 'nodemailer';
import { ENTRA_CONFIG, EntraConfig } from '../../config/entra.config';

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface MailReceipt {
  messageId: string;
  /** Recipients the server refused (the others accepted the message). */
  rejected: string[];
}

/**
 * Default SMTP timeouts, shorter than nodemailer's (2 min connect, 10 min idle) because the engine waits for the
 * notification after a cycle; a query string in SMTP_URL overrides them (`?connectionTimeout=30000`).
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/**
 * Sends mail through the SMTP server of `SMTP_URL` (smtp:// or smtps://, credentials in the URL if the server
 * wants them). One nodemailer transport per process, a connection per message (notifications are rare).
 */
@Injectable()
export class SmtpMailer implements OnModuleDestroy {
  private transport: Transporter<SMTPSentMessageInfo> | null = null;

  constructor(@Inject(ENTRA_CONFIG) private readonly config: EntraConfig) {}

  /** An SMTP server is configured. */
  get configured(): boolean {
    return this.config.SMTP_URL !== undefined;
  }

  async send(mail: OutgoingMail): Promise<MailReceipt> {
    const info = await this.transporter().sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return { messageId: info.messageId, rejected: (info.rejected ?? []).map(String) };
  }

  /** The error as text to store and log, without the credentials of SMTP_URL. */
  describeError(error: unknown): string {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? `${(error as { code: string }).code}: ` : '';
    const message = error instanceof Error ? error.message : String(error);
    let text = `${code}${message}`.replace(/\s+/g, ' ').trim();
    for (const secret of this.passwords()) text = text.split(secret).join('***');
    return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
  }

  onModuleDestroy(): void {
    this.transport?.close();
    this.transport = null;
  }

  private transporter(): Transporter<SMTPSentMessageInfo> {
    if (!this.config.SMTP_URL) throw new Error('SMTP_URL is not set');
    this.transport ??= createTransport({ ...SMTP_TIMEOUTS, url: this.config.SMTP_URL });
    return this.transport;
  }

  /** The password of SMTP_URL, as written and decoded, to be kept out of stored and logged text. */
  private passwords(): string[] {
    if (!this.config.SMTP_URL) return [];
    try {
      const { password } = new URL(this.config.SMTP_URL);
      return [...new Set([password, decodeURIComponent(password)])].filter((s) => s !== '');
    } catch {
      return [];
    }
  }
}
