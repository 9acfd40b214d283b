import { DataSource } from 'typeorm';
import { httpRequest, TestResponse } from '@app/testing';
import { FaultService } from '../../scim-target/src/faults/fault.service';
import { DEFAULT_ACCESS_ROLE_ID } from '../src/applications/templates';
import { SeedService } from '../src/seed';
import { SeededRandom } from '../src/seed/random';
import { expectOk, startTestLoop, TestLoop } from './loop-harness';

/**
 * Soak: a seeded 500-user tenant provisioned to the Kintone profile for 7 simulated days of 40-minute incremental
 * cycles, with seeded random churn between cycles and 10 % of the target's answers failing (503), then faults off
 * until the escrows drain. Three things are checked:
 *
 * 1. The target equals the expected projection of the tenant's final state (read through Graph) exactly.
 * 2. The provisioning log holds one entry per processed object per cycle, and every change shows up in the next one.
 * 3. The job ends Active, Succeeded, without escrows.
 *
 * The test keeps its own model of the tenant (every change it makes) and of the connector data store (link managed
 * or not, what the target holds). Faults are the only thing the model cannot know in advance: it learns from each
 * cycle's log which objects failed (and are escrowed), and checks every other entry against the engine's documented
 * situations (docs/provisioning-core/mapping-and-planner.md).
 */

const MINUTE = 60_000;
const INTERVAL = 40 * MINUTE;
/** 7 days of 40-minute cycles. */
const SOAK_CYCLES = 252;
/** Escrow retries back off 40 min, 80 min … capped at 24 h (36 intervals): this bounds the drain. */
const MAX_DRAIN_CYCLES = 40;
const USERS = 500;
const GROUPS = 24;
const ASSIGNED_USERS = 380;
const ASSIGNED_GROUPS = 3;
const SEED = 'soak-7d';
const MAX_CHANGES_PER_CYCLE = 8;
/** Half of the churn goes to a small set of users, so that changes pile up on the same objects. */
const HOT_USERS = 60;
const DOMAIN = 'provsim.onmicrosoft.com';

/** A named stream of the PRNG the tenant seed uses (seeded by SEED), uniform in [0, 1). */
function randomStream(stream: string): () => number {
  const random = new SeededRandom(SEED, stream);
  return () => random.next();
}

/** The test's model of a tenant user. */
interface SourceUser {
  id: string;
  upn: string;
  displayName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  mailNickname: string;
  enabled: boolean;
  state: 'live' | 'deleted' | 'purged';
  /** The user's direct assignment to the app. */
  assignmentId: string | null;
  managerId: string | null;
  /** Every UPN the user had. */
  upns: string[];
}

/** A group assigned to the app by the seed (it may be unassigned and re-assigned by the churn). */
interface TrackedGroup {
  id: string;
  assignmentId: string | null;
  /** User members; a member in the recycle bin stays a member (it comes back on restore). */
  members: Set<string>;
}

/** What the Kintone mapping puts in the target (libs/provisioning-core/src/templates/kintone.ts). */
interface TargetUser {
  active: boolean;
  userName: string;
  displayName: string;
  mail: string | null;
  givenName: string | null;
  familyName: string | null;
  externalId: string;
}

/** The model of the job's connector data store: one link per provisioned user. */
interface Link {
  managed: boolean;
  targetId: string;
  /** What the target holds for the user, as the engine's successful exports left it. */
  target: TargetUser;
}

interface Escrow {
  retryCount: number;
  nextRetryAt: number;
}

/** What the engine is expected to do with a user in a cycle, given the tenant and the link (the situation table). */
interface Planned {
  situation: string;
  action: string;
  status: 'success' | 'skipped';
  code: string | null;
  /** Talks to the target (GET, matching query or a write): only then can a fault fail it. */
  requests: boolean;
  /** The link afterwards (undefined: no link). */
  link: Link | undefined;
}

interface LogRow {
  source_id: string;
  cycle_id: string;
  provisioning_action: string;
  status: string;
  error_code: string | null;
  target_id: string | null;
}

interface ChangeRecord {
  kind: string;
  /** Users whose provisioning the change touches (the engine's change feed: user, membership and assignment rows). */
  users: string[];
  /** Simulated time of the change (the time of the cycle before it). */
  at: number;
  /** Index of the cycle after which it was made. */
  afterCycle: number;
}

const lower = (v: string | null | undefined) => (v ?? '').toLowerCase();

function sameTarget(a: TargetUser, b: TargetUser): boolean {
  // Kintone's target attributes are not caseExact: the planner compares case-insensitively.
  return (
    a.active === b.active &&
    lower(a.userName) === lower(b.userName) &&
    lower(a.displayName) === lower(b.displayName) &&
    lower(a.mail) === lower(b.mail) &&
    lower(a.givenName) === lower(b.givenName) &&
    lower(a.familyName) === lower(b.familyName) &&
    lower(a.externalId) === lower(b.externalId)
  );
}

/** The target resource in the model's shape. */
function fromScim(r: any): TargetUser {
  const work = (r.emails ?? []).find((e: any) => e.type === 'work');
  return {
    active: r.active,
    userName: r.userName,
    displayName: r.displayName ?? null,
    mail: work?.value ?? null,
    givenName: r.name?.givenName ?? null,
    familyName: r.name?.familyName ?? null,
    externalId: r.externalId ?? null,
  };
}

/** A Graph user in the model's shape of a provisioned, active user. */
function projectionOf(u: {
  userPrincipalName: string;
  displayName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  mailNickname: string;
}): TargetUser {
  return {
    active: true,
    userName: u.userPrincipalName,
    displayName: u.displayName,
    mail: u.mail,
    givenName: u.givenName,
    familyName: u.surname,
    externalId: u.mailNickname,
  };
}

function escrowDelay(retriesSoFar: number): number {
  return Math.min(24 * 60 * MINUTE, INTERVAL * 2 ** retriesSoFar);
}

describe('soak: 500 users, 7 days of churn with 10 % target faults (Kintone)', () => {
  jest.setTimeout(600_000);

  let loop: TestLoop;
  let db: DataSource;
  const users = new Map<string, SourceUser>();
  const groups = new Map<string, TrackedGroup>();
  const links = new Map<string, Link>();
  const escrows = new Map<string, Escrow>();
  const changes: ChangeRecord[] = [];
  /** Users that were in scope and active at some cycle (from the model only). */
  const everInScope = new Set<string>();
  /** Users the model saw created (a successful create entry). */
  const everCreated = new Set<string>();
  /** Deviations of the engine's log from the model, per cycle (asserted empty below). */
  const mismatches: string[] = [];
  const timings: Record<string, number> = {};
  const stats = {
    cycles: 0,
    drainCycles: 0,
    escrowedAtFaultsOff: 0,
    changes: 0,
    entries: 0,
    failures: 0,
    projection: {} as Record<string, number>,
    byKind: {} as Record<string, number>,
    byAction: {} as Record<string, number>,
  };
  let now = 0;
  let cycleIndex = 0;
  /** Users touched by changes since the last cycle. */
  let touched = new Set<string>();
  let counter = 0;

  const graph = async (method: string, path: string, body?: unknown, status?: number): Promise<TestResponse> => {
    const res = await loop.entra.graph(method, path, body === undefined ? {} : { body });
    if (status !== undefined) expectOk(res, status);
    return res;
  };

  /** Every page of a Graph collection. */
  const listAll = async (path: string): Promise<any[]> => {
    const out: any[] = [];
    let next: string | undefined = path;
    while (next) {
      const res = await graph('GET', next, undefined, 200);
      out.push(...res.body.value);
      next = res.body['@odata.nextLink']?.replace(loop.entra.graphUrl, '');
    }
    return out;
  };

  const isAssigned = (u: SourceUser): boolean =>
    u.assignmentId !== null || [...groups.values()].some((g) => g.assignmentId !== null && g.members.has(u.id));
  const inScopeActive = (u: SourceUser): boolean => u.state === 'live' && u.enabled && isAssigned(u);

  /** The situation table (decide.ts) applied to the model. */
  function plan(u: SourceUser, link: Link | undefined): Planned {
    if (u.state === 'purged') {
      if (!link)
        return { situation: 'HardDeletedUnlinked', action: 'other', status: 'skipped', code: 'NotProvisioned', requests: false, link };
      // §2.5: once unassigned and disabled, a later hard delete sends nothing.
      if (!link.managed)
        return { situation: 'UnmanagedAfterDisable', action: 'other', status: 'skipped', code: 'NotManaged', requests: false, link };
      return { situation: 'HardDeletedLinked', action: 'delete', status: 'success', code: null, requests: true, link: undefined };
    }
    const assigned = isAssigned(u);
    if (!assigned || u.state === 'deleted' || !u.enabled) {
      if (!link) {
        return assigned
          ? { situation: 'DisabledSourceNeverCreated', action: 'other', status: 'skipped', code: 'NotActive', requests: false, link }
          : { situation: 'OutOfScopeUnlinked', action: 'other', status: 'skipped', code: 'NotEffectivelyEntitled', requests: false, link };
      }
      if (!link.managed)
        return { situation: 'UnmanagedAfterDisable', action: 'other', status: 'skipped', code: 'NotManaged', requests: false, link };
      // Leaving scope (unassigned) makes the link unmanaged; accountEnabled=false and soft delete keep it managed.
      const next = { ...link, managed: assigned, target: { ...link.target, active: false } };
      return link.target.active
        ? {
            situation: assigned ? 'SourceDisabledLinkedActive' : 'OutOfScopeLinkedActive',
            action: 'disable',
            status: 'success',
            code: null,
            requests: true,
            link: next,
          }
        : {
            situation: assigned ? 'SourceDisabledLinkedAlreadyDisabled' : 'OutOfScopeLinkedAlreadyDisabled',
            action: 'other',
            status: 'skipped',
            code: 'RedundantExport',
            requests: true,
            link: next,
          };
    }
    const wanted = projectionOf({
      userPrincipalName: u.upn,
      displayName: u.displayName,
      mail: u.mail,
      givenName: u.givenName,
      surname: u.surname,
      mailNickname: u.mailNickname,
    });
    if (!link)
      return {
        situation: 'InScopeUnlinkedNoMatch',
        action: 'create',
        status: 'success',
        code: null,
        requests: true,
        link: { managed: true, targetId: '', target: wanted },
      };
    const next = { ...link, managed: true, target: wanted };
    if (sameTarget(link.target, wanted))
      return {
        situation: 'InScopeLinkedUnchanged',
        action: 'other',
        status: 'skipped',
        code: 'RedundantExport',
        requests: true,
        link: next,
      };
    return {
      situation: !link.managed || !link.target.active ? 'InScopeLinkedWasDisabled' : 'InScopeLinkedChanged',
      action: 'update',
      status: 'success',
      code: null,
      requests: true,
      link: next,
    };
  }

  /** The cycle's entries, read from entra.provisioning_logs (every entry of a cycle carries its simulated time). */
  async function cycleEntries(at: number): Promise<LogRow[]> {
    return db.query(
      `SELECT source_id, cycle_id, provisioning_action, status, error_code, target_id FROM entra.provisioning_logs
        WHERE job_id = $1 AND activity_date_time >= $2 ORDER BY source_id`,
      [loop.jobId, new Date(at)],
    );
  }

  /** Runs the next cycle (`advanceMs` of simulated time first) and checks its log against the model. */
  async function runCycle(advanceMs: number, initial = false): Promise<void> {
    const changed = touched;
    touched = new Set();
    if (initial) await loop.cycle();
    else await loop.advance(advanceMs);
    now += advanceMs;
    const label = `cycle ${cycleIndex}`;
    const execution: any = (await db.query(`SELECT status -> 'lastExecution' AS e FROM entra.sync_jobs WHERE id = $1`, [loop.jobId]))[0].e;
    if (Date.parse(execution?.timeBegan) !== now)
      mismatches.push(`${label}: no cycle ran at ${new Date(now).toISOString()} (last began ${execution?.timeBegan})`);
    if (execution?.state === 'Failed') mismatches.push(`${label}: cycle failed: ${JSON.stringify(execution.error)}`);

    // Which users the engine should process: the initial cycle reads every assigned user; an incremental one the
    // users the changes touched, then the escrows whose retry time has come (not those the changes covered).
    const expected = new Set<string>();
    if (initial) {
      for (const u of users.values()) if (u.state !== 'purged' && isAssigned(u)) expected.add(u.id);
    } else {
      for (const id of changed) expected.add(id);
      for (const [id, e] of escrows) if (e.nextRetryAt <= now) expected.add(id);
    }

    for (const u of users.values()) if (inScopeActive(u)) everInScope.add(u.id);

    const rows = await cycleEntries(now);
    const cycleIds = new Set(rows.map((r) => r.cycle_id));
    if (cycleIds.size > 1) mismatches.push(`${label}: entries of ${cycleIds.size} cycles at one time`);
    if (rows.length && execution && !cycleIds.has(execution.activityIdentifier))
      mismatches.push(`${label}: entries not of the last execution`);
    const seen = new Set<string>();
    for (const row of rows) {
      stats.entries += 1;
      if (seen.has(row.source_id)) {
        mismatches.push(`${label}: ${row.source_id} logged twice`);
        continue;
      }
      seen.add(row.source_id);
      const u = users.get(row.source_id);
      if (!u) {
        mismatches.push(`${label}: entry for an object the test does not know: ${row.source_id}`);
        continue;
      }
      if (!expected.has(u.id)) mismatches.push(`${label}: ${u.upn} processed without a change or a due escrow`);
      const link = links.get(u.id);
      const planned = plan(u, link);
      if (row.status === 'failure') {
        stats.failures += 1;
        // A 503 from the target: the entry is a failure of the planned action (or of the read before it).
        if (
          !planned.requests ||
          row.error_code !== 'InternalServerError' ||
          (row.provisioning_action !== planned.action && row.provisioning_action !== 'other')
        ) {
          mismatches.push(
            `${label}: ${u.upn} failed (${row.provisioning_action}/${row.error_code}) but the model planned ${planned.situation} (${planned.action}, requests: ${planned.requests})`,
          );
        }
        const previous = escrows.get(u.id);
        escrows.set(u.id, { retryCount: (previous?.retryCount ?? 0) + 1, nextRetryAt: now + escrowDelay(previous?.retryCount ?? 0) });
        continue;
      }
      stats.byAction[planned.situation] = (stats.byAction[planned.situation] ?? 0) + 1;
      if (row.provisioning_action !== planned.action || row.status !== planned.status || (row.error_code ?? null) !== planned.code) {
        mismatches.push(
          `${label}: ${u.upn} (${u.id}, ${u.state}, enabled ${u.enabled}, assigned ${isAssigned(u)}, link ${link ? (link.managed ? 'managed' : 'unmanaged') : 'none'}, target active ${link?.target.active}) ` +
            `logged ${row.provisioning_action}/${row.status}/${row.error_code}, model: ${planned.situation} ${planned.action}/${planned.status}/${planned.code}`,
        );
      }
      escrows.delete(u.id);
      if (planned.action === 'create') {
        everCreated.add(u.id);
        links.set(u.id, { ...planned.link!, targetId: row.target_id ?? '' });
      } else if (planned.link) links.set(u.id, planned.link);
      else links.delete(u.id);
    }
    for (const id of expected)
      if (!seen.has(id)) mismatches.push(`${label}: ${users.get(id)?.upn ?? id} expected in the log (change or due escrow) but absent`);
    stats.cycles += 1;
    cycleIndex += 1;
  }

  // ---- churn ---------------------------------------------------------------------------------------------------

  function recordChange(kind: string, ids: Iterable<string>): void {
    const list = [...ids];
    for (const id of list) touched.add(id);
    changes.push({ kind, users: list, at: now, afterCycle: cycleIndex - 1 });
    stats.changes += 1;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  }

  const assignmentBody = (principalId: string) => ({ principalId, resourceId: loop.spId, appRoleId: DEFAULT_ACCESS_ROLE_ID });

  /** One random change; false when the picked kind had no candidate. */
  async function randomChange(rng: () => number, hot: string[]): Promise<boolean> {
    const all = [...users.values()];
    const pickUser = (ok: (u: SourceUser) => boolean): SourceUser | undefined => {
      const fromHot = rng() < 0.5 ? hot.map((id) => users.get(id)!).filter(ok) : [];
      const pool = fromHot.length ? fromHot : all.filter(ok);
      return pool.length ? pool[Math.floor(rng() * pool.length)] : undefined;
    };
    const live = (u: SourceUser) => u.state === 'live';
    const trackedGroups = [...groups.values()];
    const kinds: [string, number][] = [
      ['rename', 18],
      ['upn', 6],
      ['mail', 12],
      ['disable', 8],
      ['enable', 8],
      ['unassign', 7],
      ['assign', 7],
      ['softDelete', 6],
      ['restore', 5],
      ['purge', 3],
      ['addMember', 6],
      ['removeMember', 6],
      ['toggleGroup', 1],
    ];
    let roll = rng() * kinds.reduce((s, [, w]) => s + w, 0);
    const kind = kinds.find(([, w]) => (roll -= w) < 0)![0];
    const n = ++counter;
    switch (kind) {
      case 'rename': {
        const u = pickUser(live);
        if (!u) return false;
        const body: Record<string, string> = { displayName: `${u.givenName ?? 'User'} ${u.surname ?? ''} r${n}`.replace(/\s+/g, ' ') };
        if (rng() < 0.3) body.surname = `${(u.surname ?? 'X').split('-')[0]}-R${n}`;
        await graph('PATCH', `/users/${u.id}`, body, 204);
        u.displayName = body.displayName;
        if (body.surname) u.surname = body.surname;
        recordChange(kind, [u.id]);
        return true;
      }
      case 'upn': {
        const u = pickUser(live);
        if (!u) return false;
        const upn = `${u.mailNickname}.u${n}@${DOMAIN}`;
        await graph('PATCH', `/users/${u.id}`, { userPrincipalName: upn }, 204);
        u.upn = upn;
        u.upns.push(upn);
        recordChange(kind, [u.id]);
        return true;
      }
      case 'mail': {
        const u = pickUser(live);
        if (!u) return false;
        const mail = `${u.mailNickname}.m${n}@${DOMAIN}`;
        await graph('PATCH', `/users/${u.id}`, { mail }, 204);
        u.mail = mail;
        recordChange(kind, [u.id]);
        return true;
      }
      case 'disable':
      case 'enable': {
        const u = pickUser((x) => live(x) && x.enabled === (kind === 'disable'));
        if (!u) return false;
        await graph('PATCH', `/users/${u.id}`, { accountEnabled: kind === 'enable' }, 204);
        u.enabled = kind === 'enable';
        recordChange(kind, [u.id]);
        return true;
      }
      case 'unassign': {
        const u = pickUser((x) => live(x) && x.assignmentId !== null);
        if (!u) return false;
        await graph('DELETE', `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${u.assignmentId}`, undefined, 204);
        u.assignmentId = null;
        recordChange(kind, [u.id]);
        return true;
      }
      case 'assign': {
        const u = pickUser((x) => live(x) && x.assignmentId === null);
        if (!u) return false;
        const res = await graph('POST', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`, assignmentBody(u.id), 201);
        u.assignmentId = res.body.id;
        recordChange(kind, [u.id]);
        return true;
      }
      case 'softDelete': {
        const u = pickUser(live);
        if (!u) return false;
        await graph('DELETE', `/users/${u.id}`, undefined, 204);
        u.state = 'deleted';
        recordChange(kind, [u.id]);
        return true;
      }
      case 'restore': {
        const u = pickUser((x) => x.state === 'deleted');
        if (!u) return false;
        await graph('POST', `/directory/deletedItems/${u.id}/restore`, undefined, 200);
        u.state = 'live';
        recordChange(kind, [u.id]);
        return true;
      }
      case 'purge': {
        const u = pickUser((x) => x.state === 'deleted');
        if (!u) return false;
        await graph('DELETE', `/directory/deletedItems/${u.id}`, undefined, 204);
        u.state = 'purged';
        u.assignmentId = null;
        for (const g of groups.values()) g.members.delete(u.id);
        // The purge clears the manager of the user's reports: each report gets a change (live or in the recycle bin).
        const reports = all.filter((r) => r.state !== 'purged' && r.managerId === u.id);
        for (const r of reports) r.managerId = null;
        recordChange(kind, [u.id, ...reports.map((r) => r.id)]);
        return true;
      }
      case 'addMember': {
        const g = trackedGroups[Math.floor(rng() * trackedGroups.length)];
        const u = pickUser((x) => live(x) && !g.members.has(x.id));
        if (!u) return false;
        await graph('POST', `/groups/${g.id}/members/$ref`, { '@odata.id': `${loop.entra.graphUrl}/directoryObjects/${u.id}` }, 204);
        g.members.add(u.id);
        recordChange(kind, [u.id]);
        return true;
      }
      case 'removeMember': {
        const g = trackedGroups[Math.floor(rng() * trackedGroups.length)];
        const u = pickUser((x) => live(x) && g.members.has(x.id));
        if (!u) return false;
        await graph('DELETE', `/groups/${g.id}/members/${u.id}/$ref`, undefined, 204);
        g.members.delete(u.id);
        recordChange(kind, [u.id]);
        return true;
      }
      case 'toggleGroup': {
        // Unassigning a group (or assigning it again) changes the scope of every direct member.
        const g = trackedGroups[Math.floor(rng() * trackedGroups.length)];
        if (g.assignmentId) {
          await graph('DELETE', `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${g.assignmentId}`, undefined, 204);
          g.assignmentId = null;
        } else {
          g.assignmentId = (await graph('POST', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`, assignmentBody(g.id), 201)).body.id;
        }
        recordChange(g.assignmentId ? 'assignGroup' : 'unassignGroup', g.members);
        return true;
      }
      default:
        throw new Error(`unknown change ${kind}`);
    }
  }

  // ---- the soak ------------------------------------------------------------------------------------------------

  beforeAll(async () => {
    const started = performance.now();
    loop = await startTestLoop({ profile: 'kintone', entraEnv: { ENTRA_DEMO_TENANT: 'false' } });
    db = loop.entra.app.get(DataSource);
    const clock = await httpRequest('GET', `${loop.entra.url}/sim/clock`, { token: loop.entra.identity.adminToken });
    expectOk(clock, 200);
    now = Date.parse(clock.body.now);

    const seeded = await loop.entra.app.get(SeedService).seed({
      users: USERS,
      groups: GROUPS,
      seed: SEED,
      domain: DOMAIN,
      assignTo: { servicePrincipalId: loop.spId, users: ASSIGNED_USERS, groups: ASSIGNED_GROUPS },
    });
    expect(seeded).toMatchObject({ users: USERS, assignedUsers: ASSIGNED_USERS, assignedGroups: ASSIGNED_GROUPS });

    // The model starts from the seeded tenant as Graph shows it.
    const select = '$select=id,userPrincipalName,displayName,mail,givenName,surname,mailNickname,accountEnabled&$top=999';
    const managers = new Map<string, string | null>(
      (
        (await db.query(`SELECT id::text AS id, manager_id::text AS manager FROM entra.users`)) as { id: string; manager: string | null }[]
      ).map((r) => [r.id, r.manager]),
    );
    for (const g of await listAll(`/users?${select}`)) {
      users.set(g.id, {
        id: g.id,
        upn: g.userPrincipalName,
        displayName: g.displayName,
        mail: g.mail,
        givenName: g.givenName,
        surname: g.surname,
        mailNickname: g.mailNickname,
        enabled: g.accountEnabled,
        state: 'live',
        assignmentId: null,
        managerId: managers.get(g.id) ?? null,
        upns: [g.userPrincipalName],
      });
    }
    expect(users.size).toBe(USERS);
    for (const a of (await graph('GET', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`, undefined, 200)).body.value) {
      if (a.principalType === 'User') users.get(a.principalId)!.assignmentId = a.id;
      else {
        const members = (await graph('GET', `/groups/${a.principalId}/members`, undefined, 200)).body.value.filter(
          (m: any) => m['@odata.type'] === '#microsoft.graph.user',
        );
        groups.set(a.principalId, { id: a.principalId, assignmentId: a.id, members: new Set(members.map((m: any) => m.id)) });
      }
    }
    expect(groups.size).toBe(ASSIGNED_GROUPS);

    // 10 % of the target's answers are 503 from the start (the fault stream is seeded too; which request draws
    // which number still depends on the engine's concurrency).
    loop.target.app.get(FaultService).random = randomStream('soak-faults');
    expectOk(
      await loop.target.admin('POST', '/admin/tenants/default/faults', {
        body: { status: 503, probability: 0.1 },
        contentType: 'application/json',
      }),
      201,
    );
    timings.setupMs = performance.now() - started;

    let t = performance.now();
    await runCycle(0, true);
    timings.initialCycleMs = performance.now() - t;

    t = performance.now();
    const rng = randomStream('soak-churn');
    const ids = [...users.keys()].sort();
    const hot: string[] = [];
    while (hot.length < HOT_USERS) {
      const id = ids[Math.floor(rng() * ids.length)];
      if (!hot.includes(id)) hot.push(id);
    }
    for (let c = 1; c <= SOAK_CYCLES; c++) {
      const wanted = Math.floor(rng() * (MAX_CHANGES_PER_CYCLE + 1));
      for (let made = 0, tries = 0; made < wanted && tries < 4 * MAX_CHANGES_PER_CYCLE; tries++) if (await randomChange(rng, hot)) made++;
      await runCycle(INTERVAL);
    }
    timings.soakMs = performance.now() - t;

    // Faults off; cycles until the escrows drain (both the engine's count and the model's).
    t = performance.now();
    expectOk(await loop.target.admin('DELETE', '/admin/tenants/default/faults'), 204);
    stats.escrowedAtFaultsOff = escrows.size;
    for (let i = 0; i < MAX_DRAIN_CYCLES; i++) {
      await runCycle(INTERVAL);
      stats.drainCycles += 1;
      const job = (await graph('GET', loop.jobPath, undefined, 200)).body;
      if (job.status.lastExecution.countEscrowed === 0 && escrows.size === 0) break;
    }
    timings.drainMs = performance.now() - t;
    timings.totalSoakMs = performance.now() - started;
  });

  afterAll(async () => {
    console.log(
      `soak (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${JSON.stringify({ timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])), ...stats })}`,
    );
    await loop?.stop();
  });

  // ---- 1. the target is the projection of the tenant -----------------------------------------------------------

  it('the model of the tenant equals the tenant Graph shows (the bookkeeping the projection relies on)', async () => {
    const select = '$select=id,userPrincipalName,displayName,mail,givenName,surname,mailNickname,accountEnabled&$top=999';
    const live = await listAll(`/users?${select}`);
    const deleted = await listAll(`/directory/deletedItems/microsoft.graph.user?${select}`);
    const shape = (g: any, state: string) => ({
      id: g.id,
      upn: g.userPrincipalName,
      displayName: g.displayName,
      mail: g.mail,
      givenName: g.givenName,
      surname: g.surname,
      mailNickname: g.mailNickname,
      enabled: g.accountEnabled,
      state,
    });
    const fromGraph = [...live.map((g) => shape(g, 'live')), ...deleted.map((g) => shape(g, 'deleted'))].sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    const fromModel = [...users.values()]
      .filter((u) => u.state !== 'purged')
      .map((u) => ({
        id: u.id,
        upn: u.upn,
        displayName: u.displayName,
        mail: u.mail,
        givenName: u.givenName,
        surname: u.surname,
        mailNickname: u.mailNickname,
        enabled: u.enabled,
        state: u.state,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(fromGraph).toEqual(fromModel);

    const assignments = (await graph('GET', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`, undefined, 200)).body.value;
    expect(
      assignments
        .filter((a: any) => a.principalType === 'User')
        .map((a: any) => `${a.principalId}/${a.id}`)
        .sort(),
    ).toEqual(
      [...users.values()]
        .filter((u) => u.assignmentId)
        .map((u) => `${u.id}/${u.assignmentId}`)
        .sort(),
    );
    expect(
      assignments
        .filter((a: any) => a.principalType === 'Group')
        .map((a: any) => `${a.principalId}/${a.id}`)
        .sort(),
    ).toEqual(
      [...groups.values()]
        .filter((g) => g.assignmentId)
        .map((g) => `${g.id}/${g.assignmentId}`)
        .sort(),
    );
    for (const g of groups.values()) {
      const members = (await graph('GET', `/groups/${g.id}/members`, undefined, 200)).body.value.filter(
        (m: any) => m['@odata.type'] === '#microsoft.graph.user',
      );
      // Graph lists live members only; members in the recycle bin come back on restore.
      expect(members.map((m: any) => m.id).sort()).toEqual([...g.members].filter((id) => users.get(id)!.state === 'live').sort());
    }
  });

  it('1. the target equals the projection of the final tenant exactly (Kintone: users only)', async () => {
    // The tenant's final state through Graph.
    const select = '$select=id,userPrincipalName,displayName,mail,givenName,surname,mailNickname,accountEnabled&$top=999';
    const live = new Map((await listAll(`/users?${select}`)).map((g) => [g.id, g]));
    const deleted = new Map((await listAll(`/directory/deletedItems/microsoft.graph.user?${select}`)).map((g) => [g.id, g]));
    const assignments: any[] = (await graph('GET', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`, undefined, 200)).body.value;
    const assignedUsers = new Set(assignments.filter((a) => a.principalType === 'User').map((a) => a.principalId));
    for (const a of assignments.filter((x) => x.principalType === 'Group')) {
      const group = await graph('GET', `/groups/${a.principalId}`);
      if (group.status !== 200) continue; // a group in the recycle bin assigns nobody
      for (const m of (await graph('GET', `/groups/${a.principalId}/members`, undefined, 200)).body.value)
        if (m['@odata.type'] === '#microsoft.graph.user') assignedUsers.add(m.id);
    }

    // The target's users (read directly: its request log is a ring buffer, so not through takeRequests).
    const target: any[] = [];
    for (let start = 1; ; start += 1000) {
      const res = await loop.target.scim('GET', `/Users?startIndex=${start}&count=1000`);
      expectOk(res, 200);
      target.push(...(res.body.Resources ?? []));
      if (start + 1000 > res.body.totalResults) break;
    }
    const byId = new Map(target.map((r) => [r.id, r]));
    // No duplicates: one target user per userName.
    const userNames = target.map((r) => lower(r.userName));
    expect(userNames.length - new Set(userNames).size).toBe(0);

    // "Ever provisioned" = a successful create in the log; the model saw the same creates, and nobody was created
    // who was never in scope and active.
    const creates: any[] = await loop.logs(
      `jobId eq '${loop.jobId}' and provisioningAction eq 'create' and provisioningStatusInfo/status eq 'success'`,
    );
    const created = new Set(creates.map((l) => l.sourceIdentity.id));
    expect([...created].sort()).toEqual([...everCreated].sort());
    expect([...created].filter((id) => !everInScope.has(id))).toEqual([]);

    const expected: Record<string, unknown>[] = [];
    const actual: Record<string, unknown>[] = [];
    const counts = { active: 0, inactive: 0, absent: 0, purgedKeptUnmanaged: 0 };
    for (const u of users.values()) {
      const g = live.get(u.id) ?? deleted.get(u.id);
      const link = links.get(u.id);
      const resource = link ? byId.get(link.targetId) : target.find((r) => u.upns.some((upn) => lower(upn) === lower(r.userName)));
      const got = resource ? { id: u.id, ...fromScim(resource) } : { id: u.id, absent: true };
      let want: Record<string, unknown>;
      if (g && live.has(u.id) && g.accountEnabled && assignedUsers.has(u.id)) {
        // Assigned (directly or through a live assigned group), enabled, not in the recycle bin: active, current values.
        want = { id: u.id, ...projectionOf(g) };
        counts.active++;
      } else if (g && created.has(u.id)) {
        // Provisioned once, now unassigned / disabled / soft-deleted: kept, disabled (values as last exported).
        want = { id: u.id, ...(link?.target ?? {}), active: false };
        expect(u.upns.map(lower)).toContain(lower(String(resource?.userName)));
        counts.inactive++;
      } else if (!g && created.has(u.id) && link && !link.managed) {
        // Purged after it had been unassigned and disabled: Entra stops managing an unassigned user, and a later
        // hard delete sends no DELETE (reference §2.5/§9.2, mapping-and-planner.md difference 10).
        want = { id: u.id, ...link.target, active: false };
        counts.purgedKeptUnmanaged++;
      } else {
        // Never provisioned (never in scope, or disabled before it could be created), or purged: absent.
        want = { id: u.id, absent: true };
        counts.absent++;
      }
      expected.push(want);
      actual.push(got);
    }
    stats.projection = counts;
    expect(actual).toEqual(expected);
    // Nothing else in the target.
    expect(target.length).toBe(counts.active + counts.inactive + counts.purgedKeptUnmanaged);
    expect(counts.active).toBeGreaterThan(300);
    expect(counts.inactive).toBeGreaterThan(10);

    // The engine's connector data store agrees with the model's links.
    const stored: { source_id: string; target_id: string; managed: boolean }[] = await db.query(
      `SELECT source_id::text AS source_id, target_id, managed FROM entra.sync_links WHERE job_id = $1 AND object_type = 'User' ORDER BY source_id`,
      [loop.jobId],
    );
    expect(stored.map((l) => `${l.source_id} ${l.target_id} ${l.managed}`)).toEqual(
      [...links.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, l]) => `${id} ${l.targetId} ${l.managed}`),
    );
  });

  // ---- 2. one log entry per processed change ------------------------------------------------------------------

  it('2. the log holds one entry per object per cycle, each as the model planned, and every change shows up in a later cycle', async () => {
    expect(mismatches.slice(0, 25)).toEqual([]);

    const all: any[] = await loop.logs(`jobId eq '${loop.jobId}'`);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM entra.provisioning_logs WHERE job_id = $1`, [loop.jobId]);
    expect(all.length).toBe(n);
    expect(all.length).toBe(stats.entries);
    // One entry per (cycle, source object).
    const keys = all.map((l) => `${l.cycleId}/${l.sourceIdentity.id}`);
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(dupes).toEqual([]);
    expect(new Set(all.map((l) => l.cycleId)).size).toBeLessThanOrEqual(stats.cycles);

    // Every change to a user in scope or provisioned before shows up as an entry for that user after the change.
    const times = new Map<string, number[]>();
    for (const l of all) {
      const list = times.get(l.sourceIdentity.id) ?? [];
      list.push(Date.parse(l.activityDateTime));
      times.set(l.sourceIdentity.id, list);
    }
    const missing: string[] = [];
    let relevant = 0;
    for (const c of changes) {
      for (const id of c.users) {
        relevant++;
        if (!(times.get(id) ?? []).some((t) => t > c.at))
          missing.push(`${c.kind} of ${users.get(id)?.upn ?? id} after cycle ${c.afterCycle}`);
      }
    }
    expect(missing).toEqual([]);
    expect(relevant).toBeGreaterThan(500);
    // Every failure was retried to a non-failure later.
    const failed = all.filter((l) => l.provisioningStatusInfo.status === 'failure');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      const later = all.filter(
        (l) => l.sourceIdentity.id === f.sourceIdentity.id && Date.parse(l.activityDateTime) > Date.parse(f.activityDateTime),
      );
      expect({ id: f.sourceIdentity.id, retried: later.some((l) => l.provisioningStatusInfo.status !== 'failure') }).toEqual({
        id: f.sourceIdentity.id,
        retried: true,
      });
    }
  });

  // ---- 3. the job ends healthy --------------------------------------------------------------------------------

  it('3. the job ends Active, Succeeded, with no escrows', async () => {
    const job = (await graph('GET', loop.jobPath, undefined, 200)).body;
    expect(stats.drainCycles).toBeLessThan(MAX_DRAIN_CYCLES);
    expect(job.status.code).toBe('Active');
    expect(job.status.lastExecution.state).toBe('Succeeded');
    expect(job.status.lastExecution.countEscrowed).toBe(0);
    expect(job.status.quarantine).toBeNull();
    expect(escrows.size).toBe(0);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM entra.sync_escrows WHERE job_id = $1`, [loop.jobId]);
    expect(n).toBe(0);
  });
});
