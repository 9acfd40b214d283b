/**
 * `npm run seed` (scripts/seed.ts): seeds the simulated Entra tenant with a realistic, reproducible directory.
 *
 *   npm run seed -- --users 10000 --groups 200 --seed 42
 *   npm run seed -- --users 500 --groups 20 --seed demo --assign-app "Kintone" --assign-users 50 --assign-groups 3
 *   npm run seed -- --demo          (the small demo tenant of `npm start`, only into an empty directory)
 *
 * Uses DATABASE_URL (PostgreSQL) or the embedded database under PROVSIM_DATA_DIR (default ./.data) — the same
 * settings as the app; stop a running app first when it uses the embedded database (one process at a time).
 */
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { KINTONE_TEMPLATE_ID, NON_GALLERY_TEMPLATE_ID } from '../applications/templates';
import { loadEntraConfig } from '../bootstrap';
import { EntraModule } from '../entra.module';
import { SeedResult, SeedService } from './seed.service';
import { SeedConflictError } from './seed-writer';
import { DEFAULT_DOMAIN, MAX_SEED_GROUPS, MAX_SEED_USERS, SeedValidationError } from './tenant-plan';

const USAGE = `Usage: npm run seed -- --users N --groups G --seed S [options]
       npm run seed -- --demo

  --users N          users to create (1 … ${MAX_SEED_USERS.toLocaleString('en-US')})
  --groups G         groups to create (0 … ${MAX_SEED_GROUPS.toLocaleString('en-US')})
  --seed S           any text or number; the same seed creates the same tenant
  --domain D         UPN/mail domain (default ${DEFAULT_DOMAIN})
  --assign-app A     display name, id or appId of an app's service principal; assigns seeded users and groups to it
                     (an app of that name is created from the --template when there is none)
  --assign-users K   users to assign directly (default 10; needs --assign-app)
  --assign-groups L  security groups to assign (default 2; needs --assign-app)
  --template T       kintone (default) or custom: template of an app --assign-app creates
  --demo             the demo tenant (25 users, 3 groups, Kintone) if the directory has no users
  -h, --help         this text

Database: DATABASE_URL (PostgreSQL) or the embedded one in PROVSIM_DATA_DIR (default ./.data).`;

class UsageError extends Error {}

const fmt = (n: number) => n.toLocaleString('en-US');

function count(name: string, value: string | undefined, min: number, max: number, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  if (!/^\d+$/.test(value.replace(/[_,]/g, ''))) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  const n = Number(value.replace(/[_,]/g, ''));
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${fmt(min)} and ${fmt(max)}, got ${fmt(n)}`);
  return n;
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      users: { type: 'string' },
      groups: { type: 'string' },
      seed: { type: 'string' },
      domain: { type: 'string' },
      'assign-app': { type: 'string' },
      'assign-users': { type: 'string' },
      'assign-groups': { type: 'string' },
      template: { type: 'string' },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.help) return { help: true as const };
  if (values.demo) {
    const others = Object.keys(values).filter((k) => k !== 'demo');
    if (others.length) throw new UsageError(`--demo takes no other options (got --${others.join(', --')})`);
    return { demo: true as const };
  }
  const users = count('users', values.users, 1, MAX_SEED_USERS);
  const groups = count('groups', values.groups, 0, MAX_SEED_GROUPS);
  if (values.seed === undefined || values.seed.trim() === '') throw new UsageError('--seed is required (any text or number)');
  const assignApp = values['assign-app']?.trim();
  if (assignApp === '') throw new UsageError('--assign-app needs a display name or an id');
  if (!assignApp && (values['assign-users'] !== undefined || values['assign-groups'] !== undefined || values.template !== undefined)) {
    throw new UsageError('--assign-users, --assign-groups and --template need --assign-app');
  }
  if (values['assign-users'] !== undefined && count('assign-users', values['assign-users'], 0, Number.MAX_SAFE_INTEGER) > users) {
    throw new UsageError(`--assign-users (${values['assign-users']}) cannot exceed --users (${users})`);
  }
  if (values['assign-groups'] !== undefined && count('assign-groups', values['assign-groups'], 0, Number.MAX_SAFE_INTEGER) > groups) {
    throw new UsageError(`--assign-groups (${values['assign-groups']}) cannot exceed --groups (${groups})`);
  }
  const template = values.template ?? 'kintone';
  if (!['kintone', 'custom'].includes(template)) throw new UsageError(`--template must be kintone or custom, got "${template}"`);
  return {
    users,
    groups,
    seed: values.seed,
    domain: values.domain,
    assign: assignApp
      ? {
          app: assignApp,
          users: count('assign-users', values['assign-users'], 0, Number.MAX_SAFE_INTEGER, Math.min(10, users)),
          groups: count('assign-groups', values['assign-groups'], 0, Number.MAX_SAFE_INTEGER, Math.min(2, groups)),
          templateId: template === 'custom' ? NON_GALLERY_TEMPLATE_ID : KINTONE_TEMPLATE_ID,
        }
      : undefined,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;

function report(result: Omit<SeedResult, 'seed' | 'domain'>, where: string, extra: string[] = []): string {
  const took = result.elapsedMs < 1000 ? `${result.elapsedMs} ms` : `${(result.elapsedMs / 1000).toFixed(1)} s`;
  const rate = fmt(Math.round((result.users * 1000) / Math.max(result.elapsedMs, 1)));
  return [
    `Seeded ${where} in ${took} (${rate} users/s):`,
    ...extra,
    `  users        ${fmt(result.users)} (${fmt(result.disabledUsers)} disabled, ${fmt(result.usersWithManager)} with a manager)`,
    `  groups       ${fmt(result.groups)} with ${plural(result.memberships, 'membership')}${result.nestedMemberships ? ` (${fmt(result.nestedMemberships)} of them groups in a group)` : ''}`,
    `  assignments  ${plural(result.assignedUsers, 'user')} and ${plural(result.assignedGroups, 'group')}${result.servicePrincipalId ? ` on service principal ${result.servicePrincipalId}` : ''}`,
    `  change log   ${plural(result.changes, 'row')}${result.firstSeq ? ` (seq ${result.firstSeq} … ${result.lastSeq})` : ''}`,
  ].join('\n');
}

/** Runs the CLI; answers the exit code (0 done, 1 refused or failed, 2 bad usage). */
export async function runSeedCli(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`seed: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if ('help' in args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadEntraConfig({ LOG_LEVEL: 'warn', ...env });
  const where = config.DATABASE_URL
    ? `PostgreSQL (${new URL(config.DATABASE_URL).pathname.slice(1) || 'postgres'})`
    : `the embedded database in ${config.PROVSIM_DATA_DIR}`;
  const app = await NestFactory.createApplicationContext(EntraModule.forRoot(config), { logger: ['error', 'warn'], abortOnError: false });
  try {
    const seeder = app.get(SeedService);
    if ('demo' in args) {
      const result = await seeder.seedDemoTenantIfEmpty();
      if (!result.seeded) {
        process.stdout.write(`Demo tenant not seeded: ${result.reason}.\n`);
        return 0;
      }
      process.stdout.write(
        `${report(result, `the demo tenant into ${where}`, [`  app          Kintone, service principal ${result.servicePrincipalId}, assigned to "${result.assignedGroup}"`])}\n`,
      );
      return 0;
    }
    const extra: string[] = [];
    let assignTo;
    if (args.assign) {
      const sp = await seeder.resolveApp(args.assign.app, args.assign.templateId);
      extra.push(`  app          ${sp.displayName} (service principal ${sp.id}${sp.created ? ', created now' : ''})`);
      assignTo = { servicePrincipalId: sp.id, users: args.assign.users, groups: args.assign.groups };
    }
    const result = await seeder.seed({ users: args.users, groups: args.groups, seed: args.seed, domain: args.domain, assignTo });
    process.stdout.write(`${report(result, `${where} from seed "${result.seed}" (@${result.domain})`, extra)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof SeedValidationError || error instanceof SeedConflictError) {
      process.stderr.write(`seed: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}
