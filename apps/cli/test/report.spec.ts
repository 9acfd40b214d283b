import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CheckResult, Report } from '../src/report/report';
import { closingLine, exitCodeOf, summarize, writeReports } from '../src/report/report';
import { toJUnitXml } from '../src/report/junit';
import { toHtml } from '../src/report/html';
import { maskSecrets, maskString, registerSecret } from '../src/report/mask';

function check(id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return { id, name: `name of ${id}`, group: id.split('.')[0], mandatory: true, status, durationMs: 12.5, ...extra };
}

function report(checks: CheckResult[], extra: Partial<Report> = {}): Report {
  return {
    tool: 'provsim',
    version: '0.1.0',
    command: 'validate',
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:00:02.500Z',
    target: { url: 'http://127.0.0.1:1/scim', profile: 'generic', local: false },
    options: {},
    checks,
    summary: summarize(checks),
    ...extra,
  };
}

describe('summary and closing line', () => {
  it.each<[CheckResult['status'][], Report['summary'], string, number]>([
    [[], { passed: 0, failed: 0, skipped: 0, warnings: 0 }, '0 passed, 0 failed', 0],
    [['PASSED', 'PASSED'], { passed: 2, failed: 0, skipped: 0, warnings: 0 }, '2 passed, 0 failed', 0],
    [['PASSED', 'FAILED', 'SKIPPED'], { passed: 1, failed: 1, skipped: 1, warnings: 0 }, '1 passed, 1 failed, 1 skipped', 1],
    [['WARNING', 'PASSED'], { passed: 1, failed: 0, skipped: 0, warnings: 1 }, '1 passed, 0 failed', 0],
    [['SKIPPED', 'SKIPPED'], { passed: 0, failed: 0, skipped: 2, warnings: 0 }, '0 passed, 0 failed, 2 skipped', 0],
  ])('%j → %j, "%s", exit %d', (statuses, summary, line, code) => {
    const s = summarize(statuses.map((st, i) => check(`g.c${i}`, st)));
    expect(s).toEqual(summary);
    expect(closingLine(s)).toBe(line);
    expect(exitCodeOf(s)).toBe(code);
  });
});

describe('JUnit XML', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  const nasty = 'a <b> & "c" \'d\' \u0001 ]]> end';
  const checks = [
    check('users.create', 'PASSED'),
    check('users.patch', 'FAILED', {
      message: `PATCH answered 400 ${nasty}`,
      expected: '200 or 204',
      fix: 'Accept it',
      exchanges: [
        {
          method: 'PATCH',
          url: 'http://x/Users/1?a=1&b=2',
          requestBody: { op: '<Replace>' },
          status: 400,
          responseBody: { detail: nasty },
        },
      ],
    }),
    check('groups.create', 'SKIPPED', { message: 'group checks run with --groups' }),
    check('quirks.active', 'WARNING', { mandatory: false, message: 'optional thing' }),
  ];
  const xml = toJUnitXml(report(checks));
  const doc = parser.parse(xml);

  it('is well-formed XML even with markup and control characters in messages', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has the testsuites → testsuite → testcase shape with counts and times CI systems read', () => {
    const suites = doc.testsuites;
    expect(suites).toMatchObject({ name: 'provsim validate', tests: '4', failures: '1', errors: '0', skipped: '1', time: '2.500' });
    expect(suites.testsuite.map((s: any) => s.name)).toEqual(['validate.users', 'validate.groups', 'validate.quirks']);
    const users = suites.testsuite[0];
    expect(users).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0', time: '0.025' });
    expect(users.testcase.map((t: any) => [t.name, t.classname, t.time])).toEqual([
      ['users.create', 'provsim.validate.users', '0.013'],
      ['users.patch', 'provsim.validate.users', '0.013'],
    ]);
    expect(users.properties.property).toEqual(expect.arrayContaining([{ name: 'target', value: 'http://127.0.0.1:1/scim' }]));
  });

  it('FAILED → <failure> with the message, what Entra expects, the fix and the exchange; SKIPPED → <skipped>; WARNING → <system-out>', () => {
    const failure = doc.testsuites.testsuite[0].testcase[1].failure;
    expect(failure.message).toBe('PATCH answered 400 a <b> & "c" \'d\' \uFFFD ]]> end');
    expect(failure.type).toBe('mandatory');
    expect(failure['#text']).toContain('Entra expects: 200 or 204');
    expect(failure['#text']).toContain('Likely fix: Accept it');
    expect(failure['#text']).toContain('PATCH http://x/Users/1?a=1&b=2');
    expect(failure['#text']).toContain('"op":"<Replace>"');
    expect(doc.testsuites.testsuite[1].testcase[0].skipped).toEqual({ message: 'group checks run with --groups' });
    expect(doc.testsuites.testsuite[2].testcase[0]['system-out']).toMatch(/^WARNING: name of quirks.active\noptional thing/);
    expect(doc.testsuites.testsuite[2].testcase[0].failure).toBeUndefined();
  });
});

describe('HTML', () => {
  it('is one self-contained page: no external script, style, image or font', () => {
    const html = toHtml(report([check('a.b', 'PASSED')]));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=/i);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1:1\/scim|www\.w3\.org\/2000\/svg)/);
  });

  it('escapes what the target answered, and shows the failing exchanges', () => {
    const html = toHtml(
      report([
        check('a.b', 'FAILED', {
          message: '<script>alert(1)</script>',
          exchanges: [
            { method: 'POST', url: 'http://x/Users', requestBody: { userName: '<u>' }, status: 500, responseBody: '<html>oops</html>' },
          ],
        }),
      ]),
    );
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('POST http://x/Users');
    expect(html).toContain('HTTP 500');
    expect(html).toContain('&lt;html&gt;oops&lt;/html&gt;');
  });

  it('charts exports and failures per cycle as inline SVG when the run had cycles', () => {
    const cycle = (n: number, created: number, failed: number) => ({
      cycle: n,
      simulatedAt: '',
      durationMs: 1,
      created,
      updated: 0,
      disabled: 0,
      deleted: 0,
      skipped: 0,
      failed,
      escrowed: 0,
      rssBytes: 1,
      heapUsedBytes: 1,
    });
    const html = toHtml(report([], { command: 'soak', cycles: [cycle(1, 10, 0), cycle(2, 3, 2)] }));
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<title>cycle 2: 3</title>');
    expect(html).toContain('<title>cycle 2: 2</title>');
    expect(toHtml(report([]))).not.toContain('<svg');
  });
});

describe('secrets', () => {
  it('masks registered secrets and bearer credentials everywhere, including in written files', async () => {
    const secret = 'S3cr3t-token-value-for-tests';
    registerSecret(secret);
    expect(maskString(`Authorization: Bearer abc.def-ghi and ${secret}`)).toBe('Authorization: Bearer *** and ***');
    expect(maskString('Basic Users, Bearer of news')).toBe('Basic Users, Bearer of news');
    const r = report([
      check('a.b', 'FAILED', {
        message: `token ${secret} refused`,
        exchanges: [
          {
            method: 'GET',
            url: 'http://x',
            requestHeaders: { authorization: `Bearer ${secret}` },
            responseBody: { token: 'other-secret' },
          },
        ],
      }),
    ]);
    const masked = maskSecrets(r);
    expect(masked.checks[0].exchanges![0].requestHeaders!.authorization).toBe('Bearer ***');
    expect((masked.checks[0].exchanges![0].responseBody as any).token).toBe('***');
    const dir = await mkdtemp(join(tmpdir(), 'provsim-report-'));
    try {
      const paths = await writeReports(r, join(dir, 'nested', 'out'));
      for (const file of [paths.json, paths.junit, paths.html]) {
        const text = await readFile(file, 'utf8');
        expect(text).not.toContain(secret);
        expect(text).not.toContain('other-secret');
      }
      expect(JSON.parse(await readFile(paths.json, 'utf8'))).toMatchObject({
        tool: 'provsim',
        command: 'validate',
        summary: { failed: 1 },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
