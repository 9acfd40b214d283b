/**
 * Soak benchmark: `provsim soak` in this process, 1,000 users × 28 simulated days at 1 % churn per cycle (the initial
 * cycle, 1,008 incremental ones and the drain), against the local SCIM target on the embedded database, every
 * invariant checked. Prints the wall time (aim ≤ 2 minutes on 2 cores), cycles per second, peak RSS (VmHWM) and where
 * the time went.
 *
 * Usage: npm run bench:soak
 * Env: BENCH_USERS (1000), BENCH_DAYS (28), BENCH_CHURN (0.01), BENCH_FAULTS (none), BENCH_SEED (bench).
 */
import 'reflect-metadata';
import { parseFaults } from '../../apps/cli/src/soak/faults';
import { DEFAULT_MAX_HEAP_GROWTH_MB, runSoak, soakTimings } from '../../apps/cli/src/soak/run';
import { fmt, peakRssMb } from '../support';

const USERS = Number(process.env.BENCH_USERS ?? 1_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 28);
const CHURN = Number(process.env.BENCH_CHURN ?? 0.01);
const FAULTS = process.env.BENCH_FAULTS ?? '';

async function main(): Promise<void> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const report = await runSoak({
    profile: 'kintone',
    users: USERS,
    groups: 0,
    days: DAYS,
    churn: CHURN,
    faults: parseFaults(FAULTS),
    ...(FAULTS ? { faultsText: FAULTS } : {}),
    seed: process.env.BENCH_SEED ?? 'bench',
    maxHeapGrowthMb: DEFAULT_MAX_HEAP_GROWTH_MB,
    fullCheckEvery: 36,
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cycles = report.cycles ?? [];
  const cycleMs = cycles
    .slice(1)
    .map((c) => c.durationMs)
    .sort((a, b) => a - b);
  const rows: [string, string][] = [
    [
      'invariants',
      `${report.summary.passed} passed, ${report.summary.failed} failed${report.firstViolation ? ` (first: ${report.firstViolation.check} at cycle ${report.firstViolation.cycle})` : ''}`,
    ],
    ['wall time, start to report', `${fmt(wall, 1)} s (aim ≤ 120)`],
    // On a machine shared with other work the wall time varies with the load; the CPU time much less.
    ['CPU time of this process (user + system)', `${fmt((cpu.user + cpu.system) / 1e6, 1)} s`],
    ['cycles (initial + incremental + drain)', `${fmt(cycles.length)} = ${fmt(cycles.length / wall, 1)} cycles/s`],
    ['changes made (churn)', fmt(cycles.reduce((n, c) => n + c.created + c.updated + c.disabled + c.deleted, 0)) + ' exports logged'],
    ['initial cycle', `${fmt(cycles[0]?.durationMs ?? 0)} ms`],
    [
      'incremental cycle, median / p95',
      `${fmt(cycleMs[Math.floor(cycleMs.length / 2)] ?? 0)} / ${fmt(cycleMs[Math.floor(cycleMs.length * 0.95)] ?? 0)} ms`,
    ],
    ['peak RSS (VmHWM, both apps and the soak)', `${fmt(peakRssMb())} MB`],
  ];
  const other = wall * 1000 - Object.values(soakTimings).reduce((a, b) => a + b, 0);
  for (const [part, ms] of [...Object.entries(soakTimings), ['startup, seed and the rest', other] as const].sort((a, b) => b[1] - a[1]))
    rows.push([`  time in ${part}`, `${fmt(ms / 1000, 1)} s`]);
  const width = Math.max(...rows.map(([w]) => w.length));
  process.stdout.write(
    `\nbench/soak — ${fmt(USERS)} users × ${DAYS} simulated days, churn ${CHURN * 100} % per cycle${FAULTS ? `, faults ${FAULTS}` : ''}, embedded database, local target in process\n\n`,
  );
  for (const [what, figure] of rows) process.stdout.write(`  ${what.padEnd(width)}  ${figure}\n`);
  process.stdout.write('\n');
  if (report.summary.failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:soak failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
