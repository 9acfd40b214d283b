/** Helpers the benchmarks under bench/ share: a short-lived pg client, timing, number formatting, peak RSS, a seeded app. */
import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { ApplicationsService } from '../apps/entra/src/applications/applications.service';
import { KINTONE_TEMPLATE_ID } from '../apps/entra/src/applications/templates';
import { SeedService } from '../apps/entra/src/seed';

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** en-US grouping, `digits` decimals. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Peak resident set (VmHWM) of a process (this one by default), in MB. */
export function peakRssMb(pid: number | 'self' = 'self'): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** A Kintone app instantiated in the tenant, then `users` seeded users (seed `seed`), all assigned to it; timed. */
export async function seedAssignedKintone(
  app: INestApplicationContext,
  users: number,
  seed: string,
): Promise<{ servicePrincipalId: string; ms: number }> {
  const { servicePrincipal } = await app.get(ApplicationsService).instantiate(KINTONE_TEMPLATE_ID, 'Kintone');
  const seeded = await timed(() =>
    app.get(SeedService).seed({ users, groups: 0, seed, assignTo: { servicePrincipalId: servicePrincipal.id, users, groups: 0 } }),
  );
  return { servicePrincipalId: servicePrincipal.id, ms: seeded.ms };
}
