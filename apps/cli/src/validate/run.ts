import { randomUUID } from 'node:crypto';
import type { CheckResult, HttpExchange, Report } from '../report/report';
import { summarize } from '../report/report';
import { registerSecret } from '../report/mask';
import { UsageError } from '../commands/errors';
import { cliVersion } from '../version';
import { cleanUp, directChecks, newDirectContext } from './direct-checks';
import { runChecks } from './framework';
import { ScimClient, TargetUnreachable } from './http';
import { startLocalTarget, type LocalTarget } from './local-target';
import { loadProfile } from './profile';

export interface ValidateOptions {
  target?: string;
  token?: string;
  groups: boolean;
  profile: string;
  /** Run the short engine run (b) after the direct checks. */
  engine: boolean;
  timeoutMs: number;
}

export interface ValidateHooks {
  /** Called once the number of checks is known. */
  onStart?(total: number): void;
  onCheck?(result: CheckResult): void;
  /** True once the run should stop (Ctrl-C): the remaining checks are skipped, the clean-up still runs. */
  stopped?(): boolean;
}

/** Extra check sets (the engine run) plug in here: they receive the resolved target and answer their results. */
export type CheckSet = (
  target: { url: string; token: string; groups: boolean; profileName: string; local: LocalTarget | null },
  onCheck: (r: CheckResult) => void,
  stopped: () => boolean,
) => Promise<CheckResult[]>;

/**
 * `provsim validate`: resolves the target (the local one when none is given), checks it answers with the token,
 * runs the direct checks, then the engine run, removes what it created, and answers the canonical report.
 * Throws UsageError (exit 2) for bad options, an unreachable target or a refused token.
 */
export async function runValidate(
  options: ValidateOptions,
  hooks: ValidateHooks = {},
  engineRun?: { count: number; run: CheckSet },
): Promise<Report> {
  const startedAt = new Date().toISOString();
  const profile = loadProfile(options.profile);
  if (options.target !== undefined && !options.token) throw new UsageError('--token is required with --target (or set PROVSIM_TOKEN)');
  registerSecret(options.token);
  let local: LocalTarget | null = null;
  let url = options.target;
  let token = options.token ?? '';
  if (url === undefined) {
    local = await startLocalTarget(profile.localTargetProfile);
    url = local.scimBaseUrl;
    token = local.token;
  }
  let client: ScimClient;
  try {
    client = new ScimClient(url, token, options.timeoutMs);
  } catch (error) {
    await local?.close();
    throw new UsageError(`--target: ${(error as Error).message}`);
  }
  const checks: CheckResult[] = [];
  try {
    await preflight(client);
    const definitions = directChecks();
    hooks.onStart?.(definitions.length + (options.engine && engineRun ? engineRun.count : 0) + 1);
    const ctx = newDirectContext(client, profile, options.groups);
    let current: HttpExchange[] | null = null;
    client.onExchange((x) => current?.push(x));
    const recorder = {
      capture: () => {
        const list: HttpExchange[] = [];
        current = list;
        return () => {
          current = null;
          return list;
        };
      },
    };
    const onCheck = (r: CheckResult) => hooks.onCheck?.(r);
    const stopped = () => hooks.stopped?.() ?? false;
    checks.push(...(await runChecks(definitions, ctx, recorder, onCheck, stopped)));
    const started = performance.now();
    const left = await cleanUp(ctx);
    const cleanup: CheckResult = {
      id: 'cleanup.created-objects-deleted',
      name: 'Every user and group the direct checks created is deleted again',
      group: 'cleanup',
      mandatory: false,
      status: left.length ? 'WARNING' : 'PASSED',
      durationMs: Math.round(performance.now() - started),
      ...(left.length
        ? { message: `could not delete ${left.join(', ')}`, fix: 'Delete these test objects by hand (their names contain "provsim").' }
        : {}),
    };
    checks.push(cleanup);
    onCheck(cleanup);
    if (options.engine && engineRun && !stopped()) {
      checks.push(...(await engineRun.run({ url, token, groups: options.groups, profileName: options.profile, local }, onCheck, stopped)));
    }
  } finally {
    await client.close();
    await local?.close();
  }
  return {
    tool: 'provsim',
    version: cliVersion(),
    command: 'validate',
    startedAt,
    finishedAt: new Date().toISOString(),
    target: { url: local ? url : stripQuery(url), profile: profile.name, local: local !== null },
    options: {
      groups: options.groups,
      profile: options.profile,
      engine: options.engine,
      aadOptscim062020: client.flagged,
      timeoutMs: options.timeoutMs,
    },
    checks,
    summary: summarize(checks),
  };
}

function stripQuery(url: string): string {
  const u = new URL(url);
  const flag = /(^|&)aadOptscim062020(=|&|$)/i.test(u.search.slice(1));
  return `${u.origin}${u.pathname}${flag ? '?aadOptscim062020' : ''}`;
}

/** Can the target be reached, and does it take the token? Either failing is a connection error (exit 2). */
async function preflight(client: ScimClient): Promise<void> {
  let status: number;
  try {
    status = (await client.get('/Users', [['filter', `userName eq "${randomUUID()}"`]])).status;
  } catch (error) {
    if (error instanceof TargetUnreachable) throw new UsageError(`cannot reach the target: ${error.message}`);
    throw error;
  }
  if (status === 401 || status === 403) {
    throw new UsageError(
      `the target refused the token (HTTP ${status} on GET /Users): check --token, the value the app expects as "Authorization: Bearer <token>"`,
    );
  }
}
