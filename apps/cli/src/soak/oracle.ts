import { DataSource } from 'typeorm';
import {
  evaluateExpression,
  evaluateScope,
  currentManagerId,
  findObjectMapping,
  getMembers,
  planMatchQueries,
  planObject,
  type PlanContext,
  type PlanItem,
  type ScimResource,
  type SynchronizationSchema,
} from '@app/provisioning-core';
import { objectMappingContext, SourceReader, type ObjectMappingContext, type ReadOptions, type SourceState } from '@app/entra/sync/engine';
import { getProfile } from '@app/scim';
import type { HttpExchange } from '../report/report';
import type { GraphAnswer, Json, Loop } from '../loop';

/** One object whose target state is not what the job's mappings predict. */
export interface Mismatch {
  check: 'target-matches-mappings' | 'no-duplicates';
  sourceId: string;
  message: string;
  exchanges: HttpExchange[];
}

const SETTLED = new Set(['skip', 'noop']);
/**
 * `userName eq "value"` / `displayName eq "value"` (the matching queries of both templates), answered from a snapshot
 * in a full sweep.
 */
const SIMPLE_FILTER = /^(\w+) eq "((?:[^"\\]|\\.)*)"$/;

/** Every user of the target, read once (paged) for a full sweep. */
export interface TargetSnapshot {
  all: ScimResource[];
  byUserName: Map<string, ScimResource[]>;
  /**
   * Only the userNames looked up (byUserName has an entry, maybe empty, for each): a name it lacks is asked of the
   * target. `all` is then empty.
   */
  partial?: boolean;
}

/** Matching filters per request when looking many users up at once (`userName eq "a" or …`, bounded in length). */
const LOOKUP_FILTER_CHARS = 3_000;

/** Every group of the target with its members, read once (paged) for a full sweep. */
export interface GroupSnapshot {
  all: ScimResource[];
  byDisplayName: Map<string, ScimResource[]>;
}

type ResourceType = 'Users' | 'Groups';

/** What a group check needs besides the groups: the soak's bookkeeping of escrows and of Entra's known issues. */
export interface GroupCheck {
  /** Users and groups with a failed export still escrowed: skipped (a group), or their membership not judged (a user). */
  excused: ReadonlySet<string>;
  /** Groups the engine stopped managing. */
  unmanaged: ReadonlySet<string>;
  /**
   * Whether a reference that differs from the prediction (a group's member, a user's manager) is explained by Entra's
   * known issue: the object is not revisited when a user it references enters or leaves scope without the object
   * itself changing (reference §2.2, §9.1, §9.3). `userId` null: a member id the target no longer knows as a user
   * (purged).
   */
  knownIssue(groupId: string, userId: string | null, direction: 'missing' | 'extra'): boolean;
  /** Source id → userPrincipalName, for the messages (and the purged, whose source is gone). */
  upns: ReadonlyMap<string, string>;
  now: Date;
  users?: TargetSnapshot;
  groups?: GroupSnapshot;
}
const RETRIED_STATUSES = new Set([0, 401, 408, 429, 500, 502, 503, 504]);

/**
 * The soak's oracle: what the target should hold for a user of the tenant, predicted by provisioning-core's planner
 * from the job's own schema (mappings, scoping filters) and the tenant's source state as the engine reads it, given
 * what the target holds now (read back over SCIM). The object is as predicted when the planner, run now, would send
 * nothing (RedundantExport, not in scope and never created, already disabled…).
 */
export class Oracle {
  private users!: ObjectMappingContext;
  /** The job's group mapping, when the profile provisions groups and the mapping is enabled; else null. */
  private groupMapping: ObjectMappingContext | null = null;
  private reader!: SourceReader;
  private readOptions!: ReadOptions;
  private readsManager = false;

  /**
   * @param inProcess read the local target in process rather than over its socket (same answers, faults included,
   *   about a millisecond less per read); only when no fault drops connections (see LocalTarget.scimInProcess).
   */
  constructor(
    private readonly loop: Loop,
    private readonly inProcess = false,
  ) {}

  async init(now: Date): Promise<void> {
    const schema = (await this.loop.graphOk('GET', `${this.loop.jobPath}/schema`)) as SynchronizationSchema;
    const mapping = findObjectMapping(schema, 'User');
    if (!mapping) throw new Error('the job has no User object mapping');
    this.users = objectMappingContext(schema, mapping, { skipOutOfScopeDeletions: false, now });
    const groups = getProfile(this.loop.profile).provisionsGroups ? findObjectMapping(schema, 'Group') : undefined;
    this.groupMapping = groups?.enabled ? objectMappingContext(schema, groups, { skipOutOfScopeDeletions: false, now }) : null;
    const text = JSON.stringify(mapping);
    this.readsManager = text.includes('[manager]');
    this.reader = new SourceReader(this.loop.tenant.app.get(DataSource).manager);
    this.readOptions = { servicePrincipalId: this.loop.spId, syncAll: false, withRoles: text.includes('appRoleAssignments') };
  }

  /** SCIM GET with the target's current token, retried through injected faults (the checker is not under test). */
  async read(path: string): Promise<GraphAnswer> {
    let last: GraphAnswer | null = null;
    for (let attempt = 0; attempt < 30; attempt++) {
      try {
        const local = this.inProcess ? this.loop.target.local : null;
        last = await (local ? local.scimInProcess('GET', path) : this.loop.scim('GET', path));
      } catch {
        last = { status: 0, body: null, headers: new Headers() };
      }
      if (!RETRIED_STATUSES.has(last.status)) return last;
    }
    return last!;
  }

  /** Whether the job provisions groups (the profile serves /Groups and the group mapping is enabled). */
  get checksGroups(): boolean {
    return this.groupMapping !== null;
  }

  private matchFilters(state: SourceState, context: ObjectMappingContext = this.users): string[] {
    const source = state.source!;
    const evaluation = { ...context.plan.evaluation, source: { ...source, IsSoftDeleted: false } };
    const plan = planMatchQueries(context.mapping, (m) => {
      if (!m.source) return null;
      try {
        const { value } = evaluateExpression(m.source, evaluation);
        return value === null || value === undefined ? null : String(Array.isArray(value) ? (value[0] ?? '') : value);
      } catch {
        return null;
      }
    });
    return plan.matchable ? plan.queries.map((q) => q.filter) : [];
  }

  /** The target's users (or groups) found by the object's matching attributes (or by userName for a purged user). */
  private async findTarget(
    filters: string[],
    exchanges: HttpExchange[],
    snapshot?: TargetSnapshot | GroupSnapshot,
    type: ResourceType = 'Users',
  ): Promise<ScimResource[]> {
    for (const filter of filters) {
      const simple = SIMPLE_FILTER.exec(filter);
      const index = !snapshot
        ? undefined
        : 'byUserName' in snapshot
          ? simple?.[1].toLowerCase() === 'username'
            ? snapshot.byUserName
            : undefined
          : simple?.[1].toLowerCase() === 'displayname'
            ? snapshot.byDisplayName
            : undefined;
      if (index && simple) {
        const found = index.get(lookupKey(simple));
        if (found && found.length > 0) return found;
        // Known to be absent, unless a partial snapshot never looked the name up.
        if (found || !(snapshot as TargetSnapshot).partial) continue;
      }
      const path = `/${type}?filter=${encodeURIComponent(filter)}`;
      const res = await this.read(path);
      exchanges.push({ method: 'GET', url: `${this.loop.target.url}${path}`, status: res.status, responseBody: res.body });
      if (res.status !== 200) throw new Error(`the target answered ${res.status} to GET ${path}`);
      const found: ScimResource[] = res.body?.Resources ?? [];
      if (found.length > 0) return found;
    }
    return [];
  }

  /**
   * The local target's users named by the first matching filter of each given user (or by the userName of a purged
   * one), looked up with a few `userName eq "a" or userName eq "b" …` requests instead of one request per user: a
   * partial snapshot for findTarget. Another target (which may not take `or`) and other matching attributes are left
   * to a request per user (undefined, or names absent from the answer). `known` is extended, not replaced.
   */
  private async lookUp(
    states: readonly SourceState[],
    upns: ReadonlyMap<string, string>,
    known?: TargetSnapshot,
  ): Promise<TargetSnapshot | undefined> {
    if (!this.inProcess) return known;
    const byUserName = new Map(known?.byUserName);
    const filters = new Map<string, string>();
    for (const state of states) {
      const filter = state.source ? this.matchFilters(state)[0] : upns.has(state.id) ? userNameFilter(upns.get(state.id)!) : undefined;
      const simple = filter ? SIMPLE_FILTER.exec(filter) : null;
      if (!filter || simple?.[1].toLowerCase() !== 'username') continue;
      const name = lookupKey(simple);
      if (!byUserName.has(name)) filters.set(name, filter);
    }
    const pending = [...filters];
    while (pending.length > 0) {
      const chunk: [string, string][] = [];
      let length = 0;
      while (pending.length > 0 && (chunk.length === 0 || length + pending[0][1].length + 4 <= LOOKUP_FILTER_CHARS)) {
        const next = pending.shift()!;
        length += next[1].length + 4;
        chunk.push(next);
      }
      for (const [name] of chunk) byUserName.set(name, []);
      const filter = encodeURIComponent(chunk.map(([, f]) => f).join(' or '));
      for (let start = 1; ;) {
        const path = `/Users?filter=${filter}&startIndex=${start}&count=${chunk.length * 2}`;
        const res = await this.read(path);
        if (res.status !== 200) throw new Error(`the target answered ${res.status} to GET ${path}`);
        const page: ScimResource[] = res.body?.Resources ?? [];
        for (const r of page) {
          const name = String(r.userName ?? '').toLowerCase();
          byUserName.set(name, [...(byUserName.get(name) ?? []), r]);
        }
        start += page.length;
        if (page.length === 0 || start > Number(res.body.totalResults ?? 0)) break;
      }
    }
    return { all: [], byUserName, partial: true };
  }

  /**
   * Checks the given users (ids of the tenant; `upns` names purged ones). Users in `excused` (a failed export still
   * escrowed) are skipped; those in `unmanaged` were disabled when they left scope, so the engine no longer manages
   * them (reference §2.5). Answers the mismatches.
   */
  async checkUsers(
    ids: readonly string[],
    upns: ReadonlyMap<string, string>,
    excused: ReadonlySet<string>,
    unmanaged: ReadonlySet<string>,
    now: Date,
    snapshot?: TargetSnapshot,
    knownIssue?: GroupCheck['knownIssue'],
  ): Promise<Mismatch[]> {
    const wanted = ids.filter((id) => !excused.has(id));
    const mismatches: Mismatch[] = [];
    for (let i = 0; i < wanted.length; i += 200) {
      const batch = wanted.slice(i, i + 200);
      const states = new Map((await this.reader.users(batch, this.readOptions)).map((s) => [s.id, s]));
      const lookups = snapshot ?? (await this.lookUp([...states.values()], upns));
      const references = this.readsManager ? await this.references([...states.values()], unmanaged, lookups) : new Map<string, string>();
      const plan: PlanContext = {
        ...this.users.plan,
        evaluation: { ...this.users.plan.evaluation, now },
        resolveReference: (id) => references.get(id) ?? null,
      };
      for (const id of batch) {
        const check = (lookup?: TargetSnapshot) =>
          this.checkUser(plan, id, states.get(id) ?? null, upns.get(id), !unmanaged.has(id), lookup, knownIssue);
        let mismatch = await check(lookups);
        // Looked up in a batch: check again with a request of its own, so the report shows the exchange behind it.
        if (mismatch && !snapshot) mismatch = (await check()) ?? mismatch;
        if (mismatch) mismatches.push(mismatch);
      }
    }
    return mismatches;
  }

  /** Source id → target id of the managers the users name, when managed, in scope and present in the target. */
  private async references(states: SourceState[], unmanaged: ReadonlySet<string>, snapshot?: TargetSnapshot): Promise<Map<string, string>> {
    const ids = [...new Set(states.map((s) => s.source?.manager).filter((m): m is string => typeof m === 'string'))];
    return this.resolveUsers(ids, unmanaged, snapshot);
  }

  /**
   * Source id → target id of the given users that a reference (manager, member) resolves to, as the engine resolves
   * it: in scope, on the target, and still managed (one disabled when it left scope stays unmanaged, even back in
   * scope, until the engine enables it again).
   */
  private async resolveUsers(
    ids: readonly string[],
    unmanaged: ReadonlySet<string>,
    snapshot?: TargetSnapshot,
  ): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const wanted = ids.filter((id) => !unmanaged.has(id));
    if (wanted.length === 0) return out;
    for (let i = 0; i < wanted.length; i += 200) {
      const states = (await this.reader.users(wanted.slice(i, i + 200), this.readOptions)).filter(
        (state) => state.source && !state.softDeleted && state.assigned && evaluateScope(this.users.scope, state.source).inScope,
      );
      const lookups = snapshot && !snapshot.partial ? snapshot : await this.lookUp(states, new Map(), snapshot);
      for (const state of states) {
        const found = await this.findTarget(this.matchFilters(state), [], lookups);
        if (found.length === 1 && typeof found[0].id === 'string') out.set(state.id, found[0].id);
      }
    }
    return out;
  }

  /** Of these users, those out of the job's scope (not assigned, filtered out by the scoping filters, or purged). */
  async outOfScope(ids: readonly string[]): Promise<Set<string>> {
    const states = new Map((await this.reader.users(ids, this.readOptions)).map((s) => [s.id, s]));
    return new Set(
      ids.filter((id) => {
        const state = states.get(id);
        return !state?.source || !state.assigned || !evaluateScope(this.users.scope, state.source).inScope;
      }),
    );
  }

  private async checkUser(
    plan: PlanContext,
    id: string,
    state: SourceState | null,
    upn: string | undefined,
    managed: boolean,
    snapshot?: TargetSnapshot,
    knownIssue?: GroupCheck['knownIssue'],
  ): Promise<Mismatch | null> {
    const exchanges: HttpExchange[] = [];
    const filters = state?.source ? this.matchFilters(state) : upn ? [userNameFilter(upn)] : [];
    if (filters.length === 0) return null;
    const found = await this.findTarget(filters, exchanges, snapshot);
    const name = upn ?? id;
    if (found.length > 1) {
      return { check: 'no-duplicates', sourceId: id, message: `${name}: ${found.length} target users match (${filters[0]})`, exchanges };
    }
    const resource = found[0] ?? null;
    const item: PlanItem = {
      sourceId: id,
      source: state?.source ?? null,
      softDeleted: state?.softDeleted ?? false,
      scope: state?.source
        ? { assigned: state.assigned, inScopeByFilters: evaluateScope(this.users.scope, state.source).inScope }
        : { assigned: false, inScopeByFilters: false },
      link: resource && typeof resource.id === 'string' ? { targetId: resource.id, managed } : null,
      target: resource ? { kind: 'found', resource } : state?.source ? { kind: 'missing' } : { kind: 'unknown' },
    };
    // Entra's known issue (§9.3): a manager that entered scope after the user's last export is not exported to an
    // unchanged user; the target keeps the manager it has.
    const manager = state?.source?.manager;
    const stale = typeof manager === 'string' && resource && knownIssue?.(id, manager, 'missing');
    const action = planObject(
      stale
        ? { ...plan, resolveReference: (ref) => (ref === manager ? currentManagerId(resource) : (plan.resolveReference?.(ref) ?? null)) }
        : plan,
      item,
    );
    if (SETTLED.has(action.action) && action.status !== 'failure') return null;
    const changes = action.modifiedProperties
      .map((p: Json) => `${p.displayName}: ${JSON.stringify(p.oldValue)} → ${JSON.stringify(p.newValue)}`)
      .join('; ');
    return {
      check: 'target-matches-mappings',
      sourceId: id,
      message: `${name}: ${action.situation} (the engine would ${action.action} it${changes ? `: ${changes}` : ''}) — ${action.reason}`,
      exchanges,
    };
  }

  /** Every user of the target (paged), for a full sweep: its lookups and the duplicate and unknown-object checks. */
  async snapshot(): Promise<TargetSnapshot> {
    const all = await this.list('Users');
    const byUserName = new Map<string, ScimResource[]>();
    for (const r of all) {
      const name = String(r.userName ?? '').toLowerCase();
      byUserName.set(name, [...(byUserName.get(name) ?? []), r]);
    }
    return { all, byUserName };
  }

  /** Every group of the target with its members (paged), for a full sweep. */
  async groupSnapshot(): Promise<GroupSnapshot> {
    const all = await this.list('Groups');
    const byDisplayName = new Map<string, ScimResource[]>();
    for (const r of all) {
      const name = String(r.displayName ?? '').toLowerCase();
      byDisplayName.set(name, [...(byDisplayName.get(name) ?? []), r]);
    }
    return { all, byDisplayName };
  }

  private async list(type: ResourceType): Promise<ScimResource[]> {
    const out: ScimResource[] = [];
    for (let start = 1; ;) {
      const res = await this.read(`/${type}?startIndex=${start}&count=100`);
      if (res.status !== 200) throw new Error(`the target answered ${res.status} to GET /${type}`);
      const page: ScimResource[] = res.body?.Resources ?? [];
      out.push(...page);
      start += page.length;
      if (page.length === 0 || start > Number(res.body.totalResults ?? 0)) return out;
    }
  }

  /**
   * Checks the given groups (ids of the tenant): each in-scope group is on the target once, with the values the group
   * mapping predicts, and its members there are exactly its members that are in scope and provisioned (by target
   * id); a group out of scope is not there (or no longer managed). Answers the mismatches.
   */
  async checkGroups(ids: readonly string[], check: GroupCheck): Promise<Mismatch[]> {
    const context = this.groupMapping;
    if (!context) return [];
    const wanted = ids.filter((id) => !check.excused.has(id));
    const mismatches: Mismatch[] = [];
    const plan: PlanContext = { ...context.plan, evaluation: { ...context.plan.evaluation, now: check.now } };
    for (const state of await this.reader.groups(wanted, this.readOptions)) {
      const mismatch = await this.checkGroup(context, plan, state, check);
      if (mismatch) mismatches.push(mismatch);
    }
    return mismatches;
  }

  private async checkGroup(
    context: ObjectMappingContext,
    plan: PlanContext,
    state: SourceState,
    check: GroupCheck,
  ): Promise<Mismatch | null> {
    const exchanges: HttpExchange[] = [];
    // The soak's churn never deletes groups: a group gone from the source has nothing left to find it by.
    if (!state.source) return null;
    const filters = this.matchFilters(state, context);
    if (filters.length === 0) return null;
    const found = await this.findTarget(filters, exchanges, check.groups, 'Groups');
    const name = `group ${JSON.stringify(state.displayName)}`;
    if (found.length > 1)
      return {
        check: 'no-duplicates',
        sourceId: state.id,
        message: `${name}: ${found.length} target groups match (${filters[0]})`,
        exchanges,
      };
    let resource = found[0] ?? null;
    if (resource && typeof resource.id === 'string' && !Array.isArray(resource.members)) {
      // A list answer without members (allowed to large groups): the group itself says.
      const path = `/Groups/${encodeURIComponent(resource.id)}`;
      const res = await this.read(path);
      exchanges.push({ method: 'GET', url: `${this.loop.target.url}${path}`, status: res.status, responseBody: res.body });
      if (res.status === 200 && res.body) resource = res.body as ScimResource;
    }
    const inScope = state.assigned && !state.softDeleted && evaluateScope(context.scope, state.source).inScope;
    const desired = inScope
      ? await this.provisionedMembers((state.source.members as string[] | undefined) ?? [], check.unmanaged, check.users)
      : new Map();
    const item: PlanItem = {
      sourceId: state.id,
      source: state.source,
      softDeleted: state.softDeleted,
      scope: { assigned: state.assigned, inScopeByFilters: evaluateScope(context.scope, state.source).inScope },
      link: resource && typeof resource.id === 'string' ? { targetId: resource.id, managed: !check.unmanaged.has(state.id) } : null,
      target: resource ? { kind: 'found', resource } : { kind: 'missing' },
      // Members are judged below, member by member, with Entra's known issues in view.
      currentMemberTargetIds: [...desired.values()],
    };
    const action = planObject({ ...plan, resolveReference: (id) => desired.get(id) ?? null }, item);
    if (!SETTLED.has(action.action) || action.status === 'failure') {
      const changes = action.modifiedProperties
        .map((p: Json) => `${p.displayName}: ${JSON.stringify(p.oldValue)} → ${JSON.stringify(p.newValue)}`)
        .join('; ');
      return {
        check: 'target-matches-mappings',
        sourceId: state.id,
        message: `${name}: ${action.situation} (the engine would ${action.action} it${changes ? `: ${changes}` : ''}) — ${action.reason}`,
        exchanges,
      };
    }
    if (!inScope || !resource) return null;
    const current = new Set(getMembers(resource));
    const wanted = new Set(desired.values());
    const bySourceId = new Map([...desired].map(([sourceId, targetId]) => [targetId, sourceId]));
    const missing = [...desired]
      .filter(
        ([userId, targetId]) => !current.has(targetId) && !check.excused.has(userId) && !check.knownIssue(state.id, userId, 'missing'),
      )
      .map(([userId, targetId]) => `${check.upns.get(userId) ?? userId} (${targetId})`);
    const extra: string[] = [];
    const others = [...current].filter((targetId) => !wanted.has(targetId));
    for (const [targetId, owner] of await this.ownersOf(others, exchanges, check.users)) {
      const userId = owner ? (bySourceId.get(targetId) ?? this.sourceIdOf(owner, check.upns)) : null;
      if (userId && check.excused.has(userId)) continue;
      if (check.knownIssue(state.id, userId, 'extra')) continue;
      extra.push(owner ? `${String(owner.userName)} (${targetId})` : `${targetId} (no such target user)`);
    }
    if (missing.length === 0 && extra.length === 0) return null;
    const list = (names: string[]) => `${names.slice(0, 5).join(', ')}${names.length > 5 ? `, … (${names.length})` : ''}`;
    return {
      check: 'target-matches-mappings',
      sourceId: state.id,
      message: `${name}: its members on the target are not its in-scope provisioned members${extra.length ? `; on the target but not members in the tenant (or out of scope): ${list(extra)}` : ''}${missing.length ? `; members in the tenant missing on the target: ${list(missing)}` : ''}`,
      exchanges,
    };
  }

  /** displayNames of the target's groups that no group of the tenant (of these ids) has. */
  async unknownGroups(ids: readonly string[], snapshot: GroupSnapshot): Promise<string[]> {
    const names = new Set((await this.reader.groups(ids, this.readOptions)).map((g) => String(g.source?.displayName ?? '').toLowerCase()));
    return [...snapshot.byDisplayName.keys()].filter((name) => !names.has(name));
  }

  /** Source id → target id of a group's members that it resolves (see resolveUsers). */
  private async provisionedMembers(
    ids: readonly string[],
    unmanaged: ReadonlySet<string>,
    snapshot?: TargetSnapshot,
  ): Promise<Map<string, string>> {
    // Many members and no snapshot: one paged read of the target's users answers them all.
    return this.resolveUsers(ids, unmanaged, snapshot ?? (ids.length > 50 ? await this.snapshot() : undefined));
  }

  /** The target user behind each member id (null: the target has no such user any more). */
  private async ownersOf(
    targetIds: readonly string[],
    exchanges: HttpExchange[],
    snapshot?: TargetSnapshot,
  ): Promise<Map<string, ScimResource | null>> {
    const out = new Map<string, ScimResource | null>();
    const byId = snapshot ? new Map(snapshot.all.map((r) => [String(r.id), r])) : null;
    for (const id of targetIds) {
      if (byId) {
        out.set(id, byId.get(id) ?? null);
        continue;
      }
      const path = `/Users/${encodeURIComponent(id)}`;
      const res = await this.read(path);
      exchanges.push({ method: 'GET', url: `${this.loop.target.url}${path}`, status: res.status, responseBody: res.body });
      out.set(id, res.status === 200 && res.body ? (res.body as ScimResource) : null);
    }
    return out;
  }

  private sourceIdOf(resource: ScimResource, upns: ReadonlyMap<string, string>): string | null {
    if (typeof resource.externalId === 'string' && upns.has(resource.externalId)) return resource.externalId;
    const name = String(resource.userName ?? '').toLowerCase();
    for (const [id, upn] of upns) if (upn.toLowerCase() === name) return id;
    return null;
  }
}

/** The filter that finds a user by userName (a purged user's, whose source is gone). */
function userNameFilter(upn: string): string {
  return `userName eq "${upn.replace(/["\\]/g, '\\$&')}"`;
}

/** The key a snapshot indexes a simple filter's value under: the unescaped string, lower-cased (case-insensitive). */
function lookupKey(simple: RegExpExecArray): string {
  return (JSON.parse(`"${simple[2]}"`) as string).toLowerCase();
}
