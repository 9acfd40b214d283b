import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { PROFILE_NAMES } from '@app/scim';
import type { CheckResult, Report } from '../report/report';
import { closingLine, exitCodeOf, writeReports } from '../report/report';
import { maskSecrets } from '../report/mask';
import { colorsFor, progressAllowed, type Colors } from './output';
import { UsageError } from './errors';

interface ValidateCliOptions {
  target?: string;
  token?: string;
  groups?: boolean;
  profile: string;
  engine: boolean;
  timeout: string;
  reportDir?: string;
  json?: boolean;
}

/** `provsim validate`: checks a SCIM app the way Entra's gallery review does, directly and through the engine. */
export function validateCommand(): Command {
  return new Command('validate')
    .description(
      "Check a SCIM app against what Entra's provisioning service sends and expects: direct SCIM checks, each of Entra's request quirks, and a short run of the real engine",
    )
    .option(
      '--target <url>',
      'SCIM base URL (Tenant URL) of the app, with ?aadOptscim062020 if the app is configured with it (default: a local provsim SCIM target started in this process)',
    )
    .option('--token <token>', 'bearer token of the app (default: $PROVSIM_TOKEN); never printed or written to a report')
    .option('--groups', 'also check groups and memberships', false)
    .option(
      '--profile <profile>',
      `the attribute mappings to check: a profile (${PROFILE_NAMES.join(', ')}) or a JSON file holding a synchronization schema`,
      'generic',
    )
    .option('--no-engine', 'skip the short engine run (direct checks only)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds (Entra waits 60 s)', '60000')
    .option('--report-dir <dir>', 'write report.json, junit.xml and report.html into this directory')
    .addOption(new Option('--json', 'print only the JSON report on stdout'))
    .addHelpText(
      'after',
      '\nExit codes: 0 no mandatory check failed, 1 a mandatory check failed, 2 usage or connection error.\nExamples:\n  provsim validate                                    # the local target, generic profile\n  provsim validate --profile kintone\n  provsim validate --target http://127.0.0.1:8080/scim/v2 --token "$TOKEN" --groups --report-dir out/',
    )
    .action(async (opts: ValidateCliOptions, command: Command) => {
      const json = Boolean(opts.json ?? command.optsWithGlobals<{ json?: boolean }>().json);
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000)
        throw new UsageError(`--timeout must be a whole number of milliseconds between 100 and 600000, got "${opts.timeout}"`);
      const colors = colorsFor(json);
      // The checks, the local target and the engine load only when a validation runs, so --help stays quick.
      const { runValidate } = await import('../validate/run');
      const { engineCheckSet } = await import('../validate/engine-checks');
      const bar = progressAllowed(json)
        ? new SingleBar({
            format: 'validate [{bar}] {value}/{total} checks | ETA {eta}s | {check}',
            hideCursor: true,
            clearOnComplete: true,
            stream: process.stderr,
          })
        : null;
      // Ctrl-C: finish the running check, skip the rest, delete what was created, report; a second Ctrl-C quits.
      let interrupted = false;
      const onSigint = () => {
        if (interrupted) process.exit(130);
        interrupted = true;
        bar?.stop();
        process.stderr.write('provsim validate: interrupted; deleting what the run created (Ctrl-C again to quit at once)\n');
      };
      process.on('SIGINT', onSigint);
      const report = await runValidate(
        {
          target: opts.target,
          token: opts.token ?? process.env.PROVSIM_TOKEN,
          groups: Boolean(opts.groups),
          profile: opts.profile,
          engine: opts.engine,
          timeoutMs,
        },
        {
          onStart: (total) => bar?.start(total, 0, { check: '' }),
          onCheck: (r) => bar?.increment({ check: r.id }),
          stopped: () => interrupted,
        },
        opts.engine ? engineCheckSet() : undefined,
      ).finally(() => {
        bar?.stop();
        process.off('SIGINT', onSigint);
      });
      await emit(report, { json, reportDir: opts.reportDir, colors });
      process.exitCode = interrupted ? 130 : exitCodeOf(report.summary);
    });
}

/** Prints the report (human lines or JSON), writes the report files, and ends with the closing line. */
export async function emit(report: Report, options: { json: boolean; reportDir?: string; colors: Colors }): Promise<void> {
  const paths = options.reportDir ? await writeReports(report, options.reportDir) : undefined;
  if (options.json) {
    process.stdout.write(JSON.stringify(maskSecrets(report), null, 2) + '\n');
    return;
  }
  const c = options.colors;
  const out: string[] = [
    `provsim ${report.command}: ${report.target.url}${report.target.local ? ' (local provsim target)' : ''}, profile ${report.target.profile ?? '-'}`,
    '',
  ];
  for (const check of report.checks) out.push(...formatCheck(check, c));
  if (paths) out.push('', `Reports: ${paths.json}, ${paths.junit}, ${paths.html}`);
  out.push('');
  if (report.summary.warnings)
    out.push(`${report.summary.warnings} warning${report.summary.warnings === 1 ? '' : 's'} (optional checks that failed)`);
  out.push(closingLine(report.summary));
  process.stdout.write(maskSecrets(out.join('\n')) + '\n');
}

export function formatCheck(check: CheckResult, c: Colors): string[] {
  const label = { PASSED: c.green('PASS'), FAILED: c.red('FAIL'), SKIPPED: c.dim('SKIP'), WARNING: c.yellow('WARN') }[check.status];
  const kind = check.mandatory ? '' : c.dim(' (optional)');
  const lines = [
    `${label}  ${check.id}${kind}${check.status === 'SKIPPED' || (check.status === 'PASSED' && check.message) ? c.dim(`  ${check.message ?? ''}`) : ''}`,
  ];
  if (check.status === 'FAILED' || check.status === 'WARNING') {
    lines.push(`      ${check.name}`);
    if (check.message) lines.push(`      ${check.message}`);
    if (check.expected) lines.push(`      ${c.bold('Entra expects:')} ${check.expected}`);
    if (check.fix) lines.push(`      ${c.bold('Likely fix:')} ${check.fix}`);
    const last =
      check.exchanges?.filter((x) => x.error || (x.status !== undefined && x.status >= 300)).slice(-1)[0] ?? check.exchanges?.slice(-1)[0];
    if (last) {
      lines.push(`      ${c.dim(`${last.method} ${last.url}`)}`);
      if (last.requestBody !== undefined) lines.push(`      ${c.dim(`request: ${truncate(JSON.stringify(last.requestBody))}`)}`);
      lines.push(
        `      ${c.dim(`answer: ${last.error ?? last.status}${last.responseBody !== undefined ? ` ${truncate(JSON.stringify(last.responseBody))}` : ''}`)}`,
      );
    }
  }
  return lines;
}

function truncate(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
