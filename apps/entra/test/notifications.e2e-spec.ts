import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { httpRequest, TestResponse } from '@app/testing';
import { KINTONE_TEMPLATE_ID } from '../src/applications/templates';
import { type JobNotificationEvent, type NotificationQuarantine, SyncNotifier } from '../src/sync/notifications';
import { startTestEntra, TestEntra } from './harness';
import { expectOk } from './loop-harness';

/** One message as the SMTP server received it. */
interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  text: string;
  html: string;
}

/** A real SMTP server in this process, no TLS and no AUTH, that keeps what it receives. */
class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) =>
      address.address.startsWith('refused@')
        ? callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }))
        : callback(),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = session.envelope;
        this.received.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((r) => r.address),
          ...parseMime(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  private closed: Promise<void> | null = null;

  close(): Promise<void> {
    this.closed ??= new Promise((resolve) => this.server.close(() => resolve()));
    return this.closed;
  }
}

/** Just enough MIME for nodemailer's output: unfolded headers, encoded words, the text and HTML alternatives. */
function parseMime(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const [head, body] = splitHead(raw);
  const headers = parseHeaders(head);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => splitHead(p.replace(/^\r\n/, '')))
    : [[head, body] as [string, string]];
  const decoded = parts.map(([h, b]) => {
    const ph = parseHeaders(h);
    return { type: ph['content-type'] ?? '', content: decodeBody(b, ph['content-transfer-encoding'] ?? '7bit') };
  });
  return {
    headers,
    text: decoded.find((p) => p.type.startsWith('text/plain'))?.content ?? '',
    html: decoded.find((p) => p.type.startsWith('text/html'))?.content ?? '',
  };
}

function splitHead(raw: string): [string, string] {
  const at = raw.indexOf('\r\n\r\n');
  return at < 0 ? [raw, ''] : [raw.slice(0, at), raw.slice(at + 4)];
}

function parseHeaders(head: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return out;
}

function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQp(text.replace(/_/g, ' ')),
    );
}

function decodeQp(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string): string {
  const text = body.replace(/\r\n$/, '');
  if (/quoted-printable/i.test(encoding)) return decodeQp(text).replace(/\r\n/g, '\n');
  if (/base64/i.test(encoding)) return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8').replace(/\r\n/g, '\n');
  return text.replace(/\r\n/g, '\n');
}

/** Wrapped lines joined: phrases are found whatever the wrapping. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('notification emails of provisioning jobs (SMTP and /sim/outbox)', () => {
  const smtp = new TestSmtpServer();
  let entra: TestEntra;
  let notifier: SyncNotifier;
  let spId: string;
  let spName: string;
  let jobId: string;
  let jobPath: string;
  let minute = 0;

  const sim = (method: string, path: string, { authenticated = true } = {}): Promise<TestResponse> =>
    httpRequest(method, `${entra.url}${path}`, authenticated ? { token: entra.identity.adminToken } : {});
  const outbox = async (query = ''): Promise<any[]> => {
    const res = await sim('GET', `/sim/outbox${query}`);
    expectOk(res, 200);
    return res.body.value;
  };
  const saveNotificationSettings = async (settings: Record<string, unknown>): Promise<void> =>
    expectOk(
      await entra.graph('PUT', `/servicePrincipals/${spId}/synchronization/secrets`, {
        body: {
          value: [
            { key: 'BaseAddress', value: 'http://127.0.0.1:9/scim/v2' },
            { key: 'SecretToken', value: 'not-a-real-token-0123456789' },
            { key: 'SyncNotificationSettings', value: JSON.stringify(settings) },
          ],
        },
      }),
      204,
    );
  const quarantine = (reason: string, seriesCount = 0): NotificationQuarantine => ({
    currentBegan: '2025-03-01T10:00:00.000Z',
    nextAttempt: '2025-03-01T16:00:00.000Z',
    reason,
    seriesBegan: '2025-03-01T10:00:00.000Z',
    seriesCount,
    error: {
      code: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
      message: 'The application answered HTTP 401 to GET /Users.',
      tenantActionable: true,
    },
  });
  /** Each event a minute after the previous one (simulated), so "newest first" is well defined. */
  const event = (overrides: Partial<JobNotificationEvent>): JobNotificationEvent => ({
    kind: 'quarantineEntered',
    jobId,
    servicePrincipalId: spId,
    servicePrincipalName: spName,
    tenantId: entra.identity.tenantId,
    at: new Date(Date.UTC(2025, 2, 1, 10, minute++)),
    quarantine: quarantine('EncounteredQuarantineException'),
    ...overrides,
  });

  beforeAll(async () => {
    const port = await smtp.start();
    entra = await startTestEntra({ SMTP_URL: `smtp://127.0.0.1:${port}`, PROVSIM_CLOCK: 'manual', SYNC_TICK_MS: '0' });
    notifier = entra.app.get(SyncNotifier);
    const instantiated = await entra.graph('POST', `/applicationTemplates/${KINTONE_TEMPLATE_ID}/instantiate`, {
      body: { displayName: 'Kintone' },
    });
    expectOk(instantiated, 201);
    spId = instantiated.body.servicePrincipal.id;
    spName = instantiated.body.servicePrincipal.displayName;
    const created = await entra.graph('POST', `/servicePrincipals/${spId}/synchronization/jobs`, { body: { templateId: 'kintone' } });
    expectOk(created, 201);
    jobId = created.body.id;
    jobPath = `${entra.graphUrl}/servicePrincipals/${spId}/synchronization/jobs/${jobId}`;
    await saveNotificationSettings({
      Enabled: true,
      Recipients: 'ops@contoso.com; it@contoso.com',
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: 10,
    });
  }, 120_000);

  afterAll(async () => {
    await entra?.stop();
    await smtp.close();
  }, 60_000);

  it.each<[string, Partial<JobNotificationEvent>, string, string[]]>([
    [
      'quarantineEntered',
      {},
      'Provisioning for Kintone is in quarantine (EncounteredQuarantineException)',
      [
        'has been placed in quarantine',
        'Reason: EncounteredQuarantineException',
        'Quarantine began: 2025-03-01T10:00:00.000Z',
        'Next attempt: 2025-03-01T16:00:00.000Z',
        'Times re-evaluated: 0',
        'Error code: SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
        'Error message: The application answered HTTP 401 to GET /Users.',
      ],
    ],
    [
      'quarantineReasonChanged',
      {
        kind: 'quarantineReasonChanged',
        previousReason: 'EncounteredQuarantineException',
        quarantine: quarantine('EncounteredEscrowProportionThreshold', 2),
      },
      'Provisioning for Kintone is still in quarantine, now for EncounteredEscrowProportionThreshold',
      ['Reason: EncounteredEscrowProportionThreshold', 'Previous reason: EncounteredQuarantineException', 'Times re-evaluated: 2'],
    ],
    [
      'deleteThresholdExceeded',
      { kind: 'deleteThresholdExceeded', deletions: { count: 12, threshold: 10 }, quarantine: quarantine('TooManyDeletes') },
      'Provisioning for Kintone stopped: 12 deletions exceed the accidental deletion threshold of 10',
      [
        'Deletions and disables staged: 12',
        'Accidental deletion threshold: 10',
        'reason TooManyDeletes',
        '{"criteria":{"resetScope":"ForceDeletes"}}',
      ],
    ],
  ])('%s: sent over SMTP to both recipients and listed in the outbox', async (kind, overrides, subject, phrases) => {
    const before = smtp.received.length;
    const e = event(overrides);
    await expect(notifier.notify(e)).resolves.toBeUndefined();

    expect(smtp.received).toHaveLength(before + 1);
    const mail = smtp.received[before];
    expect(mail.from).toBe('noreply@provsim.local');
    expect(mail.to).toEqual(['ops@contoso.com', 'it@contoso.com']);
    expect(mail.headers.subject).toBe(subject);
    expect(mail.headers.from).toBe('provsim <noreply@provsim.local>');
    expect(mail.headers.to).toBe('ops@contoso.com, it@contoso.com');
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
    const text = flat(mail.text);
    for (const phrase of [
      ...phrases,
      `Job id: ${jobId}`,
      `Service principal id: ${spId}`,
      `Tenant id: ${entra.identity.tenantId}`,
      `Job (Graph): ${jobPath}`,
    ]) {
      expect(text).toContain(phrase);
    }
    expect(text).toContain(`Time of the event (simulated clock): ${e.at.toISOString()}`);
    expect(mail.html).toContain(`<a href="${jobPath}">`);

    const [latest] = await outbox(`?jobId=${encodeURIComponent(jobId)}`);
    expect(latest).toMatchObject({
      at: e.at.toISOString(),
      jobId,
      servicePrincipalId: spId,
      kind,
      from: 'provsim <noreply@provsim.local>',
      recipients: ['ops@contoso.com', 'it@contoso.com'],
      subject,
      status: 'sent',
      error: null,
    });
    expect(latest.messageId).toBe(mail.headers['message-id']);
    expect(latest.text).toBe(mail.text);
    expect(latest.html).toBe(mail.html);
  });

  it('lists the outbox newest first, filtered by job, limited by top', async () => {
    const all = await outbox();
    expect(all.map((m) => m.kind)).toEqual(['deleteThresholdExceeded', 'quarantineReasonChanged', 'quarantineEntered']);
    expect((await outbox('?top=1')).map((m) => m.kind)).toEqual(['deleteThresholdExceeded']);
    expect(await outbox('?jobId=kintone.someone.else')).toEqual([]);
    expectOk(await sim('GET', '/sim/outbox?top=0'), 400);
    expectOk(await sim('GET', '/sim/outbox?unknown=1'), 400);
  });

  it('needs the bearer token like the other /sim routes', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await sim(method, '/sim/outbox', { authenticated: false });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('InvalidAuthenticationToken');
    }
    expect(await outbox()).toHaveLength(3);
  });

  it('records but does not send when notifications are off', async () => {
    await saveNotificationSettings({ Enabled: false, Recipients: 'ops@contoso.com; it@contoso.com' });
    const before = smtp.received.length;
    await notifier.notify(event({}));
    expect(smtp.received).toHaveLength(before);
    const [latest] = await outbox();
    expect(latest).toMatchObject({
      status: 'suppressed',
      kind: 'quarantineEntered',
      recipients: ['ops@contoso.com', 'it@contoso.com'],
      messageId: null,
    });
    expect(latest.error).toContain('Enabled is false');
    expect(latest.subject).toBe('Provisioning for Kintone is in quarantine (EncounteredQuarantineException)');
  });

  it('records but does not send without a valid recipient, and says which entries were left out', async () => {
    await saveNotificationSettings({ Enabled: true, Recipients: 'not an address' });
    const before = smtp.received.length;
    await notifier.notify(event({}));
    expect(smtp.received).toHaveLength(before);
    const [latest] = await outbox();
    expect(latest).toMatchObject({ status: 'suppressed', recipients: [] });
    expect(latest.error).toContain('no recipient');
    expect(latest.error).toContain("'not an address'");
  });

  it('sends to the accepted recipients and notes the ones the server refused', async () => {
    await saveNotificationSettings({ Enabled: true, Recipients: 'ops@contoso.com, refused@contoso.com' });
    const before = smtp.received.length;
    await notifier.notify(event({}));
    expect(smtp.received).toHaveLength(before + 1);
    expect(smtp.received[before].to).toEqual(['ops@contoso.com']);
    const [latest] = await outbox();
    expect(latest).toMatchObject({ status: 'sent', recipients: ['ops@contoso.com', 'refused@contoso.com'] });
    expect(latest.error).toContain('refused by the SMTP server: refused@contoso.com');
  });

  it('clears the outbox, one job or all', async () => {
    expectOk(await sim('DELETE', '/sim/outbox?jobId=kintone.someone.else'), 204);
    expect((await outbox()).length).toBeGreaterThan(0);
    expectOk(await sim('DELETE', `/sim/outbox?jobId=${encodeURIComponent(jobId)}`), 204);
    expect(await outbox()).toEqual([]);
    await notifier.notify(event({}));
    expectOk(await sim('DELETE', '/sim/outbox'), 204);
    expect(await outbox()).toEqual([]);
  });

  it('records a failed delivery when the SMTP server is unreachable, without throwing', async () => {
    await saveNotificationSettings({ Enabled: true, Recipients: 'ops@contoso.com' });
    await smtp.close();
    await expect(
      notifier.notify(event({ kind: 'deleteThresholdExceeded', deletions: { count: 3, threshold: 2 }, quarantine: null })),
    ).resolves.toBeUndefined();
    const [latest] = await outbox();
    expect(latest).toMatchObject({ status: 'failed', kind: 'deleteThresholdExceeded', recipients: ['ops@contoso.com'], messageId: null });
    expect(latest.error).toMatch(/^SMTP delivery failed: .*ECONNREFUSED/);
  });
});
