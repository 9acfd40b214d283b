/**
 * The admin portal at scale: what the first page costs to download, and how long the Users and Provisioning logs
 * pages take to show their first page on a tenant of BENCH_USERS (100,000) users and as many provisioning-log
 * entries, in Debian's Chromium driven by playwright-core.
 *
 * 1. The first page's JavaScript: every script the browser fetches to show /portal/ (the entry chunk, its static
 *    imports and the Home page's lazy chunk), gzip-compressed here at level 9 as a server would send it, against
 *    the 350 KB budget; and the whole build for comparison.
 * 2. Seeds BENCH_USERS users (scripts/seed.ts, the same generator as `npm run seed`) and writes as many log
 *    entries (ProvisioningLogWriter, the engine's writer) into a scratch embedded database (or a scratch database
 *    on DATABASE_URL's server), starts the stack as `npm start` does (built dist, manual clock, no demo tenant),
 *    signs in with the printed link and times, from navigation to the first data row on screen: Users, then
 *    Provisioning logs, after a click in the left navigation and after opening the view's deep link (a whole page
 *    load), median of BENCH_ROUNDS (3).
 *
 * Usage: npm run build && npm run bench:portal
 * Env: BENCH_USERS (100000), BENCH_ROUNDS (3), DATABASE_URL, CHROMIUM (/usr/bin/chromium).
 */
import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/persistence';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../../apps/entra/src/database';
import { LOG_INSERT_CHUNK, ProvisioningLogWriter } from '../../apps/entra/src/sync/logs';
import { sampleLogEntries } from '../logs/entries';
import { fmt, timed, withClient } from '../support';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SERVER_URL = process.env.DATABASE_URL;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../..');
const PORTAL_DIST = join(ROOT, 'dist/portal');
const STACK_MAIN = join(ROOT, 'dist/apps/stack/apps/stack/src/main.js');
const BUDGET_KB = 350;

const gzipKb = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForBanner(child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (/Secret Token:/.test(output())) return output();
    if (child.exitCode !== null) throw new Error(`the stack exited early:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no banner within 180 s:\n${output()}`);
}

/** Milliseconds from `navigate` to the first data row on screen (the second row: the first is the header). */
async function firstRowMs(page: Page, navigate: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await navigate();
  await page.getByRole('row').nth(1).waitFor({ state: 'visible', timeout: 60_000 });
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  if (!existsSync(join(PORTAL_DIST, 'index.html')) || !existsSync(STACK_MAIN)) {
    throw new Error('build first: npm run build (dist/portal and dist/apps/stack are needed)');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium`);
  const rows: [string, string, string][] = [];

  // 1. Bundle: the whole build, then what the first page actually fetched (measured in the browser below).
  const assets = join(PORTAL_DIST, 'assets');
  const jsFiles = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const allKb = jsFiles.reduce((n, f) => n + gzipKb(join(assets, f)), 0);
  const rawKb = jsFiles.reduce((n, f) => n + statSync(join(assets, f)).size / 1024, 0);
  rows.push([`whole build: ${jsFiles.length} JavaScript files`, `${fmt(allKb, 1)} KB gzipped`, `${fmt(rawKb, 1)} KB raw`]);

  // 2. A tenant of USERS users and as many log entries.
  const dataDir = mkdtempSync(join(tmpdir(), 'provsim-bench-portal-'));
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (SERVER_URL) {
    dbName = `provsim_bench_portal_${randomBytes(4).toString('hex')}`;
    await withClient(SERVER_URL, (c) => c.query(`CREATE DATABASE ${dbName}`));
    const url = new URL(SERVER_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const env = { ...process.env, PROVSIM_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  if (!databaseUrl) delete env.DATABASE_URL;
  let stack: ChildProcess | undefined;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const seeded = await timed(async () => {
      const run = spawnSync(
        'node',
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          'scripts/seed.ts',
          '--users',
          String(USERS),
          '--groups',
          '100',
          '--seed',
          'bench-portal',
        ],
        {
          cwd: ROOT,
          env,
          encoding: 'utf8',
        },
      );
      if (run.status !== 0) throw new Error(`seeding failed:\n${run.stdout}\n${run.stderr}`);
    });
    rows.push([
      `seed ${fmt(USERS)} users, 100 groups (${databaseUrl ? 'PostgreSQL' : 'embedded PGlite'})`,
      `${fmt(seeded.ms / 1000, 1)} s`,
      '',
    ]);

    const db = new DataSource(
      buildDataSourceOptions(
        { databaseUrl, dataDir },
        { name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS, poolSize: 2 },
      ),
    );
    await db.initialize();
    const logged = await timed(async () => {
      const writer = new ProvisioningLogWriter(db);
      const start = Date.UTC(2026, 0, 1);
      for (let i = 0; i < USERS; i += LOG_INSERT_CHUNK * 10)
        await writer.writeBatch(sampleLogEntries(Math.min(LOG_INSERT_CHUNK * 10, USERS - i), start + i));
    });
    await db.destroy();
    rows.push([`write ${fmt(USERS)} provisioning-log entries`, `${fmt(logged.ms / 1000, 1)} s`, '']);

    const [scimPort, entraPort] = [await freePort(), await freePort()];
    let output = '';
    stack = spawn('node', [STACK_MAIN], {
      cwd: ROOT,
      env: { ...env, PROVSIM_CLOCK: 'manual', ENTRA_DEMO_TENANT: 'false', SCIM_PORT: String(scimPort), ENTRA_PORT: String(entraPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    stack.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const banner = await waitForBanner(stack, () => output);
    const token = /Authorization: Bearer (\S+?)\)/.exec(banner)?.[1];
    if (!token) throw new Error(`no admin token in the banner:\n${banner}`);
    const base = `http://127.0.0.1:${entraPort}/portal`;

    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts = new Set<string>();
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/portal/assets/') && path.endsWith('.js')) scripts.add(path.replace('/portal/assets/', ''));
    });
    await page.goto(`${base}/#token=${encodeURIComponent(token)}`);
    await page.getByRole('navigation').first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const firstKb = [...scripts].reduce((n, f) => n + gzipKb(join(assets, f)), 0);
    rows.push([
      `first page (/portal/, Home): ${scripts.size} JavaScript files`,
      `${fmt(firstKb, 1)} KB gzipped`,
      `budget ${BUDGET_KB} KB: ${firstKb <= BUDGET_KB ? 'within' : 'OVER'}`,
    ]);

    for (const [name, path, link] of [
      ['Users', '/users', 'Users'],
      ['Provisioning logs', '/logs', 'Provisioning logs'],
    ] as const) {
      const deepLink: number[] = [];
      const inApp: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const fresh = await browser.newContext();
        const p = await fresh.newPage();
        await p.goto(`${base}/#token=${encodeURIComponent(token)}`);
        await p.getByRole('navigation').first().waitFor({ timeout: 60_000 });
        // Home's own requests (counts over the whole directory) finish first: the embedded database answers one query at
        // a time, so a deep link opened while they run would time Home's queries too.
        await p.waitForLoadState('networkidle');
        // A deep link: the whole page loads (scripts from the cache), then the view asks the API for its first page.
        deepLink.push(await firstRowMs(p, () => p.goto(`${base}${path}`)));
        // In the app: from Home, a click on the left navigation (what a presenter does).
        await p.goto(`${base}/`);
        await p.getByRole('navigation').first().waitFor({ timeout: 60_000 });
        await p.waitForLoadState('networkidle');
        inApp.push(await firstRowMs(p, () => p.getByRole('navigation').first().getByText(link, { exact: true }).click()));
        await fresh.close();
      }
      rows.push([
        `${name} at ${fmt(USERS)}: first page on screen after a click in the navigation`,
        `${fmt(median(inApp), 0)} ms`,
        `median of ${ROUNDS}; aim ≤ 1,000 ms`,
      ]);
      rows.push([
        `${name} at ${fmt(USERS)}: first page on screen after opening its deep link`,
        `${fmt(median(deepLink), 0)} ms`,
        `median of ${ROUNDS} (whole page load)`,
      ]);
    }
    await context.close();
  } finally {
    await browser.close();
    if (stack && stack.exitCode === null) {
      stack.kill('SIGTERM');
      await new Promise((r) => stack!.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName && SERVER_URL) await withClient(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }

  process.stdout.write(`\nbench:portal (${new Date().toISOString()})\n\n| measure | value | note |\n|---|---|---|\n`);
  for (const [what, value, note] of rows) process.stdout.write(`| ${what} | ${value} | ${note} |\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
