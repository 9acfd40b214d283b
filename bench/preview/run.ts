/**
 * Preview-the-next-cycle benchmark (provsim extension): BENCH_USERS (100,000) assigned users on the embedded database
 * (PGlite, in memory), a Kintone job that never ran (so the next cycle is an initial one over every user), and the
 * whole preview read page by page ($top=BENCH_TOP, default 1,000) — the first page also counts the whole cycle for its
 * summary. Prints the time of each page, the total and the process's peak RSS: the preview's memory must not grow
 * with the tenant. readTarget=false by default (the target is empty; BENCH_READ_TARGET is not offered: a real target
 * read is one GET per linked user or one matching query per unlinked one, the cycle's own cost, see bench/cycle).
 *
 * Usage: npm run bench:preview (the engine's process capped at a 256 MB heap, as bench:cycle)
 * Env: BENCH_USERS, BENCH_TOP.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createLogger } from '@app/platform';
import { loadEntraConfig, startEntra } from '../../apps/entra/src/bootstrap';
import { fmt, peakRssMb, seedAssignedKintone, timed } from '../support';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const TOP = Number(process.env.BENCH_TOP ?? 1_000);

async function main(): Promise<void> {
  const entra = await startEntra(
    loadEntraConfig({
      ENTRA_PORT: '0',
      LOG_LEVEL: 'warn',
      PROVSIM_DATA_DIR: 'memory',
      PROVSIM_CLOCK: 'manual',
      SYNC_TICK_MS: '0',
      ENTRA_DEMO_TENANT: 'false',
    }),
    createLogger('bench', 'warn'),
  );
  const rows: [string, string][] = [];
  const get = async (url: string) => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${entra.identity.adminToken}` } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
  try {
    const seeded = await seedAssignedKintone(entra.app, USERS, 'bench-preview');
    const { servicePrincipalId } = seeded;
    rows.push([`seed ${fmt(USERS)} assigned users (setup)`, `${fmt(seeded.ms / 1000, 1)} s, peak RSS so far ${fmt(peakRssMb())} MB`]);
    // The seed builds its tenant in memory (and the embedded database lives in this process): the figure below is the
    // preview's, so restart the peak here.
    global.gc?.();
    writeFileSync('/proc/self/clear_refs', '5');
    const rssBefore = peakRssMb();
    const job = await fetch(`${entra.graphUrl}/servicePrincipals/${servicePrincipalId}/synchronization/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${entra.identity.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ templateId: 'kintone' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    let next: string | undefined =
      `${entra.url}/sim/servicePrincipals/${servicePrincipalId}/synchronization/jobs/${job.id}/preview?readTarget=false&$top=${TOP}`;
    const pages: number[] = [];
    let entries = 0;
    const started = performance.now();
    while (next) {
      const page = await timed(() => get(next!));
      pages.push(page.ms);
      entries += page.value.value.length;
      if (pages.length === 1)
        rows.push([
          "first page (with the whole cycle's summary)",
          `${fmt(page.ms / 1000, 1)} s, counts ${JSON.stringify(page.value.summary.counts)}`,
        ]);
      next = page.value['@odata.nextLink'];
    }
    const total = performance.now() - started;
    const rest = pages.slice(1).sort((a, b) => a - b);
    rows.push([
      `pages after the first (${fmt(rest.length)} of $top=${fmt(TOP)})`,
      `median ${fmt(rest[Math.floor(rest.length / 2)] ?? 0)} ms, max ${fmt(rest.at(-1) ?? 0)} ms`,
    ]);
    rows.push([`whole preview: ${fmt(entries)} entries`, `${fmt(total / 1000, 1)} s`]);
    rows.push([
      'peak RSS during the preview (tenant + embedded database)',
      `${fmt(peakRssMb())} MB (after the seed: ${fmt(rssBefore)} MB)`,
    ]);
  } finally {
    await entra.close();
  }
  const width = Math.max(...rows.map(([w]) => w.length));
  process.stdout.write(
    `\nbench/preview — embedded database (PGlite), readTarget=false, SYNC_CONCURRENCY=${process.env.SYNC_CONCURRENCY ?? 16}\n\n`,
  );
  for (const [what, figure] of rows) process.stdout.write(`  ${what.padEnd(width)}  ${figure}\n`);
  process.stdout.write('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:preview failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
