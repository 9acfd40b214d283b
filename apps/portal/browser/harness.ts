import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * The portal's browser-test harness.
 *
 *   const stack = await startPortalStack();
 *   // stack.page: a fresh Chromium page (not yet navigated); stack.signInUrl: the banner's one-click sign-in link
 *   await stack.page.goto(stack.signInUrl);
 *   …
 *   await stack.close();   // browser, then the stack, then its data directory
 *
 * startPortalStack(options?) → { baseUrl, portalUrl, signInUrl, adminToken, tenantId, scim: { url, adminUrl,
 * adminToken, token }, page, context, output(), close() }
 *
 * The stack is started exactly as `npm start` starts it (node on the built dist/apps/stack, the built dist/portal;
 * run `npm run build` first), on a manual clock (`PROVSIM_CLOCK=manual`: time moves only when a test advances it),
 * the embedded database in a temporary PROVSIM_DATA_DIR, both apps on free ports (ENTRA_PORT=0, SCIM_PORT=0); every
 * URL and token is read from the printed banner. The browser is /usr/bin/chromium (Debian's `chromium` package, which
 * .ci/run installs) with a fresh profile: when it is missing the test fails, it is never skipped.
 */
export interface PortalStack {
  /** The tenant's origin, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** `${baseUrl}/portal/` */
  portalUrl: string;
  /** The banner's sign-in link: `${baseUrl}/portal/#token=…` */
  signInUrl: string;
  /** The tenant's admin token (Graph bearer token). */
  adminToken: string;
  tenantId: string;
  scim: {
    /** The SCIM target's origin. */
    url: string;
    /** The default tenant's SCIM base URL (the demo job's Tenant URL). */
    tenantUrl: string;
    /** Bearer token of the target's admin API (`${url}/admin/…`). */
    adminToken: string;
    /** The default tenant's SCIM bearer token. */
    token: string;
  };
  context: BrowserContext;
  page: Page;
  /** Everything the stack printed so far (stdout and stderr). */
  output(): string;
  close(): Promise<void>;
}

/** A request's method and JSON body. */
export interface JsonInit {
  method?: string;
  body?: unknown;
}

/** A JSON request with a bearer token: the parsed answer (null when empty); a non-2xx answer throws with its text. */
export async function callJson<T>(url: string, token: string, init: JsonInit = {}): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** A Graph request to the stack's tenant (`path` from /v1.0 or /beta on) as its admin. */
export function graphJson<T>(stack: PortalStack, path: string, init?: JsonInit): Promise<T> {
  return callJson<T>(stack.baseUrl + path, stack.adminToken, init);
}

export interface PortalStackOptions {
  /** Extra environment for the stack (e.g. PROVSIM_CLOCK). */
  env?: Record<string, string>;
  /** Browser viewport; default 1440 × 900. */
  viewport?: { width: number; height: number };
}

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ROOT = resolve(__dirname, '../../..');
const STACK_MAIN = join(ROOT, 'dist/apps/stack/apps/stack/src/main.js');
const PORTAL_INDEX = join(ROOT, 'dist/portal/index.html');

function banner(output: string, label: string): string {
  const line = output.split('\n').find((l) => l.trimStart().startsWith(label));
  if (!line) throw new Error(`the banner has no "${label}" line:\n${output}`);
  return line.slice(line.indexOf(label) + label.length).trim();
}

async function waitForBanner(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes('Secret Token:') || !output().includes('Admin API:')) {
    if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode} before printing its banner:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`no banner within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The banner is written in one write; give the last line a moment to arrive whole.
  await new Promise((r) => setTimeout(r, 50));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startPortalStack(options: PortalStackOptions = {}): Promise<PortalStack> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does it`);
  if (!existsSync(STACK_MAIN) || !existsSync(PORTAL_INDEX))
    throw new Error(`the built stack or portal is missing (${STACK_MAIN}, ${PORTAL_INDEX}): run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'provsim-browser-data-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'provsim-browser-profile-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PROVSIM_CLOCK: 'manual',
    PROVSIM_DATA_DIR: dataDir,
    ENTRA_PORT: '0',
    SCIM_PORT: '0',
    HOST: '127.0.0.1',
    ...options.env,
  };
  delete env.DATABASE_URL;
  let printed = '';
  const child = spawn(process.execPath, [STACK_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const output = () => printed;
  let context: BrowserContext | undefined;
  try {
    await waitForBanner(child, output, 90_000);
    const signInUrl = banner(printed, 'Sign in:');
    const portalUrl = banner(printed, 'Portal:');
    const graph = banner(printed, 'Graph base URL:');
    const adminToken = /Bearer ([^)\s]+)\)/.exec(graph)?.[1] ?? '';
    const admin = banner(printed, 'Admin API:');
    const scimUrl = admin.split(/\s+/)[0].replace(/\/admin\/tenants$/, '');
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1440, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const ctx = context;
    return {
      baseUrl: new URL(portalUrl).origin,
      portalUrl,
      signInUrl,
      adminToken,
      tenantId: banner(printed, 'Tenant id:'),
      scim: {
        url: scimUrl,
        tenantUrl: banner(printed, 'Tenant URL:'),
        adminToken: /Bearer ([^)\s]+)\)/.exec(admin)?.[1] ?? '',
        token: banner(printed, 'Secret Token:'),
      },
      context: ctx,
      page,
      output,
      close: async () => {
        await ctx.close().catch(() => undefined);
        await stopProcess(child);
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
}

/** axe-core's source, injected into a page to audit it. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core on the page as it is now; answers the serious and critical violations (an empty list is a pass). */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the portal's CSP (no inline script) does not apply to.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  // Audit the page at rest: contrast measured halfway through a dialog's fade-in is not the page's contrast.
  // A transition can start as another ends (a re-render), so wait until a frame passes with none running.
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    for (let round = 0; round < 20; round++) {
      const running = document.getAnimations();
      if (running.length === 0) return;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
      await frame();
    }
  });
  const violations = await page.evaluate(async () => {
    type Axe = {
      run(
        context: object,
        options: object,
      ): Promise<{
        violations: {
          id: string;
          impact: string | null;
          help: string;
          nodes: { target: string[]; html: string; any: { data?: unknown }[] }[];
        }[];
      }>;
    };
    const axe = (window as unknown as { axe: Axe }).axe;
    // Fluent UI's focus manager (tabster) puts invisible, aria-hidden "dummy" elements at the edges of focus groups;
    // they hand focus on at once and are never read out. axe reports them as aria-hidden-focus (a known false
    // positive of Fluent v9), so they are left out of the audit, and only they.
    const result = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    // Each node names its selector, its markup and what axe measured (colours and ratio for color-contrast), so a
    // failure says which element it is: the selectors of Fluent's styles are hashes that change between builds.
    const describe = (n: { target: string[]; html: string; any: { data?: unknown }[] }) =>
      [n.target.join(' '), n.html.slice(0, 200), ...n.any.map((c) => JSON.stringify(c.data ?? null))].join(' | ');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(describe) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Collects the serious and critical axe-core violations of each view a spec visits, so one closing test can list
 * them all (a failing audit mid-story would hide what the rest of the story shows).
 */
export class AxeAudit {
  readonly violations: string[] = [];
  readonly audited: string[] = [];

  constructor(private readonly page: () => Page) {}

  async audit(name: string): Promise<void> {
    this.audited.push(name);
    for (const v of await seriousAxeViolations(this.page()))
      this.violations.push(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).join(', ')}`);
  }
}

/** From anywhere in the portal: Enterprise applications → the named app, waiting for its overview's heading. */
export async function openEnterpriseApp(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Navigation' }).getByText('Enterprise applications', { exact: true }).click();
  await page.getByRole('table', { name: 'Enterprise applications' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/**
 * "Advance 40 minutes" in the top bar, answered once the server has run the cycles that became due and the button is
 * enabled again. Waiting for the button matters to the axe audits as well: a button fading back from disabled grey
 * is a contrast failure while its colour transition runs.
 */
export async function advanceClock(page: Page): Promise<void> {
  const button = page.getByRole('group', { name: 'Simulated clock' }).getByRole('button', { name: 'Advance 40 minutes' });
  const answered = page.waitForResponse((r) => r.url().endsWith('/sim/clock/advance') && r.request().method() === 'POST', {
    timeout: 120_000,
  });
  await button.click();
  const response = await answered;
  if (!response.ok()) throw new Error(`POST /sim/clock/advance answered ${response.status()}`);
  await page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, await button.elementHandle(), { timeout: 30_000 });
}

/**
 * The texts of a table column once they are all among `allowed` (or after `timeoutMs`, whatever they are then). A list
 * keeps showing its previous rows while a new filter's page loads, so reading it right after the URL changed can read
 * the old page; the caller asserts on the answer.
 */
export async function settledColumn(table: Locator, column: number, allowed: string[], timeoutMs = 15_000): Promise<string[]> {
  const cells = table.getByRole('row').locator(`td:nth-child(${column})`);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const texts = await cells.allTextContents();
    if ((texts.length > 0 && texts.every((t) => allowed.includes(t))) || Date.now() > until) return texts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
