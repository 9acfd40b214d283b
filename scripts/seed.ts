/**
 * npm run seed -- --users N --groups G --seed S [--domain D] [--assign-app "Name"] [--assign-users K] [--assign-groups L]
 * npm run seed -- --demo
 *
 * Seeds the simulated Entra tenant (DATABASE_URL, else the embedded database in PROVSIM_DATA_DIR) with a
 * realistic, reproducible directory. The CLI lives in apps/entra/src/seed/cli.ts; see docs/seed.md.
 */
import 'reflect-metadata';
import { ConfigError } from '@app/platform';
import { runSeedCli } from '../apps/entra/src/seed/cli';

runSeedCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
