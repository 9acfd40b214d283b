import { DataSource } from 'typeorm';
import {
  evaluateExpression,
  evaluateScope,
  findObjectMapping,
  planMatchQueries,
  planObject,
  type PlanContext,
  type PlanItem,
  type ScimResource,
  type SynchronizationSchema,
} from '@app/provisioning-core';
import { objectMappingContext, SourceReader, type ObjectMappingContext, type ReadOptions, type SourceState } from '@app/entra/sync/engine';
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
/** `userName eq "value"` (the matching query of both templates), answered from a snapshot in a full sweep. */
const SIMPLE_FILTER = /^(\w+) eq "((?:[^"\\]|\\.)*)"$/;

/** Every user of the target, read once (paged) for a full sweep. */
export interface TargetSnapshot {
  all: ScimResource[];
  byUserName: Map<string, ScimResource[]>;
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
  private reader!: SourceReader;
  private readOptions!: ReadOptions;
  private readsManager = false;

  constructor(private readonly loop: Loop) {}

  async init(now: Date): Promise<void> {
    const schema = (await this.loop.graphOk('GET', `${this.loop.jobPath}/schema`)) as SynchronizationSchema;
    const mapping = findObjectMapping(schema, 'User');
    if (!mapping) throw new Error('the job has no User object mapping');
    this.users = objectMappingContext(schema, mapping, { skipOutOfScopeDeletions: false, now });
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
        last = await this.loop.scim('GET', path);
      } catch {
        last = { status: 0, body: null, headers: new Headers() };
      }
      if (!RETRIED_STATUSES.has(last.status)) return last;
    }
    return last!;
  }

  private matchFilters(state: SourceState): string[] {
    const source = state.source!;
    const evaluation = { ...this.users.plan.evaluation, source: { ...source, IsSoftDeleted: false } };
    const plan = planMatchQueries(this.users.mapping, (m) => {
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

  /** The target's users found by the object's matching attributes (or by userName for a purged user). */
  private async findTarget(filters: string[], exchanges: HttpExchange[], snapshot?: TargetSnapshot): Promise<ScimResource[]> {
    for (const filter of filters) {
      const simple = SIMPLE_FILTER.exec(filter);
      if (snapshot && simple && simple[1].toLowerCase() === 'username') {
        const found = snapshot.byUserName.get(JSON.parse(`"${simple[2]}"`).toLowerCase()) ?? [];
        if (found.length > 0) return found;
        continue;
      }
      const path = `/Users?filter=${encodeURIComponent(filter)}`;
      const res = await this.read(path);
      exchanges.push({ method: 'GET', url: `${this.loop.target.url}${path}`, status: res.status, responseBody: res.body });
      if (res.status !== 200) throw new Error(`the target answered ${res.status} to GET ${path}`);
      const found: ScimResource[] = res.body?.Resources ?? [];
      if (found.length > 0) return found;
    }
    return [];
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
  ): Promise<Mismatch[]> {
    const wanted = ids.filter((id) => !excused.has(id));
    const mismatches: Mismatch[] = [];
    for (let i = 0; i < wanted.length; i += 200) {
      const batch = wanted.slice(i, i + 200);
      const states = new Map((await this.reader.users(batch, this.readOptions)).map((s) => [s.id, s]));
      const references = this.readsManager ? await this.references([...states.values()], snapshot) : new Map<string, string>();
      const plan: PlanContext = {
        ...this.users.plan,
        evaluation: { ...this.users.plan.evaluation, now },
        resolveReference: (id) => references.get(id) ?? null,
      };
      for (const id of batch) {
        const mismatch = await this.checkUser(plan, id, states.get(id) ?? null, upns.get(id), !unmanaged.has(id), snapshot);
        if (mismatch) mismatches.push(mismatch);
      }
    }
    return mismatches;
  }

  /** Source id → target id of the managers the users name, when in scope and present in the target. */
  private async references(states: SourceState[], snapshot?: TargetSnapshot): Promise<Map<string, string>> {
    const ids = [...new Set(states.map((s) => s.source?.manager).filter((m): m is string => typeof m === 'string'))];
    const out = new Map<string, string>();
    if (ids.length === 0) return out;
    for (const state of await this.reader.users(ids, this.readOptions)) {
      if (!state.source || state.softDeleted || !state.assigned || !evaluateScope(this.users.scope, state.source).inScope) continue;
      const found = await this.findTarget(this.matchFilters(state), [], snapshot);
      if (found.length === 1 && typeof found[0].id === 'string') out.set(state.id, found[0].id);
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
  ): Promise<Mismatch | null> {
    const exchanges: HttpExchange[] = [];
    const filters = state?.source ? this.matchFilters(state) : upn ? [`userName eq "${upn.replace(/["\\]/g, '\\$&')}"`] : [];
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
    const action = planObject(plan, item);
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
    const all = await this.targetUsers();
    const byUserName = new Map<string, ScimResource[]>();
    for (const r of all) {
      const name = String(r.userName ?? '').toLowerCase();
      byUserName.set(name, [...(byUserName.get(name) ?? []), r]);
    }
    return { all, byUserName };
  }

  private async targetUsers(): Promise<ScimResource[]> {
    const out: ScimResource[] = [];
    for (let start = 1; ;) {
      const res = await this.read(`/Users?startIndex=${start}&count=100`);
      if (res.status !== 200) throw new Error(`the target answered ${res.status} to GET /Users`);
      const page: ScimResource[] = res.body?.Resources ?? [];
      out.push(...page);
      start += page.length;
      if (page.length === 0 || start > Number(res.body.totalResults ?? 0)) return out;
    }
  }
}
