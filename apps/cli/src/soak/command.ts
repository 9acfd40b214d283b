import { randomInt } from 'node:crypto';
import { Command, Option } from 'commander';
import { DEFAULT_PROFILE, getProfile, isProfileName, PROFILE_NAMES } from '@app/scim';
import { UsageError } from '../commands/errors';
import { colorsFor, progressAllowed } from '../commands/output';
import { exitCodeOf } from '../report/report';
import { FaultSpecError, parseFaults } from './faults';
import { DEFAULT_FULL_CHECK_EVERY, DEFAULT_MAX_HEAP_GROWTH_MB, type SoakOptions } from './run';

interface SoakCliOptions {
  target?: string;
  token?: string;
  profile: string;
  users: string;
  groups: string;
  days: string;
  churn: string;
  faults?: string;
  seed?: string;
  database?: string;
  reportDir?: string;
  json?: boolean;
  stopAtCycle?: string;
  maxHeapGrowth: string;
  fullCheckEvery: string;
}

function wholeNumber(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

function number(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`${name} must be a number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** Checks and converts the command line; every problem is a UsageError (exit 2). */
export function soakOptions(opts: SoakCliOptions): SoakOptions {
  const token = opts.token ?? process.env.PROVSIM_TOKEN;
  if (opts.target) {
    let url: URL;
    try {
      url = new URL(opts.target);
    } catch {
      throw new UsageError(`--target must be the SCIM base URL of the app, got "${opts.target}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--target must be an http:// or https:// URL');
    if (!token) throw new UsageError('--target needs --token (or PROVSIM_TOKEN)');
  }
  if (!isProfileName(opts.profile)) throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(', ')}, got "${opts.profile}"`);
  if (opts.database && !/^postgres(ql)?:\/\/.+/.test(opts.database))
    throw new UsageError('--database must be a postgres:// or postgresql:// URL');
  let faults;
  try {
    faults = parseFaults(opts.faults);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new UsageError(`--faults: ${error.message}`);
    throw error;
  }
  if (opts.target && faults.length > 0)
    throw new UsageError('--faults needs the local target (leave out --target): faults are injected through its admin API');
  const seed = opts.seed ?? String(randomInt(1, 2 ** 31 - 1));
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(seed)) throw new UsageError(`--seed must be 1-64 letters, digits, '.', '_' or '-', got "${seed}"`);
  return {
    target: opts.target,
    token: opts.target ? token : undefined,
    profile: opts.profile,
    users: wholeNumber(opts.users, '--users', 1, 1_000_000),
    groups: wholeNumber(opts.groups, '--groups', 0, 100_000),
    days: number(opts.days, '--days', 0, 366),
    churn: number(opts.churn, '--churn', 0, 1),
    faults,
    ...(opts.faults ? { faultsText: opts.faults } : {}),
    seed,
    database: opts.database,
    ...(opts.stopAtCycle !== undefined ? { stopAtCycle: wholeNumber(opts.stopAtCycle, '--stop-at-cycle', 0, 1_000_000) } : {}),
    maxHeapGrowthMb: wholeNumber(opts.maxHeapGrowth, '--max-heap-growth', 1, 1_000_000),
    fullCheckEvery: wholeNumber(opts.fullCheckEvery, '--full-check-every', 0, 1_000_000),
  };
}

/** `provsim soak`: the real engine runs cycles for simulated days against a SCIM target while a seeded generator changes the tenant. */
export function soakCommand(): Command {
  return new Command('soak')
    .description(
      'Run the real provisioning engine for simulated days against a SCIM app while a seeded generator changes the tenant each cycle; check invariants after every cycle and stop at the first violation',
    )
    .option('--target <url>', 'SCIM base URL (Tenant URL) of the app (default: a local provsim SCIM target in this process)')
    .option('--token <token>', 'bearer token of the app (default: $PROVSIM_TOKEN); never printed or written to a report')
    .addOption(
      new Option(
        '--profile <profile>',
        `the app's SCIM profile, which names the Entra app it is provisioned from: ${PROFILE_NAMES.map((name) => `${name} (${getProfile(name).description})`).join(', ')}`,
      ).default(DEFAULT_PROFILE),
    )
    .option('--users <n>', 'users in the tenant (90 % assigned to the app)', '100')
    .option(
      '--groups <n>',
      'groups in the tenant (two of them assigned; provisioned with their members when the profile serves groups)',
      '0',
    )
    .option('--days <d>', 'simulated days of incremental cycles (one every 40 minutes)', '7')
    .option('--churn <rate>', 'changes per cycle as a share of the live users (0.01 = 1 %)', '0.01')
    .option(
      '--faults <spec>',
      'faults injected into the local target, e.g. "503:10%,429:100%/retry=120@2d+1h,rotate@3d+8h" (see docs/cli.md)',
    )
    .option('--seed <s>', 'seed of the tenant and of the changes (default: random, printed)')
    .option('--database <url>', 'PostgreSQL URL for the tenant (default: embedded PGlite in a temp dir)')
    .option('--report-dir <dir>', 'write report.json, junit.xml and report.html into this directory')
    .option('--stop-at-cycle <n>', 'stop after that cycle (0 = the initial one) and its checks: what the replay command sets')
    .option(
      '--max-heap-growth <mb>',
      'bound on the growth of the JavaScript heap (its lowest point over a simulated day) after the first day, in MB',
      String(DEFAULT_MAX_HEAP_GROWTH_MB),
    )
    .option(
      '--full-check-every <n>',
      'check every user (not only those changed or logged) every N cycles; 0: only at the end',
      String(DEFAULT_FULL_CHECK_EVERY),
    )
    .addOption(new Option('--json', 'print only the JSON report on stdout'))
    .addHelpText(
      'after',
      '\nExit codes: 0 every invariant held, 1 an invariant was violated (the replay command is printed), 2 usage or connection error.\nExamples:\n  provsim soak --users 300 --days 7 --faults "503:10%,rotate@2d" --seed 42\n  provsim soak --target https://app.example.com/scim --token "$TOKEN" --users 1000 --days 30 --report-dir out/',
    )
    .action(async (opts: SoakCliOptions, command: Command) => {
      const json = Boolean(opts.json ?? command.optsWithGlobals<{ json?: boolean }>().json);
      const options = soakOptions(opts);
      const colors = colorsFor(json);
      // The engine and the local target load only when a soak runs, so --help stays quick.
      const { runSoak } = await import('./run');
      const { SingleBar } = await import('cli-progress');
      const { emit } = await import('../commands/validate');
      const bar = progressAllowed(json)
        ? new SingleBar({
            format: 'soak [{bar}] cycle {value}/{total} | {simulated} | ETA {eta_formatted} | {escrowed} escrowed',
            hideCursor: true,
            stream: process.stderr,
            etaBuffer: 50,
          })
        : null;
      if (!json)
        process.stderr.write(
          `provsim soak: seed ${options.seed}, ${options.users} users, ${options.days} days, churn ${options.churn}${options.faultsText ? `, faults ${options.faultsText}` : ''}\n`,
        );
      const report = await runSoak(options, {
        onStart: (total) => bar?.start(total, 0, { simulated: '', escrowed: 0 }),
        onCycle: (stat, total) => {
          if (bar && stat.cycle >= total) bar.setTotal(stat.cycle + 1);
          bar?.update(stat.cycle + 1, { simulated: stat.simulatedAt.slice(0, 16).replace('T', ' '), escrowed: stat.escrowed });
        },
      }).finally(() => bar?.stop());
      await emit(report, { json, reportDir: opts.reportDir, colors });
      if (!json && report.firstViolation) {
        process.stderr.write(
          `\n${colors.red('First violation')} at cycle ${report.firstViolation.cycle}: ${report.firstViolation.check}\n  seed ${options.seed}\n  replay: ${report.replay}\n${options.target ? '  (with PROVSIM_TOKEN set to the target token)\n' : ''}`,
        );
      }
      process.exitCode = exitCodeOf(report.summary);
    });
}
