import { Command } from 'commander';

/** `provsim soak`: the real engine runs cycles for simulated days against a SCIM target while a seeded generator changes the tenant. */
export function soakCommand(): Command {
  return new Command('soak')
    .description('Run the provisioning engine for simulated days against a SCIM target, changing the tenant each cycle, and check invariants after every cycle')
    .option('--target <url>', 'SCIM base URL of the app (default: a local in-process SCIM target)')
    .option('--token <token>', 'bearer token for the target')
    .option('--users <n>', 'users in the tenant', '100')
    .option('--groups <n>', 'groups in the tenant', '0')
    .option('--days <d>', 'simulated days to run', '7')
    .option('--churn <rate>', 'share of users changed per cycle (0..1)', '0.01')
    .option('--faults <spec>', 'faults to inject into the local target')
    .option('--seed <s>', 'seed of the change generator')
    .option('--database <url>', 'PostgreSQL URL for the tenant (default: embedded PGlite in a temp dir)')
    .option('--report-dir <dir>', 'where to write report.json, junit.xml and report.html')
    .option('--json', 'print only the JSON report on stdout')
    .action(() => {
      process.stderr.write('provsim soak: not implemented\n');
      process.exitCode = 2;
    });
}
