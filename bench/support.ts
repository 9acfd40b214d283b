/** Helpers the benchmarks under bench/ share: a short-lived pg client, timing, number formatting, peak RSS, a seeded app. */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
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

/** A scratch PostgreSQL database on the server at `serverUrl`: its URL, and how to drop it. */
export async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `provsim_bench_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * A Kintone app instantiated in the tenant, then `users` seeded users (seed `seed`, UPNs in `domain`), all assigned
 * to it; timed.
 */
export async function seedAssignedKintone(
  app: INestApplicationContext,
  users: number,
  seed: string,
  domain?: string,
): Promise<{ servicePrincipalId: string; ms: number }> {
  const { servicePrincipal } = await app.get(ApplicationsService).instantiate(KINTONE_TEMPLATE_ID, 'Kintone');
  const seeded = await timed(() =>
    app.get(SeedService).seed({ users, groups: 0, seed, domain, assignTo: { servicePrincipalId: servicePrincipal.id, users, groups: 0 } }),
  );
  return { servicePrincipalId: servicePrincipal.id, ms: seeded.ms };
}

/** Calls the tenant's Graph API as its admin; answers the parsed body, throws on a status ≥ 300. */
export function graphCaller(graphUrl: string, adminToken: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- benches read whatever Graph answers
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${graphUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuMs(pid: number | 'self' = 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th of them.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // the process is gone
  }
}

/**
 * CPU time (ms) each PostgreSQL server process used since `before` (a postgresCpuMs() reading); one started meanwhile
 * counts from zero, one that ended meanwhile is not counted.
 */
export function postgresCpuMsSince(before: Map<number, number>): Map<number, number> {
  const used = new Map<number, number>();
  for (const [pid, ms] of postgresCpuMs()) used.set(pid, ms - (before.get(pid) ?? 0));
  return used;
}

/** CPU time used so far by each PostgreSQL server process on this machine (backends, WAL writer, checkpointer), in ms by pid. */
export function postgresCpuMs(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // the process ended while being read
    }
  }
  return byPid;
}
