import type { CheckResult, Report } from './report';

/**
 * JUnit XML in the shape Jenkins, GitLab and GitHub test reporters read: <testsuites> with one <testsuite> per check
 * group, one <testcase> per check or invariant, <failure> for FAILED, <skipped> for SKIPPED; a WARNING is a passing
 * test case whose <system-out> carries the warning. Counts and times (seconds) on both levels.
 */
export function toJUnitXml(report: Report): string {
  const groups = new Map<string, CheckResult[]>();
  for (const check of report.checks) {
    const list = groups.get(check.group) ?? [];
    list.push(check);
    groups.set(check.group, list);
  }
  const suites = [...groups].map(([group, checks]) => suite(report, group, checks));
  const totals = counts(report.checks);
  const name = `provsim ${report.command}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(name)}" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}" time="${seconds(
      Date.parse(report.finishedAt) - Date.parse(report.startedAt),
    )}" timestamp="${esc(report.startedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(report: Report, group: string, checks: CheckResult[]): string {
  const c = counts(checks);
  const time = checks.reduce((sum, check) => sum + check.durationMs, 0);
  const props = [
    ['target', report.target.url],
    ['profile', report.target.profile ?? ''],
    ...(report.seed !== undefined ? [['seed', String(report.seed)]] : []),
  ];
  return [
    `  <testsuite name="${esc(`${report.command}.${group}`)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="${seconds(time)}" timestamp="${esc(report.startedAt)}">`,
    '    <properties>',
    ...props.map(([n, v]) => `      <property name="${esc(n)}" value="${esc(v)}"/>`),
    '    </properties>',
    ...checks.map((check) => testcase(report, check)),
    '  </testsuite>',
  ].join('\n');
}

function testcase(report: Report, check: CheckResult): string {
  const open = `    <testcase name="${esc(check.id)}" classname="${esc(`provsim.${report.command}.${check.group}`)}" time="${seconds(check.durationMs)}"`;
  const body: string[] = [];
  if (check.status === 'FAILED') {
    body.push(
      `      <failure message="${esc(oneLine(check.message ?? 'failed'))}" type="${check.mandatory ? 'mandatory' : 'optional'}">${escText(details(check))}</failure>`,
    );
  } else if (check.status === 'SKIPPED') {
    body.push(`      <skipped message="${esc(oneLine(check.message ?? 'skipped'))}"/>`);
  } else if (check.status === 'WARNING') {
    body.push(`      <system-out>${escText(`WARNING: ${details(check)}`)}</system-out>`);
  }
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`;
}

/** The failure text: the check's name, message, what Entra expects, the fix and the exchanges. */
export function details(check: CheckResult): string {
  const lines = [check.name];
  if (check.message) lines.push(check.message);
  if (check.expected) lines.push(`Entra expects: ${check.expected}`);
  if (check.fix) lines.push(`Likely fix: ${check.fix}`);
  for (const x of check.exchanges ?? []) {
    lines.push(`${x.method} ${x.url}`);
    if (x.requestBody !== undefined) lines.push(`  request: ${JSON.stringify(x.requestBody)}`);
    lines.push(`  answer: ${x.error ?? x.status ?? '-'}${x.responseBody !== undefined ? ` ${JSON.stringify(x.responseBody)}` : ''}`);
  }
  return lines.join('\n');
}

function counts(checks: CheckResult[]): { tests: number; failures: number; skipped: number } {
  return {
    tests: checks.length,
    failures: checks.filter((c) => c.status === 'FAILED').length,
    skipped: checks.filter((c) => c.status === 'SKIPPED').length,
  };
}

function seconds(ms: number): string {
  return (Math.max(0, Number.isFinite(ms) ? ms : 0) / 1000).toFixed(3);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * XML-escapes text for attributes and element content, and drops the characters XML 1.0 cannot carry at all
 * (control characters other than tab, newline and carriage return; lone surrogates; U+FFFE/U+FFFF).
 */
export function esc(text: string): string {
  return escText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Escaping for element content: line breaks stay as they are, so the failure text reads well in the raw file. */
export function escText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
