import 'reflect-metadata';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from './commands/errors';
import { seedCommand } from './commands/seed';
import { startCommand } from './commands/start';
import { validateCommand } from './commands/validate';
import { maskString } from './report/mask';
import { soakCommand } from './soak/command';
import { cliVersion } from './version';

/**
 * The `provsim` command line. Exit codes: 0 every check passed, 1 a check or invariant failed, 2 usage or
 * connection error (one line on stderr). Commands set process.exitCode; `start` keeps the process running.
 */
export function buildProgram(onKeepAlive: () => void = () => undefined): Command {
  const program = new Command('provsim')
    .description('Local simulator of Microsoft Entra ID automatic user provisioning: run it, seed it, validate a SCIM app, soak it')
    .version(cliVersion(), '-V, --version')
    .addOption(new Option('--json', 'machine output: the JSON report on stdout, nothing else'))
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nExit codes: 0 all passed, 1 a check or invariant failed, 2 usage or connection error.\nExamples:\n  provsim start\n  provsim validate --profile generic --groups --report-dir out/\n  provsim validate --target https://app.example.com/scim --token "$SCIM_TOKEN" --profile generic\n  provsim soak --users 300 --days 7 --seed 42',
    );
  program.addCommand(startCommand(onKeepAlive));
  program.addCommand(seedCommand());
  program.addCommand(validateCommand());
  program.addCommand(soakCommand());
  for (const command of [program, ...program.commands]) {
    command.exitOverride();
    command.configureOutput({ outputError: (text, write) => write(maskString(text)) });
  }
  return program;
}

/** Parses `argv` (without node and script), runs the command; answers the exit code, or 'running' for `start`. */
export async function run(argv: string[]): Promise<number | 'running'> {
  let keepAlive = false;
  const program = buildProgram(() => (keepAlive = true));
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are CommanderErrors with exit code 0; every usage error is a 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || (error instanceof Error && error.name === 'ConfigError')) {
      process.stderr.write(`provsim: ${maskString(error.message)}\n`);
      return 2;
    }
    process.stderr.write(`provsim: ${maskString(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  }
  if (keepAlive) return 'running';
  const code = process.exitCode;
  return typeof code === 'number' ? code : code === undefined ? 0 : Number(code) || 0;
}

/** Entry point of bin/provsim.js: runs with process.argv and exits with the code once stdout is flushed. */
export function runFromProcess(): void {
  // `provsim … | head`: a reader that goes away is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void run(process.argv.slice(2)).then((code) => {
    if (code === 'running') return;
    process.exitCode = code;
    process.stdout.write('', () => process.exit(code));
  });
}

if (require.main === module) runFromProcess();
