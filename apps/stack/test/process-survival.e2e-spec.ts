import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, TestDatabase } from '@app/persistence';
import { rawRequest } from '@app/testing';

const ROOT = resolve(__dirname, '../../..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

/** `npm start`'s program in a child process (TypeScript sources, no build), on a fresh database and random ports. */
async function startStack(
  db: TestDatabase,
  dataDir: string,
): Promise<{ child: ChildProcess; graph: string; token: string; output: () => string }> {
  const child = spawn(process.execPath, [...TS_NODE, 'apps/stack/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : { DATABASE_URL: '' }),
      PROVSIM_DATA_DIR: dataDir,
      ENTRA_DEMO_TENANT: 'false',
      PROVSIM_CLOCK: 'manual',
      SCIM_PORT: '0',
      ENTRA_PORT: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const deadline = Date.now() + 90_000;
  for (;;) {
    const match = /Graph base URL:\s+(\S+)\s+\(Authorization: Bearer (\S+)\)/.exec(out);
    if (match) return { child, graph: match[1], token: match[2], output: () => out };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the stack did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('one request cannot end the process (npm start program, in a child process)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'provsim-survival-'));
    stack = await startStack(db, dataDir);
  }, 120_000);
  afterAll(async () => {
    if (stack?.child.exitCode === null) {
      stack.child.kill('SIGTERM');
      await new Promise((r) => stack.child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  it.each(['users', 'groups'])(
    'a NUL in $filter with $count and ConsistencyLevel: eventual on /%s is a 400, and the process keeps serving',
    async (collection) => {
      const origin = new URL(stack.graph).origin;
      const path = `/v1.0/${collection}?$count=true&$filter=${encodeURIComponent("displayName eq 'a\u0000b'")}`;
      const res = await rawRequest(origin, 'GET', path, {
        headers: { authorization: `Bearer ${stack.token}`, consistencylevel: 'eventual' },
      });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('Request_BadRequest');
      await new Promise((r) => setTimeout(r, 300));
      expect(stack.child.exitCode).toBeNull();
      const after = await rawRequest(origin, 'GET', `/v1.0/${collection}?$count=true`, {
        headers: { authorization: `Bearer ${stack.token}`, consistencylevel: 'eventual' },
      });
      expect(after.status).toBe(200);
      expect(stack.output()).not.toMatch(/unhandled|uncaught/i);
    },
  );
});

describe('the process safety net of the executables', () => {
  it('logs an error thrown in a timer or a rejected promise nobody awaited, once each, and the process keeps running', () => {
    const script = `
      const pino = require('pino');
      const { installProcessSafetyNet } = require('./libs/platform/src/process-safety');
      installProcessSafetyNet(pino({ base: null }));
      setTimeout(() => { throw new Error('thrown in a timer'); }, 10);
      Promise.reject(new Error('rejected and never awaited'));
      setTimeout(() => { process.stdout.write('still serving\\n'); }, 200);
    `;
    const run = spawnSync(process.execPath, [...TS_NODE, '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toBe('still serving');
    const logged = lines.slice(0, -1).map((l) => JSON.parse(l) as { level: number; msg: string; err: { message: string } });
    expect(logged.map((l) => [l.level, l.err.message]).sort()).toEqual([
      [50, 'rejected and never awaited'],
      [50, 'thrown in a timer'],
    ]);
  });
});
