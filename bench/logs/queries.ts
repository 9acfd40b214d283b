/**
 * The provisioning-log list at size: BENCH_LOG_ROWS (10,000,000) entries in entra.provisioning_logs of a scratch
 * PostgreSQL database, then the first page (50, newest first) of GET /auditLogs/provisioning under each documented
 * kind of `$filter`, through the service the endpoint uses (parseLogQuery + ProvisioningLogsService.page), and one
 * retention batch. Aim: every first page ≤ 100 ms.
 *
 * The rows are generated in SQL (30 days of 20 jobs over 1,000,000 users; 80 % updates, 10 % creates, 5 % disables,
 * 1 % deletes; 2.5 % skipped, 0.5 % failed) with every indexed column as the engine fills it and a ~400-byte
 * summary, smaller than a real entry (2–3 kB): the table is smaller than a real one of that many rows, its indexes
 * are the same.
 *
 * Usage: npm run bench:log-queries    Env: BENCH_DATABASE_URL, BENCH_LOG_ROWS, BENCH_KEEP_DATABASE=<name> (reuse it).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/persistence';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../../apps/entra/src/database';
import { parseLogQuery, ProvisioningLogsService } from '../../apps/entra/src/sync/logs';
import { fmt, scratchDatabase, timed } from '../support';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.BENCH_LOG_ROWS ?? 10_000_000);
const CHUNK = 1_000_000;
const DAY = 86_400_000;
const END = Date.parse('2026-12-01T00:00:00Z');
const START = END - 30 * DAY;

const FILL = `INSERT INTO entra.provisioning_logs (id, activity_date_time, tenant_id, job_id, cycle_id, change_id, duration_ms,
    provisioning_action, status, error_code, service_principal_id, service_principal_display_name, source_id,
    source_display_name, source_identity_type, target_id, target_display_name, target_identity_type,
    source_system_display_name, target_system_display_name, initiated_by_display_name, initiator_type, summary)
  SELECT id, at, 'tenant', 'job-' || (i % 20), 'cycle-' || (i / 25000), md5(i::text || 'change'), (i % 900)::int,
         action, status, CASE WHEN status = 'failure' THEN 'SystemForCrossDomainIdentityManagementServiceIncompatible' END,
         'sp-' || (i % 20), 'Kintone', src, 'Person ' || (i % 1000000), 'User', md5((i % 1000000)::text || 'target'),
         'person' || (i % 1000000) || '@contoso.com', 'User', 'Microsoft Entra ID', 'Kintone', 'Microsoft Entra ID', 'Application',
         jsonb_build_object('id', id, 'activityDateTime', at, 'provisioningAction', action,
           'provisioningStatusInfo', jsonb_build_object('status', status), 'sourceIdentity', jsonb_build_object('id', src),
           'padding', repeat('x', 250))
    FROM (SELECT i, md5(i::text) AS id, to_timestamp(($3::float8 + i * $4::float8) / 1000) AS at,
                 md5((i % 1000000)::text || 'source') AS src,
                 CASE WHEN i % 100 = 0 THEN 'delete' WHEN i % 20 = 0 THEN 'disable' WHEN i % 10 = 0 THEN 'create' ELSE 'update' END AS action,
                 CASE WHEN i % 200 = 7 THEN 'failure' WHEN i % 40 = 3 THEN 'skipped' ELSE 'success' END AS status
            FROM generate_series($1::bigint, $2::bigint) AS i) AS g`;

async function main(): Promise<void> {
  const keep = process.env.BENCH_KEEP_DATABASE;
  const scratch = keep ? null : await scratchDatabase(SERVER_URL);
  const url = scratch ? scratch.url : Object.assign(new URL(SERVER_URL), { pathname: `/${keep}` }).toString();
  const ds = new DataSource(
    buildDataSourceOptions(
      { databaseUrl: url, dataDir: 'memory' },
      { name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS, poolSize: 2 },
    ),
  );
  const opened = await timed(() => ds.initialize());
  const rows: [string, string][] = [['open the database (pending migrations included)', `${fmt(opened.ms / 1000, 1)} s`]];
  try {
    // A kept database (BENCH_KEEP_DATABASE) is filled once, when empty, and reused as it is: each run's retention
    // batch leaves it 1,000 entries short, and ids cannot resume from a count.
    const [{ n: present }]: { n: string }[] = await ds.query(`SELECT count(*)::text AS n FROM entra.provisioning_logs`);
    if (Number(present) === 0) {
      const fill = await timed(async () => {
        for (let from = 0; from < ROWS; from += CHUNK) {
          const to = Math.min(ROWS, from + CHUNK) - 1;
          await ds.query(FILL, [from, to, START, (END - START) / ROWS]);
          process.stderr.write(`  ${fmt(to + 1)} rows\n`);
        }
        await ds.query(`ANALYZE entra.provisioning_logs`);
      });
      rows.push([`fill ${fmt(ROWS)} rows in SQL (setup), then ANALYZE`, `${fmt(fill.ms / 1000, 1)} s`]);
    } else rows.push(['entries already there (kept database)', fmt(Number(present))]);
    const [{ size }]: { size: string }[] = await ds.query(
      `SELECT pg_size_pretty(pg_total_relation_size('entra.provisioning_logs')) AS size`,
    );
    rows.push(['table and indexes on disk', size]);
    const logs = new ProvisioningLogsService(ds);
    const recent = new Date(END - DAY).toISOString();
    const someone = (await ds.query(`SELECT md5((123457 % 1000000)::text || 'source') AS id`))[0].id as string;
    const filters: [string, string | undefined][] = [
      ['no filter', undefined],
      ['jobId eq', "jobId eq 'job-7'"],
      ['servicePrincipal/id eq', "servicePrincipal/id eq 'sp-3'"],
      ['last 24 h and provisioningAction eq update', `activityDateTime ge ${recent} and provisioningAction eq 'update'`],
      ['provisioningStatusInfo/status eq failure (0.5 %)', "provisioningStatusInfo/status eq 'failure'"],
      ['provisioningStatusInfo/status eq warning (none: every entry is searched)', "provisioningStatusInfo/status eq 'warning'"],
      ['provisioningAction eq delete (1 %)', "provisioningAction eq 'delete'"],
      ['provisioningAction eq stagedDelete (none)', "provisioningAction eq 'stagedDelete'"],
      ['jobId eq and status eq failure', "jobId eq 'job-7' and provisioningStatusInfo/status eq 'failure'"],
      ['sourceIdentity/id eq (one user)', `sourceIdentity/id eq '${someone}'`],
      ['cycleId eq (the newest cycle)', "cycleId eq 'cycle-399'"],
      ['cycleId eq (a cycle halfway back)', "cycleId eq 'cycle-200'"],
      ['errorCode eq', "provisioningStatusInfo/errorInformation/errorCode eq 'SystemForCrossDomainIdentityManagementServiceIncompatible'"],
    ];
    for (const [what, filter] of filters) {
      const query = parseLogQuery({ $top: '50', ...(filter ? { $filter: filter } : {}) });
      await logs.page(query); // warm
      const runs: number[] = [];
      let found = 0;
      for (let i = 0; i < 3; i++) {
        const page = await timed(() => logs.page(query));
        runs.push(page.ms);
        found = page.value.entries.length;
      }
      runs.sort((a, b) => a - b);
      rows.push([`first page of 50: ${what}`, `${fmt(runs[1], 1)} ms (median of 3), ${found} entries`]);
    }
    const [{ indexes }]: { indexes: string }[] = await ds.query(
      `SELECT string_agg(indexname, ', ' ORDER BY indexname) AS indexes FROM pg_indexes WHERE schemaname = 'entra' AND tablename = 'provisioning_logs'`,
    );
    rows.push(['indexes of the table', indexes]);
    const purge = await timed(() => logs.deleteOlderThan(new Date(START + DAY), 1_000));
    rows.push(['one retention batch (1,000 oldest entries deleted)', `${fmt(purge.ms, 1)} ms`]);
  } finally {
    await ds.destroy();
    await scratch?.drop();
  }
  const width = Math.max(...rows.map(([w]) => w.length));
  process.stdout.write(`\nbench/logs/queries — PostgreSQL, ${fmt(ROWS)} provisioning-log entries\n\n`);
  for (const [what, figure] of rows) process.stdout.write(`  ${what.padEnd(width)}  ${figure}\n`);
  process.stdout.write('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:log-queries failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
