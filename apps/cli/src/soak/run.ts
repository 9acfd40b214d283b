import { SeedService } from '@app/entra/seed';
import { SeededRandom } from '@app/entra/seed/random';
import { FaultService } from '@app/scim-target/faults/fault.service';
import { UsageError } from '../commands/errors';
import { CYCLE_INTERVAL_MS, startLoop, type Json, type Loop, type LoopProfile } from '../loop';
import { registerSecret } from '../report/mask';
import { summarize, type CheckResult, type CycleStat, type HttpExchange, type Report } from '../report/report';
import { cliVersion } from '../version';
import { activeRules, quarantineExpected, ruleBody, type Fault, type RotateFault } from './faults';
import { ChangeGenerator, type ChangeKind } from './generator';
import { collectGarbage, HeapGrowth } from './heap-growth';
import { Oracle } from './oracle';

export interface SoakOptions {
  target?: string;
  token?: string;
  profile: LoopProfile;
  users: number;
  groups: number;
  days: number;
  churn: number;
  faults: Fault[];
  /** --faults as given (for the report and the replay command). */
  faultsText?: string;
  seed: string;
  database?: string;
  /** Stop after this cycle (0 = the initial cycle), after its checks: what a replay command sets. */
  stopAtCycle?: number;
  /** Bound on the growth of the JavaScript heap's floor after the first simulated day, in MB (see HeapGrowth). */
  maxHeapGrowthMb: number;
  /** A full sweep of every user (and the target's whole user list) every N cycles; touched users every cycle. */
  fullCheckEvery: number;
}

export interface SoakHooks {
  onStart?(totalCycles: number): void;
  onCycle?(stat: CycleStat, totalCycles: number): void;
}

interface Invariant {
  id: string;
  name: string;
  fix: string;
}

export const INVARIANTS = {
  target: {
    id: 'soak.target-matches-mappings',
    name: 'The target holds exactly the in-scope users (and groups, with their members), with the values the job’s mappings predict',
    fix: 'Compare the request the engine sent (provisioning log, target request log) with what the app stored: an attribute the app drops or rewrites on PATCH, a disable it ignores, a DELETE it does not honour, or a member add or remove it ignores.',
  },
  duplicates: {
    id: 'soak.no-duplicates',
    name: 'No source user (or group) has two target objects',
    fix: 'Make the matching attribute (userName) unique and its filter case-insensitive, so the engine finds what it created.',
  },
  logs: {
    id: 'soak.log-entry-per-change',
    name: 'Every change of the tenant has its provisioning-log entry',
    fix: 'A change the engine did not process or log: see the cycle’s provisioning logs and the job status.',
  },
  escrows: {
    id: 'soak.escrows-drain',
    name: 'Escrowed failures drain once the faults stop',
    fix: 'Failed exports must succeed on retry once the app is healthy again.',
  },
  quarantine: {
    id: 'soak.quarantine-only-when-faulted',
    name: 'The job is quarantined (or fails) only while the injected faults call for it',
    fix: 'Read the job status (quarantine reason, lastExecution.error): the app refused credentials or answered in a way Entra treats as fatal.',
  },
  memory: {
    id: 'soak.memory-bounded',
    name: 'Process memory stays within the bound',
    fix: 'Something in the process grows with every cycle: take heap snapshots (node --heapsnapshot-signal) a few hundred cycles apart and compare them.',
  },
} satisfies Record<string, Invariant>;

interface Violation {
  invariant: Invariant;
  cycle: number;
  message: string;
  exchanges?: HttpExchange[];
}

const DAY = 86_400_000;

/** Churn that changes whether a user is in scope (or on the target at all): what references to it resolve to. */
const REFERENCE_CHANGES: ReadonlySet<ChangeKind> = new Set([
  'hire',
  'disable',
  'enable',
  'unassign',
  'reassign',
  'softDelete',
  'restore',
  'purge',
]);

const CYCLES_PER_DAY = Math.round(DAY / CYCLE_INTERVAL_MS);

/** RSS and heap in use after a cycle; after a full collection first when `collect` (once a simulated day). */
function memorySample(collect: boolean): { rssBytes: number; heapUsedBytes: number } {
  if (collect) collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssBytes: rss, heapUsedBytes: heapUsed };
}
/** Wall milliseconds spent per part of the soak in this process (engine cycles, churn, checks…), for bench/soak. */
export const soakTimings: Record<string, number> = {};
async function timed<R>(name: string, fn: () => Promise<R>): Promise<R> {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    soakTimings[name] = (soakTimings[name] ?? 0) + performance.now() - t;
  }
}

/** Cycles of a soak: the initial one, then one every 40 simulated minutes for `days`. */
export function cycleCount(days: number): number {
  return Math.floor((days * DAY) / CYCLE_INTERVAL_MS) + 1;
}

/** `provsim soak …` with the same options and --stop-at-cycle: the line that reproduces a failure. */
export function replayCommand(options: SoakOptions, cycle: number): string {
  const quote = (s: string) => (/^[A-Za-z0-9_.,:/@%=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['provsim soak'];
  if (options.target) parts.push(`--target ${quote(options.target)}`, '--token "$PROVSIM_TOKEN"');
  if (options.profile !== 'kintone') parts.push(`--profile ${options.profile}`);
  parts.push(`--users ${options.users}`, `--groups ${options.groups}`, `--days ${options.days}`, `--churn ${options.churn}`);
  if (options.faultsText) parts.push(`--faults ${quote(options.faultsText)}`);
  parts.push(`--seed ${quote(options.seed)}`);
  if (options.database) parts.push('--database "$PROVSIM_DATABASE_URL"');
  if (options.maxHeapGrowthMb !== DEFAULT_MAX_HEAP_GROWTH_MB) parts.push(`--max-heap-growth ${options.maxHeapGrowthMb}`);
  if (options.fullCheckEvery !== DEFAULT_FULL_CHECK_EVERY) parts.push(`--full-check-every ${options.fullCheckEvery}`);
  parts.push(`--stop-at-cycle ${cycle}`);
  return parts.join(' ');
}

export const DEFAULT_MAX_HEAP_GROWTH_MB = 64;
export const DEFAULT_FULL_CHECK_EVERY = 36;
/** Simulated time allowed for escrows to drain once the faults stop (retries back off up to 24 h). */
const DRAIN_MS = 2 * DAY;

/** Provisioning-log entries of the job at or after `since` (one cycle's on a manual clock). */
async function cycleLogs(loop: Loop, since: Date): Promise<Json[]> {
  const filter = `jobId eq '${loop.jobId}' and activityDateTime ge ${since.toISOString()}`;
  const out: Json[] = [];
  let next: string | undefined =
    `/auditLogs/provisioning?$filter=${encodeURIComponent(filter)}&$top=1000&$orderby=activityDateTime asc&$select=id,activityDateTime,provisioningAction,provisioningStatusInfo,sourceIdentity`;
  while (next) {
    const body: Json = await loop.graphOk('GET', next);
    out.push(...body.value);
    const link: string | undefined = body['@odata.nextLink'];
    next = link ? link.slice(link.indexOf('/v1.0') + '/v1.0'.length) : undefined;
  }
  return out;
}

/** startLoop, with a database that cannot be used reported as a usage error (exit 2) that does not print its URL. */
async function startLoopOrExplain(options: Parameters<typeof startLoop>[0]): Promise<Loop> {
  try {
    return await startLoop(options);
  } catch (error) {
    if (options?.database)
      throw new UsageError(
        `cannot use the --database: ${error instanceof Error ? error.message.split(String(options.database)).join('<url>') : String(error)}`,
      );
    throw error;
  }
}

/** Makes sure a given target answers with the given token before anything is built on it. */
async function probeTarget(url: string, token: string): Promise<void> {
  let status: number;
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/Users?count=1`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json' },
      signal: AbortSignal.timeout(15_000),
    });
    status = res.status;
    await res.arrayBuffer();
  } catch (error) {
    throw new UsageError(
      `cannot reach the target ${url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
    );
  }
  if (status === 401 || status === 403) throw new UsageError(`the target ${url} refused the token (${status})`);
  if (status >= 400) throw new UsageError(`the target ${url} answered ${status} to GET /Users?count=1`);
}

/**
 * The soak: the real engine runs the initial cycle and then an incremental cycle every 40 simulated minutes for the
 * given days while a seeded generator changes the tenant; invariants are checked after every cycle and the first
 * violation stops the run. Answers the canonical report.
 */
export async function runSoak(options: SoakOptions, hooks: SoakHooks = {}): Promise<Report> {
  const startedAt = new Date();
  registerSecret(options.token);
  if (options.target) await probeTarget(options.target, options.token ?? '');
  const assignUsers = Math.max(1, Math.round(options.users * 0.9));
  const loop = await startLoopOrExplain({
    targetUrl: options.target,
    token: options.token,
    profile: options.profile,
    database: options.database,
    beforeJob: async ({ tenant, spId }) => {
      await tenant.app.get(SeedService).seed({
        users: options.users,
        groups: options.groups,
        seed: `soak-${options.seed}`,
        assignTo: { servicePrincipalId: spId, users: assignUsers, groups: Math.min(options.groups, 2) },
      });
    },
  });
  registerSecret(loop.target.token);
  const cycles: CycleStat[] = [];
  const violations: Violation[] = [];
  const total = cycleCount(options.days);
  let cycle = 0;
  let stoppedEarly = false;
  let drained: boolean | null = null;
  try {
    const local = loop.target.local;
    if (local) {
      const faultRandom = new SeededRandom(options.seed, 'soak-faults');
      local.running.app.get(FaultService).random = () => faultRandom.next();
    } else if (options.faults.length > 0) {
      throw new UsageError('--faults needs the local target (no --target): faults are injected through its admin API');
    }
    const generator = new ChangeGenerator(loop, options.seed, 'provsim.onmicrosoft.com');
    await generator.load();
    const t0 = await loop.now();
    const oracle = new Oracle(
      loop,
      options.faults.every((f) => f.kind !== 'drop'),
    );
    await oracle.init(t0);

    const lastStatus = new Map<string, string>();
    const lastEntry = new Map<string, string>();
    const unmanaged = new Set<string>();
    const awaiting = new Map<string, number>();
    let dirty = new Set<string>();
    /** Groups to read back after this cycle: changed by the churn, or exported by the engine. */
    let dirtyGroups = new Set<string>();
    /** User or group → the last cycle the engine processed it without failing (exported or found unchanged). */
    const processed = new Map<string, number>();
    /** User → the last cycle something changed whether (and as what) a reference to it (member, manager) resolves. */
    const referenceChanged = new Map<string, number>();
    let lastPurge = -1;
    let appliedRules = '';
    const staleUntil: { fault: RotateFault; fixAt: number; token: string }[] = [];
    const heap = new HeapGrowth(CYCLES_PER_DAY);
    let lastJob: Json = null;
    const rotations = options.faults.filter((f): f is RotateFault => f.kind === 'rotate').sort((a, b) => a.at - b.at);
    let nextRotation = 0;

    const upns = () => new Map(generator.users.map((u) => [u.id, u.upn]));
    const excused = () => new Set([...lastStatus].filter(([, s]) => s === 'failure').map(([id]) => id));
    /**
     * Entra's known issues (reference §2.2, §9.1, §9.3): an object is not revisited when a user it references (a
     * group's member, a user's manager) enters or leaves scope, is restored or purged, without the object itself
     * changing; the target keeps what the object's last export left. A reference that differs is excused when its
     * change came after that export (one still missing: also in the same cycle, since escrow retries run after the
     * changes).
     */
    const knownIssue = (objectId: string, userId: string | null, direction: 'missing' | 'extra'): boolean => {
      const since = processed.get(objectId) ?? -1;
      const changed = userId === null ? lastPurge : referenceChanged.get(userId);
      if (changed === undefined) return false;
      return direction === 'missing' ? changed >= since : changed > since;
    };
    const groupCheck = (now: Date, pending: ReadonlySet<string>) => ({
      excused: pending,
      unmanaged,
      knownIssue,
      upns: upns(),
      now,
    });
    const applyRules = async (elapsed: number | null) => {
      if (!local) return;
      const rules = elapsed === null ? [] : activeRules(options.faults, elapsed);
      const key = rules.map((r) => r.text).join(',');
      if (key === appliedRules) return;
      await local.admin('DELETE', '/admin/tenants/default/faults');
      for (const rule of rules) {
        const res = await local.admin('POST', '/admin/tenants/default/faults', ruleBody(rule));
        if (res.status !== 201) throw new Error(`the local target refused the fault "${rule.text}": ${JSON.stringify(res.body)}`);
      }
      appliedRules = key;
    };
    /** Plays the admin: token rotations and, once a stale-token window ends, the new token saved and the job started. */
    const applyRotations = async (elapsed: number) => {
      while (nextRotation < rotations.length && rotations[nextRotation].at <= elapsed) {
        const fault = rotations[nextRotation++];
        const token = await loop.rotateTargetToken();
        registerSecret(token);
        if (fault.staleForMs === 0) await loop.setCredentials(loop.target.url, token);
        else staleUntil.push({ fault, fixAt: fault.at + fault.staleForMs, token });
      }
      for (const stale of staleUntil.filter((s) => s.fixAt <= elapsed)) {
        staleUntil.splice(staleUntil.indexOf(stale), 1);
        await loop.setCredentials(loop.target.url, loop.target.token);
        await loop.graphOk('POST', `${loop.jobPath}/start`);
      }
    };
    const fullSweep = async (at: number, now: Date): Promise<Violation | null> => {
      const known = upns();
      const snapshot = await oracle.snapshot();
      const duplicated = [...snapshot.byUserName].filter(([, list]) => list.length > 1);
      if (duplicated.length)
        return {
          invariant: INVARIANTS.duplicates,
          cycle: at,
          message: `userName held by more than one target user: ${duplicated.map(([n, list]) => `${n} (${list.length})`).join(', ')}`,
        };
      const mismatches = await oracle.checkUsers([...known.keys()], known, excused(), unmanaged, now, snapshot, knownIssue);
      if (mismatches.length) return toViolation(mismatches, at);
      const knownNames = new Set([...known.values()].map((upn) => upn.toLowerCase()));
      const unknown = [...snapshot.byUserName.keys()].filter((n) => !knownNames.has(n));
      if (unknown.length)
        return {
          invariant: INVARIANTS.target,
          cycle: at,
          message: `target users no source user accounts for: ${unknown.slice(0, 5).join(', ')}`,
        };
      if (oracle.checksGroups && generator.groups.length > 0) {
        const groups = await oracle.groupSnapshot();
        const twice = [...groups.byDisplayName].filter(([, list]) => list.length > 1);
        if (twice.length)
          return {
            invariant: INVARIANTS.duplicates,
            cycle: at,
            message: `displayName held by more than one target group: ${twice.map(([n, list]) => `${n} (${list.length})`).join(', ')}`,
          };
        const ids = generator.groups.map((g) => g.id);
        const groupMismatches = await oracle.checkGroups(ids, { ...groupCheck(now, excused()), users: snapshot, groups });
        if (groupMismatches.length) return toViolation(groupMismatches, at);
        const strangers = await oracle.unknownGroups(ids, groups);
        if (strangers.length)
          return {
            invariant: INVARIANTS.target,
            cycle: at,
            message: `target groups no source group accounts for: ${strangers.slice(0, 5).join(', ')}`,
          };
      }
      return null;
    };
    const toViolation = (mismatches: Awaited<ReturnType<Oracle['checkUsers']>>, at: number): Violation => {
      const first = mismatches[0];
      const more =
        mismatches.length > 1
          ? ` (and ${mismatches.length - 1} more: ${mismatches
              .slice(1, 4)
              .map((m) => m.message.split(':')[0])
              .join(', ')}${mismatches.length > 4 ? ', …' : ''})`
          : '';
      const logged = lastEntry.get(first.sourceId);
      return {
        invariant: first.check === 'no-duplicates' ? INVARIANTS.duplicates : INVARIANTS.target,
        cycle: at,
        message: `${first.message}${more}. Its last provisioning-log entry: ${logged ?? 'none'}`,
        exchanges: first.exchanges,
      };
    };

    /** One cycle slot and its checks. Answers the violation, if any. */
    const step = async (elapsed: number, phase: 'run' | 'drain'): Promise<Violation | null> => {
      if (phase === 'run') {
        await timed('faults', () => applyRotations(elapsed));
        await timed('faults', () => applyRules(elapsed));
      }
      // The admin again: a quarantine the faults no longer call for is cleared by starting the job once they stop.
      if (lastJob?.status?.quarantine && (phase === 'drain' || !quarantineExpected(options.faults, elapsed)))
        await loop.graphOk('POST', `${loop.jobPath}/start`);
      const changes =
        cycle > 0 && phase === 'run' ? await timed('generator', () => generator.step(generator.changesPerCycle(options.churn))) : [];
      for (const change of changes) {
        if (!awaiting.has(change.userId)) awaiting.set(change.userId, cycle);
        dirty.add(change.userId);
        if (change.groupId) dirtyGroups.add(change.groupId);
        else if (REFERENCE_CHANGES.has(change.kind)) referenceChanged.set(change.userId, cycle);
        if (change.kind === 'purge') lastPurge = cycle;
      }
      const began = performance.now();
      const now = await timed('cycle', () => loop.runCycle());
      const durationMs = performance.now() - began;
      const job = await timed('job', () => loop.job());
      lastJob = job;
      const logs = await timed('logs', () => cycleLogs(loop, now));
      const stat: CycleStat = {
        cycle,
        simulatedAt: now.toISOString(),
        durationMs: Math.round(durationMs),
        created: 0,
        updated: 0,
        disabled: 0,
        deleted: 0,
        skipped: 0,
        failed: 0,
        escrowed: 0,
        ...(cycle % CYCLES_PER_DAY === 0 ? await timed('gc', async () => memorySample(true)) : memorySample(false)),
      };
      for (const entry of logs) {
        const id: string | undefined = entry.sourceIdentity?.id;
        const status: string = entry.provisioningStatusInfo?.status;
        if (status === 'failure') stat.failed++;
        else if (status === 'skipped') stat.skipped++;
        else if (entry.provisioningAction === 'create') stat.created++;
        else if (entry.provisioningAction === 'update') stat.updated++;
        else if (entry.provisioningAction === 'disable') stat.disabled++;
        else if (entry.provisioningAction === 'delete') stat.deleted++;
        if (!id) continue;
        const before = lastStatus.get(id);
        lastStatus.set(id, status);
        const error = entry.provisioningStatusInfo?.errorInformation;
        lastEntry.set(
          id,
          `cycle ${cycle}: ${entry.provisioningAction} ${status}${error?.errorCode ? ` ${error.errorCode}` : ''}${error?.reason ? ` (${String(error.reason).slice(0, 160)})` : ''}`,
        );
        awaiting.delete(id);
        // What the engine exported (or failed to) is read back; a skip means it found the target as the mappings
        // predict, which the changed users' checks and the full sweeps verify independently.
        if (status !== 'failure') processed.set(id, cycle);
        if (entry.sourceIdentity?.identityType === 'Group') {
          if (status !== 'skipped') dirtyGroups.add(id);
          continue;
        }
        if (status !== 'skipped') dirty.add(id);
        // A user created (or matched after a failed create), disabled or deleted, or managed again (back in scope):
        // references to it (its groups, its reports) resolve differently from now on.
        if (
          status === 'success' &&
          entry.provisioningAction !== 'other' &&
          (entry.provisioningAction !== 'update' || unmanaged.has(id) || before === undefined || before === 'failure')
        )
          referenceChanged.set(id, cycle);
      }
      // Links the engine stops managing: a disable (or an already disabled target) because the user left scope.
      const leaving = new Set<string>();
      for (const entry of logs) {
        const id: string | undefined = entry.sourceIdentity?.id;
        if (!id) continue;
        const status: string = entry.provisioningStatusInfo?.status;
        if (status === 'success' && (entry.provisioningAction === 'create' || entry.provisioningAction === 'update')) {
          unmanaged.delete(id);
          leaving.delete(id);
        } else if (
          (status === 'success' && entry.provisioningAction === 'disable') ||
          (status === 'skipped' && entry.provisioningStatusInfo?.errorInformation?.errorCode === 'RedundantExport')
        ) {
          leaving.add(id);
        }
      }
      if (leaving.size) for (const id of await timed('scope', () => oracle.outOfScope([...leaving]))) unmanaged.add(id);
      const pending = excused();
      stat.escrowed = pending.size;
      cycles.push(stat);
      hooks.onCycle?.(stat, total);

      const quarantined = Boolean(job.status?.quarantine);
      const failed = job.status?.lastExecution?.state === 'Failed';
      const faultsCallForIt = phase === 'run' && quarantineExpected(options.faults, elapsed);
      if (failed && !faultsCallForIt)
        return {
          invariant: INVARIANTS.quarantine,
          cycle,
          message:
            `the cycle failed: ${job.status.lastExecution.error?.code ?? ''} ${job.status.lastExecution.error?.message ?? ''}`.trim(),
        };
      if (quarantined && !faultsCallForIt) {
        return {
          invariant: INVARIANTS.quarantine,
          cycle,
          message: `the job is quarantined (${job.status.quarantine.reason ?? 'no reason'}; ${job.status.quarantine.error?.message ?? ''}) while the faults (${appliedRules || 'none'}) do not call for it`,
        };
      }
      if (!quarantined && !failed && awaiting.size > 0) {
        const ids = [...awaiting.keys()];
        const names = upns();
        return {
          invariant: INVARIANTS.logs,
          cycle,
          message: `${ids.length} changed user(s) without a provisioning-log entry after a completed cycle: ${ids
            .slice(0, 5)
            .map((id) => names.get(id) ?? id)
            .join(', ')}`,
        };
      }
      if (!quarantined && !failed) {
        const isFull = options.fullCheckEvery > 0 && cycle > 0 && cycle % options.fullCheckEvery === 0;
        if (isFull) {
          const violation = await timed('full', () => fullSweep(cycle, now));
          if (violation) return violation;
          dirty = new Set([...pending]);
          dirtyGroups = new Set([...dirtyGroups].filter((id) => pending.has(id)));
        } else {
          if (dirty.size > 0) {
            const mismatches = await timed('check', () =>
              oracle.checkUsers([...dirty], upns(), pending, unmanaged, now, undefined, knownIssue),
            );
            if (mismatches.length) return toViolation(mismatches, cycle);
            dirty = new Set([...dirty].filter((id) => pending.has(id)));
          }
          if (dirtyGroups.size > 0 && oracle.checksGroups) {
            const mismatches = await timed('check', () => oracle.checkGroups([...dirtyGroups], groupCheck(now, pending)));
            if (mismatches.length) return toViolation(mismatches, cycle);
          }
          dirtyGroups = new Set([...dirtyGroups].filter((id) => pending.has(id)));
        }
      }
      const growth = heap.add(cycle, stat.heapUsedBytes);
      if (growth !== null && growth > options.maxHeapGrowthMb * 1_048_576) {
        return {
          invariant: INVARIANTS.memory,
          cycle,
          message: `the JavaScript heap's floor grew ${Math.round(growth / 1_048_576)} MB since the first simulated day (bound ${options.maxHeapGrowthMb} MB; RSS now ${Math.round(stat.rssBytes / 1_048_576)} MB)`,
        };
      }
      return null;
    };

    hooks.onStart?.(total);
    for (; cycle < total; cycle++) {
      const violation = await step(cycle * CYCLE_INTERVAL_MS, 'run');
      if (violation) {
        violations.push(violation);
        break;
      }
      if (options.stopAtCycle !== undefined && cycle >= options.stopAtCycle) {
        stoppedEarly = true;
        break;
      }
    }
    if (violations.length === 0 && !stoppedEarly) {
      // The faults stop: escrows must drain, then a full sweep over every user.
      await applyRules(null);
      for (const stale of staleUntil.splice(0)) {
        void stale;
        await loop.setCredentials(loop.target.url, loop.target.token);
      }
      const drainCycles = DRAIN_MS / CYCLE_INTERVAL_MS;
      drained = false;
      for (let i = 0; i < drainCycles; i++) {
        cycle++;
        const violation = await step(cycle * CYCLE_INTERVAL_MS, 'drain');
        if (violation) {
          violations.push(violation);
          break;
        }
        if (excused().size === 0 && awaiting.size === 0) {
          drained = true;
          break;
        }
      }
      if (violations.length === 0 && !drained) {
        const left = excused();
        violations.push({
          invariant: INVARIANTS.escrows,
          cycle,
          message: `${left.size} user(s) still failing ${DRAIN_MS / 3_600_000} simulated hours after the faults stopped: ${[...left].slice(0, 5).join(', ')}`,
        });
      }
      if (violations.length === 0) {
        const violation = await fullSweep(cycle, await loop.now());
        if (violation) violations.push(violation);
      }
    }
  } finally {
    await loop.close();
  }
  return buildReport(options, {
    startedAt,
    cycles,
    violation: violations[0] ?? null,
    lastCycle: cycle,
    drained,
    localTarget: !options.target,
    targetUrl: options.target ?? loop.target.url,
  });
}

function buildReport(
  options: SoakOptions,
  run: {
    startedAt: Date;
    cycles: CycleStat[];
    violation: Violation | null;
    lastCycle: number;
    drained: boolean | null;
    localTarget: boolean;
    targetUrl: string;
  },
): Report {
  const ran = run.cycles.length;
  const checks: CheckResult[] = Object.values(INVARIANTS).map((invariant) => {
    const base = { id: invariant.id, name: invariant.name, group: 'invariants', mandatory: true, durationMs: 0 };
    if (run.violation?.invariant === invariant) {
      return {
        ...base,
        status: 'FAILED',
        cycle: run.violation.cycle,
        message: run.violation.message,
        fix: invariant.fix,
        ...(run.violation.exchanges?.length ? { exchanges: run.violation.exchanges } : {}),
      } satisfies CheckResult;
    }
    if (invariant === INVARIANTS.escrows && run.drained === null) {
      return { ...base, status: 'SKIPPED', message: 'the run stopped before the faults did' } satisfies CheckResult;
    }
    return { ...base, status: 'PASSED', message: `held for ${ran} cycle(s)` } satisfies CheckResult;
  });
  const report: Report = {
    tool: 'provsim',
    version: cliVersion(),
    command: 'soak',
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    target: { url: run.targetUrl, profile: options.profile, local: run.localTarget },
    options: {
      users: options.users,
      groups: options.groups,
      days: options.days,
      churn: options.churn,
      faults: options.faultsText ?? '',
      profile: options.profile,
      database: options.database ? 'postgres' : 'embedded',
      ...(options.stopAtCycle !== undefined ? { stopAtCycle: options.stopAtCycle } : {}),
      maxHeapGrowthMb: options.maxHeapGrowthMb,
      fullCheckEvery: options.fullCheckEvery,
    },
    seed: Number.isFinite(Number(options.seed)) ? Number(options.seed) : undefined,
    checks,
    cycles: run.cycles,
    summary: summarize(checks),
  };
  if (!Number.isFinite(Number(options.seed))) report.options.seed = options.seed;
  if (run.violation) {
    report.firstViolation = { cycle: run.violation.cycle, check: run.violation.invariant.id, message: run.violation.message };
    report.replay = replayCommand(options, run.violation.cycle);
  }
  return report;
}
