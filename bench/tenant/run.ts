/**
 * Simulated-tenant benchmark on PostgreSQL, in one process, against a scratch database:
 *   - seeding BENCH_USERS (100,000) users with BENCH_GROUPS (1,000) groups and app assignments (target ≤ 30 s),
 *   - listing every user through the Graph API with $top=999, following @odata.nextLink,
 *   - when GET /v1.0/users/delta is served: one delta page after BENCH_CHANGES (1,000) changes,
 * plus baselines in the same run (GET /health/live round trip, SELECT 1, SELECT count(*) of the users) so the
 * figures also read as ratios on any machine.
 *
 * Usage: npm run bench:tenant
 * Env: BENCH_DATABASE_URL (server URL; default postgres://postgres@127.0.0.1:5432/postgres), BENCH_USERS (100000),
 *      BENCH_GROUPS (1000), BENCH_CHANGES (1000), BENCH_SEED (bench).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@app/platform';
import { ApplicationsService } from '../../apps/entra/src/applications/applications.service';
import { KINTONE_TEMPLATE_ID } from '../../apps/entra/src/applications/templates';
import { loadEntraConfig, startEntra } from '../../apps/entra/src/bootstrap';
import { SeedService } from '../../apps/entra/src/seed';
import { fmt, timed, withClient } from '../support';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 1_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 1_000);
const SEED = process.env.BENCH_SEED ?? 'bench';
const TARGET_SEED_SECONDS = 30;

interface Row {
  what: string;
  figure: string;
  note?: string;
}

interface GraphPage {
  value: unknown[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

async function getJson(url: string, token: string, headers: Record<string, string> = {}): Promise<{ status: number; body: GraphPage }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : { value: [] }) as GraphPage };
}

async function main(): Promise<void> {
  const dbName = `provsim_bench_${randomBytes(4).toString('hex')}`;
  await withClient(SERVER_URL, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const config = loadEntraConfig({
    DATABASE_URL: dbUrl.toString(),
    ENTRA_PORT: '0',
    LOG_LEVEL: 'warn',
    PROVSIM_DATA_DIR: 'memory',
    ENTRA_DEMO_TENANT: 'false',
    SYNC_TICK_MS: '0',
  });
  const entra = await startEntra(config, createLogger('bench', 'warn'));
  const token = entra.identity.adminToken;
  const rows: Row[] = [];
  try {
    // Baselines.
    for (let i = 0; i < 50; i++) await fetch(`${entra.url}/health/live`); // warm-up
    const live = await timed(async () => {
      for (let i = 0; i < 500; i++) await (await fetch(`${entra.url}/health/live`)).text();
    });
    const liveMs = live.ms / 500;
    rows.push({ what: 'baseline: GET /health/live round trip', figure: `${fmt(liveMs, 3)} ms`, note: 'no database, no auth' });
    const select1Ms = await withClient(dbUrl.toString(), async (c) => {
      for (let i = 0; i < 50; i++) await c.query('SELECT 1');
      return (
        (
          await timed(async () => {
            for (let i = 0; i < 500; i++) await c.query('SELECT 1');
          })
        ).ms / 500
      );
    });
    rows.push({ what: 'baseline: SELECT 1 round trip (pg)', figure: `${fmt(select1Ms, 3)} ms` });

    // Seeding.
    const applications = entra.app.get(ApplicationsService);
    const { servicePrincipal } = await applications.instantiate(KINTONE_TEMPLATE_ID, 'Kintone');
    const seeded = await timed(() =>
      entra.app.get(SeedService).seed({
        users: USERS,
        groups: GROUPS,
        seed: SEED,
        assignTo: {
          servicePrincipalId: servicePrincipal.id,
          users: Math.min(1_000, USERS),
          groups: Math.min(20, Math.max(0, GROUPS - 30)),
        },
      }),
    );
    const r = seeded.value;
    const seedS = seeded.ms / 1000;
    rows.push({
      what: `seed ${fmt(USERS)} users, ${fmt(GROUPS)} groups`,
      figure: `${fmt(seedS, 1)} s, ${fmt(USERS / seedS)} users/s`,
      note: `${seedS <= TARGET_SEED_SECONDS ? 'within' : 'OVER'} the ${TARGET_SEED_SECONDS} s target; ${fmt(r.memberships)} memberships, ${fmt(r.assignedUsers + r.assignedGroups)} assignments, ${fmt(r.changes)} change rows (${fmt(r.changes / seedS)} rows/s)`,
    });
    const countMs = await withClient(dbUrl.toString(), async (c) => {
      await c.query('SELECT count(*) FROM entra.users');
      return (await timed(() => c.query('SELECT count(*) FROM entra.users'))).ms;
    });
    rows.push({ what: 'baseline: SELECT count(*) FROM entra.users', figure: `${fmt(countMs, 1)} ms` });

    // Listing through the API.
    let pages = 0;
    let listed = 0;
    const listing = await timed(async () => {
      let url: string | undefined = `${entra.graphUrl}/users?$top=999`;
      while (url) {
        const res = await getJson(url, token);
        if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
        pages++;
        listed += res.body.value.length;
        url = res.body['@odata.nextLink'];
      }
    });
    if (listed !== USERS) throw new Error(`listed ${listed} users, expected ${USERS}`);
    const listS = listing.ms / 1000;
    rows.push({
      what: `list all users, $top=999 (${pages} pages)`,
      figure: `${fmt(listS, 2)} s, ${fmt(listed / listS)} users/s`,
      note: `${fmt(listing.ms / pages, 1)} ms/page = ${fmt(listing.ms / pages / liveMs, 0)}× a /health/live round trip`,
    });

    // Delta, when served.
    const latest = await getJson(`${entra.graphUrl}/users/delta?$deltatoken=latest`, token);
    if (latest.status === 404 || latest.status === 400 || !latest.body['@odata.deltaLink']) {
      rows.push({
        what: `delta page after ${fmt(CHANGES)} changes`,
        figure: 'skipped',
        note: `GET /v1.0/users/delta answered ${latest.status}`,
      });
    } else {
      const deltaLink = latest.body['@odata.deltaLink'];
      const ids = await withClient(dbUrl.toString(), async (c) =>
        (await c.query(`SELECT id FROM entra.users ORDER BY md5(id::text) LIMIT $1`, [CHANGES])).rows.map((x: { id: string }) => x.id),
      );
      let next = 0;
      const changing = await timed(() =>
        Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < ids.length) {
              const id = ids[next++];
              const res = await fetch(`${entra.graphUrl}/users/${id}`, {
                method: 'PATCH',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ jobTitle: `Changed ${next}` }),
              });
              if (res.status !== 204) throw new Error(`PATCH answered ${res.status}`);
            }
          }),
        ),
      );
      rows.push({
        what: `${fmt(CHANGES)} PATCH /users/{id} (16 concurrent)`,
        figure: `${fmt(changing.ms / 1000, 2)} s, ${fmt(CHANGES / (changing.ms / 1000))} changes/s`,
      });
      const first = await timed(() => getJson(deltaLink, token));
      rows.push({
        what: 'delta: first page after the changes (default size)',
        figure: `${fmt(first.ms, 1)} ms`,
        note: `${first.value.body.value.length} users`,
      });
      const big = await timed(() => getJson(deltaLink, token, { prefer: 'odata.maxpagesize=999' }));
      rows.push({
        what: 'delta: first page, Prefer: odata.maxpagesize=999',
        figure: `${fmt(big.ms, 1)} ms`,
        note: `${big.value.body.value.length} users`,
      });
      let seen = 0;
      let deltaPages = 0;
      const round = await timed(async () => {
        let url: string | undefined = deltaLink;
        while (url) {
          const res = await getJson(url, token);
          deltaPages++;
          seen += res.body.value.length;
          url = res.body['@odata.nextLink'];
        }
      });
      rows.push({
        what: 'delta: whole round of changes (default page size)',
        figure: `${fmt(round.ms, 1)} ms`,
        note: `${deltaPages} pages, ${seen} users`,
      });
    }

    process.stdout.write(
      `\nprovsim tenant benchmark — PostgreSQL ${await withClient(dbUrl.toString(), async (c) => (await c.query('SHOW server_version')).rows[0].server_version)}, node ${process.version}\n\n`,
    );
    process.stdout.write('| measurement | figure | note |\n|---|---|---|\n');
    for (const row of rows) process.stdout.write(`| ${row.what} | ${row.figure} | ${row.note ?? ''} |\n`);
  } finally {
    await entra.close();
    await withClient(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
