import { Command } from 'commander';

/** `provsim seed`: fills the simulated tenant's database (scripts/seed.ts, docs/seed.md). */
export function seedCommand(): Command {
  return new Command('seed')
    .description(
      'Seed the simulated Entra tenant (DATABASE_URL, else the embedded database in PROVSIM_DATA_DIR) with a realistic, reproducible directory',
    )
    .option('--users <n>', 'users to create (1 … 1,000,000)')
    .option('--groups <g>', 'groups to create (0 … 100,000)')
    .option('--seed <s>', 'any text or number; the same seed creates the same tenant')
    .option('--domain <d>', 'UPN/mail domain (default provsim.onmicrosoft.com)')
    .option('--assign-app <a>', "display name, id or appId of an app's service principal to assign seeded users and groups to")
    .option('--assign-users <k>', 'users to assign directly (default 10; needs --assign-app)')
    .option('--assign-groups <l>', 'security groups to assign (default 2; needs --assign-app)')
    .option('--template <t>', 'kintone (default) or custom: template of an app --assign-app creates')
    .option('--demo', 'the demo tenant (25 users, 3 groups, Kintone) if the directory has no users')
    .addHelpText('after', '\nStop a running `provsim start` first when it uses the same embedded database. Details: docs/seed.md.')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const argv: string[] = [];
      const names: [string, string][] = [
        ['users', 'users'],
        ['groups', 'groups'],
        ['seed', 'seed'],
        ['domain', 'domain'],
        ['assignApp', 'assign-app'],
        ['assignUsers', 'assign-users'],
        ['assignGroups', 'assign-groups'],
        ['template', 'template'],
      ];
      for (const [key, flag] of names) if (typeof options[key] === 'string') argv.push(`--${flag}`, options[key]);
      if (options.demo) argv.push('--demo');
      const { runSeedCli } = await import('../../../entra/src/seed/cli');
      process.exitCode = await runSeedCli(argv);
    });
}
