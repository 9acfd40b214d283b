/**
 * The notification emails, rendered from one event: a subject naming the app and the condition, a plain-text body
 * and the same content as HTML. Pure: the Graph base URL comes from the caller.
 *
 * Entra sends one email when a job enters quarantine and another when the quarantine reason changes; the
 * accidental-deletion threshold also sends one (reference §5.5, §6.1). The wording below is provsim's.
 */
import type { JobNotificationEvent, NotificationQuarantine } from './notification.types';

export interface MessageContext {
  /** Graph base URL, e.g. `http://127.0.0.1:3000/v1.0`. */
  graphBaseUrl: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** One labelled value of a details table; `href` makes it a link. */
interface Row {
  label: string;
  value: string;
  href?: string;
}

interface Section {
  title?: string;
  paragraphs?: string[];
  rows?: Row[];
  /** Requests to copy (shown verbatim). */
  code?: string[];
}

/** What each `synchronizationQuarantine.reason` means (reference §5.2). */
export const QUARANTINE_REASON_TEXT: Readonly<Record<string, string>> = {
  EncounteredQuarantineException:
    'The provisioning service cannot work with the application: for example the credentials are invalid, the Tenant URL cannot be reached, or the application does not answer like a SCIM 2.0 endpoint.',
  EncounteredEscrowProportionThreshold: 'Too many provisioning operations failed: more than 40% of them, once at least 5,000 have failed.',
  EncounteredTotalEscrowThreshold:
    'Too many provisioning operations failed: more than 40,000 (60,000 counting manager and group member updates).',
  EncounteredBaseEscrowThreshold: 'Too many provisioning operations failed.',
  TooManyDeletes: 'A provisioning cycle was about to delete or disable more objects than the accidental deletion threshold allows.',
  QuarantinedOnDemand: 'The job was put in quarantine on demand.',
  IngestionInterrupted: 'Reading the objects to provision was interrupted.',
  Unknown: 'The reason is not known.',
};

const SCHEDULE_TEXT =
  'While in quarantine, provisioning runs less often: 6, 12 and 24 hours after the first failure, then once a day. ' +
  'A cycle that succeeds lifts the quarantine. After 28 days in quarantine the job is disabled.';

const MAX_NAME_LENGTH = 120;

/** The app's name as it can appear in a subject line: no control characters, spaces collapsed, bounded length. */
export function displayName(name: string): string {
  const clean = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '') return 'the application';
  return clean.length > MAX_NAME_LENGTH ? `${clean.slice(0, MAX_NAME_LENGTH - 3)}...` : clean;
}

export function reasonText(reason: string): string {
  return QUARANTINE_REASON_TEXT[reason] ?? 'The provisioning service put the job in quarantine.';
}

/** `…/v1.0/servicePrincipals/{sp}/synchronization/jobs/{job}` */
export function jobUrl(event: Pick<JobNotificationEvent, 'jobId' | 'servicePrincipalId'>, ctx: MessageContext): string {
  return `${ctx.graphBaseUrl.replace(/\/$/, '')}/servicePrincipals/${encodeURIComponent(event.servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(event.jobId)}`;
}

/** The job's provisioning logs, optionally narrowed by one more `$filter` clause. */
export function logsUrl(jobId: string, ctx: MessageContext, extraFilter?: string): string {
  const filter = `jobId eq '${jobId.replace(/'/g, "''")}'${extraFilter ? ` and ${extraFilter}` : ''}`;
  return `${ctx.graphBaseUrl.replace(/\/$/, '')}/auditLogs/provisioning?$filter=${encodeURIComponent(filter)}`;
}

export function renderNotification(event: JobNotificationEvent, ctx: MessageContext): RenderedMessage {
  const app = displayName(event.servicePrincipalName);
  const quarantine = event.quarantine ?? null;
  const job = jobUrl(event, ctx);
  let subject: string;
  let sections: Section[];
  switch (event.kind) {
    case 'quarantineEntered': {
      const reason = quarantine?.reason ?? 'Unknown';
      subject = `Provisioning for ${app} is in quarantine (${reason})`;
      sections = [
        { paragraphs: [`Provisioning for the application "${app}" has been placed in quarantine.`] },
        { rows: [{ label: 'Reason', value: reason }] },
        { paragraphs: [reasonText(reason), SCHEDULE_TEXT] },
        ...quarantineSection(quarantine),
        jobSection(event, app, job, ctx),
        restartSection(job, quarantine),
      ];
      break;
    }
    case 'quarantineReasonChanged': {
      const reason = quarantine?.reason ?? 'Unknown';
      const previous = event.previousReason ?? 'Unknown';
      subject = `Provisioning for ${app} is still in quarantine, now for ${reason}`;
      sections = [
        { paragraphs: [`Provisioning for the application "${app}" is still in quarantine, for a different reason.`] },
        {
          rows: [
            { label: 'Reason', value: reason },
            { label: 'Previous reason', value: previous },
          ],
        },
        { paragraphs: [reasonText(reason), SCHEDULE_TEXT] },
        ...quarantineSection(quarantine),
        jobSection(event, app, job, ctx),
        restartSection(job, quarantine),
      ];
      break;
    }
    case 'deleteThresholdExceeded': {
      const count = event.deletions?.count ?? 0;
      const threshold = event.deletions?.threshold ?? 0;
      subject = `Provisioning for ${app} stopped: ${count} ${count === 1 ? 'deletion exceeds' : 'deletions exceed'} the accidental deletion threshold of ${threshold}`;
      sections = [
        { paragraphs: [`Provisioning for the application "${app}" has been stopped to prevent accidental deletions.`] },
        {
          paragraphs: [
            `A provisioning cycle was about to delete or disable ${count} ${count === 1 ? 'object' : 'objects'} in the application, ` +
              `more than the accidental deletion threshold of ${threshold} allows. None of them was deleted or disabled: ` +
              'they are staged, and the job is in quarantine (reason TooManyDeletes) until you decide.',
          ],
          rows: [
            { label: 'Deletions and disables staged', value: String(count) },
            { label: 'Accidental deletion threshold', value: String(threshold) },
          ],
        },
        ...quarantineSection(quarantine),
        jobSection(event, app, job, ctx),
        {
          title: 'What to do',
          paragraphs: ['Review the staged deletions in the provisioning logs (action StagedDelete):'],
          rows: [
            {
              label: 'Staged deletions',
              value: logsUrl(event.jobId, ctx, "provisioningAction eq 'stagedDelete'"),
              href: logsUrl(event.jobId, ctx, "provisioningAction eq 'stagedDelete'"),
            },
          ],
        },
        {
          paragraphs: ['If the deletions are intended, allow them (the next cycle makes them):'],
          code: [`POST ${job}/restart`, '{"criteria":{"resetScope":"ForceDeletes"}}'],
        },
        {
          paragraphs: ['If they are not, fix the cause first (assignments, scoping filters, deleted users), then restart provisioning:'],
          code: [`POST ${job}/restart`],
        },
      ];
      break;
    }
  }
  sections.push({
    paragraphs: [
      "This message was sent by provsim's provisioning service to the notification email addresses of this application's provisioning " +
        `settings (SyncNotificationSettings). Time of the event (simulated clock): ${isoOf(event.at)}.`,
    ],
  });
  return { subject, text: toText(sections), html: toHtml(subject, sections) };
}

function quarantineSection(q: NotificationQuarantine | null): Section[] {
  if (!q) return [];
  const rows: Row[] = [
    { label: 'Quarantine began', value: q.currentBegan },
    { label: 'Next attempt', value: q.nextAttempt },
    { label: 'Series began', value: q.seriesBegan },
    { label: 'Times re-evaluated', value: String(q.seriesCount) },
  ];
  if (q.error) {
    rows.push(
      { label: 'Error code', value: q.error.code },
      { label: 'Error message', value: q.error.message },
      { label: 'Fixable by the tenant', value: q.error.tenantActionable ? 'yes' : 'no' },
    );
  }
  return [{ title: 'Quarantine details', rows }];
}

function jobSection(event: JobNotificationEvent, app: string, job: string, ctx: MessageContext): Section {
  const logs = logsUrl(event.jobId, ctx);
  return {
    title: 'Provisioning job',
    rows: [
      { label: 'Application', value: app },
      { label: 'Service principal id', value: event.servicePrincipalId },
      { label: 'Job id', value: event.jobId },
      { label: 'Tenant id', value: event.tenantId },
      { label: 'Job (Graph)', value: job, href: job },
      { label: 'Provisioning logs', value: logs, href: logs },
    ],
  };
}

function restartSection(job: string, q: NotificationQuarantine | null): Section {
  const credentials =
    q?.reason === 'EncounteredQuarantineException'
      ? ' (for invalid credentials: save the right Tenant URL and Secret Token, then test the connection)'
      : '';
  return {
    title: 'What to do',
    paragraphs: [`Fix the cause${credentials}, then restart provisioning, or wait for the next attempt:`],
    code: [`POST ${job}/restart`, '{"criteria":{"resetScope":"QuarantineState, Watermark, Escrows"}}'],
  };
}

function isoOf(at: Date): string {
  return at instanceof Date && !Number.isNaN(at.getTime()) ? at.toISOString() : String(at);
}

// ---- plain text ----

const LABEL_WIDTH = 32;
const TEXT_WIDTH = 78;

/** Sections separated by a blank line; paragraphs wrapped at 78 columns (long words such as URLs kept whole). */
function toText(sections: Section[]): string {
  const blocks = sections.map((s) => {
    const parts: string[] = [];
    for (const p of s.paragraphs ?? []) parts.push(wrap(p, TEXT_WIDTH));
    if (s.rows?.length) {
      parts.push(
        s.rows
          .flatMap((r) => {
            const [first, ...rest] = r.value.split(/\r\n|\r|\n/);
            return [`  ${`${r.label}:`.padEnd(LABEL_WIDTH)}${first}`, ...rest.map((l) => `  ${' '.repeat(LABEL_WIDTH)}${l}`)];
          })
          .join('\n'),
      );
    }
    if (s.code?.length) parts.push(s.code.map((c) => `    ${c}`).join('\n'));
    const heading = s.title ? `${s.title}\n${'-'.repeat(s.title.length)}\n` : '';
    return heading + parts.join('\n\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

export function wrap(paragraph: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

// ---- HTML ----

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function toHtml(subject: string, sections: Section[]): string {
  const body = sections
    .map((s, i) => {
      const parts: string[] = [];
      if (s.title) parts.push(`<h3 style="margin:16px 0 4px">${escapeHtml(s.title)}</h3>`);
      for (const p of s.paragraphs ?? [])
        parts.push(i === 0 ? `<p style="font-size:16px"><strong>${escapeHtml(p)}</strong></p>` : `<p>${escapeHtml(p)}</p>`);
      if (s.rows?.length) {
        const rows = s.rows.map((r) => {
          const value = r.href
            ? `<a href="${escapeHtml(r.href)}">${escapeHtml(r.value)}</a>`
            : escapeHtml(r.value).replace(/\r\n|\r|\n/g, '<br>');
          return `<tr><td style="padding:2px 12px 2px 0;color:#555;vertical-align:top;white-space:nowrap">${escapeHtml(r.label)}</td><td style="padding:2px 0;word-break:break-all">${value}</td></tr>`;
        });
        parts.push(`<table style="border-collapse:collapse">${rows.join('')}</table>`);
      }
      if (s.code?.length)
        parts.push(`<pre style="background:#f4f4f4;padding:8px;white-space:pre-wrap">${escapeHtml(s.code.join('\n'))}</pre>`);
      return parts.join('\n');
    })
    .join('\n');
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
    `<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#222">\n${body}\n</body></html>\n`
  );
}
