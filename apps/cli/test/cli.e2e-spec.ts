/** The provsim command as a child process: exit codes 0/1/2, the closing line, --json, --report-dir, no secrets. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeTarget } from './validate-fake-target';

jest.setTimeout(300_000);

const BIN = join(__dirname, '..', 'bin', 'provsim.js');
const CLOSING = /^\d+ passed, \d+ failed(, \d+ skipped)?$/;

function provsim(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, PROVSIM_CLI_FROM_SOURCE: '1', NO_COLOR: '1', PROVSIM_TOKEN: '', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop() ?? '';
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('provsim (child process)', () => {
  it('--help for the program and every command exits 0', async () => {
    const top = await provsim(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['start', 'seed', 'validate', 'soak']) expect(top.stdout).toContain(command);
    const validate = await provsim(['validate', '--help']);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('--report-dir <dir>');
  });

  it('usage errors exit 2 with one line, no stack trace', async () => {
    const unknown = await provsim(['validate', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe("error: unknown option '--frobnicate'");
    const profile = await provsim(['validate', '--profile', '/no/such/mapping.json']);
    expect(profile.code).toBe(2);
    expect(profile.stderr.trim()).toMatch(
      /^provsim: --profile \/no\/such\/mapping\.json: not kintone, generic or a readable mapping file \(ENOENT\)$/,
    );
    const token = await provsim(['validate', '--target', 'http://127.0.0.1:9/scim']);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/--token is required with --target/);
  });

  it('seed fills the database it is given, and exits 2 on bad usage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provsim-seed-'));
    try {
      const ok = await provsim(['seed', '--users', '4', '--groups', '1', '--seed', 'cli'], { PROVSIM_DATA_DIR: dir, DATABASE_URL: '' });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/users {8}4 /);
      const bad = await provsim(['seed', '--users', '4'], { PROVSIM_DATA_DIR: dir, DATABASE_URL: '' });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^seed: --groups is required/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unreachable target exits 2 with a clear message', async () => {
    const port = await closedPort();
    const r = await provsim([
      'validate',
      '--target',
      `http://127.0.0.1:${port}/scim`,
      '--token',
      'secret-token-never-printed',
      '--no-engine',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      new RegExp(`^provsim: cannot reach the target: GET http://127\\.0\\.0\\.1:${port}/scim/Users\\?filter=.*ECONNREFUSED`),
    );
    expect(r.stderr + r.stdout).not.toContain('secret-token-never-printed');
  });

  it('a failing mandatory check exits 1, ends with the closing line and writes the three reports without the token', async () => {
    const target = await startFakeTarget({ caseSensitiveFilter: true });
    const dir = await mkdtemp(join(tmpdir(), 'provsim-cli-'));
    try {
      const r = await provsim(['validate', '--target', target.url, '--token', target.token, '--no-engine', '--report-dir', dir]);
      expect(r.code).toBe(1);
      expect(lastLine(r.stdout)).toMatch(CLOSING);
      expect(lastLine(r.stdout)).toMatch(/, 1 failed/);
      expect(r.stdout).toMatch(/FAIL {2}users\.filter\.username-eq-is-case-insensitive/);
      expect(r.stdout).toMatch(/Likely fix: Compare userName case-insensitively/);
      for (const file of ['report.json', 'junit.xml', 'report.html']) {
        const text = await readFile(join(dir, file), 'utf8');
        expect(text).not.toContain(target.token);
        expect(text).toContain('users.filter.username-eq-is-case-insensitive');
      }
      expect(r.stdout + r.stderr).not.toContain(target.token);
    } finally {
      await target.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--json prints only the report on stdout; all passed exits 0', async () => {
    const target = await startFakeTarget();
    try {
      const r = await provsim(['--json', 'validate', '--target', target.url, '--token', target.token, '--no-engine']);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({ tool: 'provsim', command: 'validate', target: { local: false }, summary: { failed: 0 } });
      expect(r.stdout).not.toContain(target.token);
    } finally {
      await target.close();
    }
  });

  it('with no --target it validates a local provsim target out of the box and exits 0', async () => {
    const r = await provsim(['validate', '--profile', 'kintone', '--no-engine']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(local provsim target), profile kintone');
    expect(lastLine(r.stdout)).toMatch(/^\d+ passed, 0 failed, \d+ skipped$/);
  });
});
