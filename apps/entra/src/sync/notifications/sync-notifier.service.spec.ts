import { Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { loadEntraConfig } from '../../bootstrap';
import type { NewOutboxEntry, NotificationOutbox } from './notification-outbox';
import type { JobNotificationEvent } from './notification.types';
import { SmtpMailer, type OutgoingMail } from './smtp-mailer';
import { SyncNotifier } from './sync-notifier.service';

const SP = '6f3c1a52-3f7e-4a51-9a4c-0c1d2e3f4a5b';
const NOW = new Date('2025-03-01T12:00:00.000Z');

interface Setup {
  /** SyncNotificationSettings as stored; undefined = no secrets saved. */
  settings?: Record<string, unknown>;
  smtpUrl?: string;
  /** What the SMTP "server" does. */
  smtp?: 'accept' | 'refuse-one' | 'fail';
}

function harness(setup: Setup) {
  const config = loadEntraConfig({ ...(setup.smtpUrl ? { SMTP_URL: setup.smtpUrl } : {}), ENTRA_PORT: '3000' });
  const secrets =
    setup.settings === undefined
      ? []
      : [
          {
            secrets: [
              { key: 'SecretToken', value: 'tok-123456789' },
              { key: 'SyncNotificationSettings', value: JSON.stringify(setup.settings) },
            ],
          },
        ];
  const db = { query: jest.fn(async () => secrets) } as unknown as DataSource;
  const recorded: NewOutboxEntry[] = [];
  const outbox = {
    add: jest.fn(async (e: NewOutboxEntry) => (recorded.push(e), { ...e, id: String(recorded.length) })),
  } as unknown as NotificationOutbox;
  const sent: OutgoingMail[] = [];
  const mailer = new SmtpMailer(config);
  jest.spyOn(mailer, 'send').mockImplementation(async (mail) => {
    if (setup.smtp === 'fail') throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' });
    sent.push(mail);
    return { messageId: '<m1@provsim.local>', rejected: setup.smtp === 'refuse-one' ? [mail.to[1]] : [] };
  });
  const adapterHost = {
    httpAdapter: { getHttpServer: () => ({ address: () => ({ port: 4321, address: '127.0.0.1', family: 'IPv4' }) }) },
  } as unknown as HttpAdapterHost;
  const notifier = new SyncNotifier(db, config, { now: () => NOW }, outbox, mailer, adapterHost);
  return { notifier, recorded, sent };
}

const event: JobNotificationEvent = {
  kind: 'quarantineEntered',
  jobId: 'kintone.abc.def',
  servicePrincipalId: SP,
  servicePrincipalName: 'Kintone',
  tenantId: 'tenant-1',
  at: new Date('2025-03-01T10:00:00.000Z'),
  quarantine: null,
};

const ON = { Enabled: true, Recipients: 'ops@contoso.com; it@contoso.com' };
const SMTP = 'smtp://127.0.0.1:2525';

describe('SyncNotifier.notify', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each<[string, Setup, { status: string; recipients: string[]; error: RegExp | null; sends: number; messageId: string | null }]>([
    [
      'sends when enabled with recipients and an SMTP server',
      { settings: ON, smtpUrl: SMTP },
      { status: 'sent', recipients: ['ops@contoso.com', 'it@contoso.com'], error: null, sends: 1, messageId: '<m1@provsim.local>' },
    ],
    [
      'notes recipients the server refused',
      { settings: ON, smtpUrl: SMTP, smtp: 'refuse-one' },
      {
        status: 'sent',
        recipients: ['ops@contoso.com', 'it@contoso.com'],
        error: /refused by the SMTP server: it@contoso.com/,
        sends: 1,
        messageId: '<m1@provsim.local>',
      },
    ],
    [
      'notes entries that are not addresses',
      { settings: { Enabled: true, Recipients: 'ops@contoso.com; oops' }, smtpUrl: SMTP },
      {
        status: 'sent',
        recipients: ['ops@contoso.com'],
        error: /not an email address, left out: 'oops'/,
        sends: 1,
        messageId: '<m1@provsim.local>',
      },
    ],
    [
      'suppressed when Enabled is false',
      { settings: { ...ON, Enabled: false }, smtpUrl: SMTP },
      { status: 'suppressed', recipients: ['ops@contoso.com', 'it@contoso.com'], error: /Enabled is false/, sends: 0, messageId: null },
    ],
    [
      'suppressed when no secrets are saved',
      { smtpUrl: SMTP },
      { status: 'suppressed', recipients: [], error: /Enabled is false/, sends: 0, messageId: null },
    ],
    [
      'suppressed without recipients',
      { settings: { Enabled: true, Recipients: '' }, smtpUrl: SMTP },
      { status: 'suppressed', recipients: [], error: /^no recipient/, sends: 0, messageId: null },
    ],
    [
      'suppressed without an SMTP server',
      { settings: ON },
      { status: 'suppressed', recipients: ['ops@contoso.com', 'it@contoso.com'], error: /SMTP_URL is not set/, sends: 0, messageId: null },
    ],
    [
      'failed when delivery fails',
      { settings: ON, smtpUrl: SMTP, smtp: 'fail' },
      {
        status: 'failed',
        recipients: ['ops@contoso.com', 'it@contoso.com'],
        error: /^SMTP delivery failed: ESOCKET: connect ECONNREFUSED/,
        sends: 0,
        messageId: null,
      },
    ],
  ])('%s', async (_name, setup, expected) => {
    const { notifier, recorded, sent } = harness(setup);
    await expect(notifier.notify(event)).resolves.toBeUndefined();
    expect(sent).toHaveLength(expected.sends);
    expect(recorded).toHaveLength(1);
    const [entry] = recorded;
    expect(entry).toMatchObject({
      status: expected.status,
      recipients: expected.recipients,
      messageId: expected.messageId,
      kind: 'quarantineEntered',
      jobId: 'kintone.abc.def',
      servicePrincipalId: SP,
    });
    if (expected.error) expect(entry.error).toMatch(expected.error);
    else expect(entry.error).toBeNull();
    expect(entry.at).toEqual(event.at);
    expect(entry.from).toBe('provsim <noreply@provsim.local>');
    expect(entry.subject).toBe('Provisioning for Kintone is in quarantine (Unknown)');
    expect(entry.text).toContain(`http://127.0.0.1:4321/v1.0/servicePrincipals/${SP}/synchronization/jobs/kintone.abc.def`);
    expect(entry.text).not.toContain('tok-123456789');
    if (expected.sends)
      expect(sent[0]).toMatchObject({
        from: 'provsim <noreply@provsim.local>',
        to: ['ops@contoso.com', 'it@contoso.com'].slice(0, expected.recipients.length),
        subject: entry.subject,
        text: entry.text,
      });
  });

  it('uses the simulated clock when the event has no valid time, and never rejects when recording fails', async () => {
    const { notifier, recorded } = harness({ settings: ON });
    await notifier.notify({ ...event, at: new Date(Number.NaN) });
    expect(recorded[0].at).toEqual(NOW);

    const broken = harness({ settings: ON });
    (broken.notifier as unknown as { outbox: { add: () => Promise<never> } }).outbox.add = async () => {
      throw new Error('database is gone');
    };
    await expect(broken.notifier.notify(event)).resolves.toBeUndefined();
  });
});

describe('SmtpMailer', () => {
  it('keeps the SMTP password out of error texts', () => {
    const mailer = new SmtpMailer(loadEntraConfig({ SMTP_URL: 'smtps://mailer:p%40ss-w0rd@smtp.contoso.com:465' }));
    expect(mailer.configured).toBe(true);
    expect(
      mailer.describeError(Object.assign(new Error('Invalid login for mailer:p@ss-w0rd and p%40ss-w0rd\n535 denied'), { code: 'EAUTH' })),
    ).toBe('EAUTH: Invalid login for mailer:*** and *** 535 denied');
    expect(new SmtpMailer(loadEntraConfig({})).configured).toBe(false);
  });
});

describe('SMTP configuration', () => {
  it.each<[Record<string, string>, string | null]>([
    [{}, null],
    [{ SMTP_URL: 'smtp://127.0.0.1:2525' }, null],
    [{ SMTP_URL: 'smtps://user:pass@smtp.contoso.com:465?connectionTimeout=30000' }, null],
    [{ SMTP_URL: 'http://127.0.0.1:2525' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://' }, 'SMTP_URL'],
    [{ SMTP_FROM: 'Provisioning <prov@contoso.com>' }, null],
    [{ SMTP_FROM: 'prov@contoso.com' }, null],
    [{ SMTP_FROM: 'not an address' }, 'SMTP_FROM'],
    [{ SMTP_FROM: 'a@b.c\r\nBcc: x@y.z' }, 'SMTP_FROM'],
  ])('%j', (env, bad) => {
    if (bad === null) expect(() => loadEntraConfig(env)).not.toThrow();
    else expect(() => loadEntraConfig(env)).toThrow(new RegExp(`${bad}: ${bad} must`));
  });
});
