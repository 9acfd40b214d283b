import { displayName, escapeHtml, jobUrl, logsUrl, reasonText, renderNotification, wrap } from './notification-message';
import type { JobNotificationEvent, NotificationQuarantine } from './notification.types';

const ctx = { graphBaseUrl: 'http://127.0.0.1:3000/v1.0' };
const SP = '6f3c1a52-3f7e-4a51-9a4c-0c1d2e3f4a5b';
const JOB = 'kintone.0f1e2d3c4b5a69788796a5b4c3d2e1f0.00112233445566778899aabbccddeeff';
const JOB_URL = `http://127.0.0.1:3000/v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}`;

const credentialsQuarantine: NotificationQuarantine = {
  currentBegan: '2025-03-01T10:00:00.000Z',
  nextAttempt: '2025-03-01T16:00:00.000Z',
  reason: 'EncounteredQuarantineException',
  seriesBegan: '2025-03-01T10:00:00.000Z',
  seriesCount: 0,
  error: {
    code: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    message: 'The application answered HTTP 401.',
    tenantActionable: true,
  },
};

function event(overrides: Partial<JobNotificationEvent>): JobNotificationEvent {
  return {
    kind: 'quarantineEntered',
    jobId: JOB,
    servicePrincipalId: SP,
    servicePrincipalName: 'Kintone',
    tenantId: '2b6e5c41-8f0a-4d3b-9e7c-1a2b3c4d5e6f',
    at: new Date('2025-03-01T10:00:00.000Z'),
    quarantine: credentialsQuarantine,
    ...overrides,
  };
}

/** The plain-text body with wrapped lines joined, so phrases can be looked for whatever the wrapping. */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('renderNotification', () => {
  it.each<[string, Partial<JobNotificationEvent>, string, string[], string[]]>([
    [
      'quarantine entered (credentials)',
      {},
      'Provisioning for Kintone is in quarantine (EncounteredQuarantineException)',
      [
        'Provisioning for the application "Kintone" has been placed in quarantine.',
        'Reason: EncounteredQuarantineException',
        'the credentials are invalid',
        '6, 12 and 24 hours after the first failure, then once a day',
        'Quarantine began: 2025-03-01T10:00:00.000Z',
        'Next attempt: 2025-03-01T16:00:00.000Z',
        'Series began: 2025-03-01T10:00:00.000Z',
        'Times re-evaluated: 0',
        'Error code: SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
        'Error message: The application answered HTTP 401.',
        'Fixable by the tenant: yes',
        `Job id: ${JOB}`,
        `Service principal id: ${SP}`,
        'Tenant id: 2b6e5c41-8f0a-4d3b-9e7c-1a2b3c4d5e6f',
        `Job (Graph): ${JOB_URL}`,
        `POST ${JOB_URL}/restart {"criteria":{"resetScope":"QuarantineState, Watermark, Escrows"}}`,
        'save the right Tenant URL and Secret Token',
        'Time of the event (simulated clock): 2025-03-01T10:00:00.000Z.',
      ],
      ['Previous reason', 'ForceDeletes', 'threshold'],
    ],
    [
      'quarantine reason changed',
      {
        kind: 'quarantineReasonChanged',
        previousReason: 'EncounteredQuarantineException',
        quarantine: {
          ...credentialsQuarantine,
          reason: 'EncounteredEscrowProportionThreshold',
          seriesCount: 3,
          currentBegan: '2025-03-02T10:00:00.000Z',
          error: null,
        },
      },
      'Provisioning for Kintone is still in quarantine, now for EncounteredEscrowProportionThreshold',
      [
        'is still in quarantine, for a different reason.',
        'Reason: EncounteredEscrowProportionThreshold',
        'Previous reason: EncounteredQuarantineException',
        'more than 40% of them',
        'Quarantine began: 2025-03-02T10:00:00.000Z',
        'Times re-evaluated: 3',
      ],
      ['Error code', 'Secret Token', 'ForceDeletes'],
    ],
    [
      'accidental-deletion threshold exceeded',
      {
        kind: 'deleteThresholdExceeded',
        deletions: { count: 12, threshold: 10 },
        quarantine: {
          ...credentialsQuarantine,
          reason: 'TooManyDeletes',
          error: { code: 'TooManyDeletes', message: '12 deletions, threshold 10.', tenantActionable: true },
        },
      },
      'Provisioning for Kintone stopped: 12 deletions exceed the accidental deletion threshold of 10',
      [
        'has been stopped to prevent accidental deletions.',
        'about to delete or disable 12 objects in the application, more than the accidental deletion threshold of 10 allows.',
        'Deletions and disables staged: 12',
        'Accidental deletion threshold: 10',
        'reason TooManyDeletes',
        'Error code: TooManyDeletes',
        `POST ${JOB_URL}/restart {"criteria":{"resetScope":"ForceDeletes"}}`,
        "provisioningAction%20eq%20'stagedDelete'",
      ],
      ['Previous reason', 'QuarantineState'],
    ],
    [
      'threshold exceeded without quarantine details, one object',
      { kind: 'deleteThresholdExceeded', deletions: { count: 1, threshold: 0 }, quarantine: null },
      'Provisioning for Kintone stopped: 1 deletion exceeds the accidental deletion threshold of 0',
      ['delete or disable 1 object in the application'],
      ['Quarantine details', 'Next attempt'],
    ],
    [
      'quarantine entered without details',
      { quarantine: undefined },
      'Provisioning for Kintone is in quarantine (Unknown)',
      ['Reason: Unknown', 'The reason is not known.', `Job id: ${JOB}`],
      ['Quarantine details', 'Secret Token'],
    ],
  ])('%s', (_name, overrides, subject, inText, notInText) => {
    const message = renderNotification(event(overrides), ctx);
    expect(message.subject).toBe(subject);
    const text = flat(message.text);
    for (const phrase of inText) expect(text).toContain(phrase);
    for (const phrase of notInText) expect(text).not.toContain(phrase);
    expect(message.html).toContain(`<title>${escapeHtml(subject)}</title>`);
    expect(message.html).toContain(`<a href="${JOB_URL}">`);
  });

  it('wraps paragraphs at 78 columns but never splits a URL or an id', () => {
    const { text } = renderNotification(event({}), ctx);
    for (const line of text.split('\n')) {
      if (!/https?:\/\/|^\s{2}\S/.test(line)) expect(line.length).toBeLessThanOrEqual(78);
    }
    expect(text).toContain(JOB_URL);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('keeps an app name with line breaks and markup out of headers and HTML', () => {
    const message = renderNotification(event({ servicePrincipalName: 'Evil\r\nBcc: x@example.com <script>alert(1)</script>' }), ctx);
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.subject).toBe(
      'Provisioning for Evil Bcc: x@example.com <script>alert(1)</script> is in quarantine (EncounteredQuarantineException)',
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes error messages in HTML and keeps their line breaks', () => {
    const quarantine = { ...credentialsQuarantine, error: { code: 'X', message: 'line <1>\nline "2" & more', tenantActionable: false } };
    const message = renderNotification(event({ quarantine }), ctx);
    expect(message.html).toContain('line &lt;1&gt;<br>line &quot;2&quot; &amp; more');
    expect(message.text).toMatch(/Error message: {18}line <1>\n {34}line "2" & more/);
    expect(flat(message.text)).toContain('Fixable by the tenant: no');
  });
});

describe('message helpers', () => {
  it.each<[string, string]>([
    ['Kintone', 'Kintone'],
    ['  Kintone   (prod) ', 'Kintone (prod)'],
    ['a\tb\u0000c\u2028d', 'a b c d'],
    ['', 'the application'],
    ['\r\n', 'the application'],
    ['x'.repeat(200), `${'x'.repeat(117)}...`],
  ])('displayName(%j) = %j', (input, expected) => {
    expect(displayName(input)).toBe(expected);
  });

  it.each<[string, string]>([
    ['TooManyDeletes', 'accidental deletion threshold'],
    ['EncounteredTotalEscrowThreshold', '40,000'],
    ['QuarantinedOnDemand', 'on demand'],
    ['SomethingNew', 'put the job in quarantine'],
  ])('reasonText(%s) mentions %j', (reason, phrase) => {
    expect(reasonText(reason)).toContain(phrase);
  });

  it('builds Graph links with encoded path segments and OData filters', () => {
    expect(jobUrl({ jobId: 'a/b', servicePrincipalId: SP }, { graphBaseUrl: 'https://graph.local/v1.0/' })).toBe(
      `https://graph.local/v1.0/servicePrincipals/${SP}/synchronization/jobs/a%2Fb`,
    );
    expect(logsUrl("o'k", ctx)).toBe(`http://127.0.0.1:3000/v1.0/auditLogs/provisioning?$filter=${encodeURIComponent("jobId eq 'o''k'")}`);
  });

  it.each<[string, number, string]>([
    ['', 10, ''],
    ['one two three', 7, 'one two\nthree'],
    ['short', 78, 'short'],
    ['a https://very.long/url/that/exceeds b', 10, 'a\nhttps://very.long/url/that/exceeds\nb'],
  ])('wrap(%j, %d)', (input, width, expected) => {
    expect(wrap(input, width)).toBe(expected);
  });
});
