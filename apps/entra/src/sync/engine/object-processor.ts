import {
  evaluateExpression,
  evaluateScope,
  nextMatchStep,
  planMatchQueries,
  isDeletion,
  planObject,
  planReferences,
  stageDeletes,
  type CompiledScopeFilter,
  type MatchAttempt,
  type PlanContext,
  type PlannedAction,
  type PlanItem,
  type ProvisioningResult,
  type ScimRequest,
  type ScimResource,
  type TargetState,
} from '@app/provisioning-core';
import { ConnectorError, ScimTrace, type ScimConnector } from '../connector';
import type { Link } from './link-store';
import type { SourceState } from './source-reader';

/** What the engine did with one object: the plan, what happened on the wire, and what to store. */
export interface ObjectOutcome {
  state: SourceState;
  action: PlannedAction;
  status: ProvisioningResult;
  /** Set when an export failed. */
  error: ConnectorError | null;
  targetId: string | null;
  /** New or changed link to store; 'remove' drops it; null keeps it as it is. */
  link: Link | 'remove' | null;
  /** Requests that reached the target and succeeded (for countExports). */
  exports: number;
  startedAt: number;
  durationMs: number;
  /** The disable/delete was set aside for the end-of-cycle deletion check (accidental-deletion threshold). */
  deferredDeletion: boolean;
  /** create: references (manager, members) to export once every object of the page exists in the target. */
  deferred: { targetId: string; created: ScimResource; pendingReferences: PlannedAction['pendingReferences'] } | null;
  /** The SCIM exchanges sent for this object, in order (stored with its log entry). */
  trace?: ScimTrace;
}

export interface ProcessorContext {
  plan: PlanContext;
  scope: CompiledScopeFilter;
  connector: ScimConnector;
  /** Source id → target id of linked, managed objects (kept current as objects get created). */
  references: Map<string, string>;
  now: () => number;
  /**
   * What to do with a planned disable/delete: `execute` it; `defer` it to the cycle's deletion check (nothing sent,
   * nothing logged yet); `stage` it (log a stagedDelete, send nothing: the threshold tripped).
   */
  deletions: 'execute' | 'defer' | 'stage';
}

function resourceType(objectType: 'User' | 'Group'): 'Users' | 'Groups' {
  return objectType === 'User' ? 'Users' : 'Groups';
}

function scopeOf(ctx: ProcessorContext, state: SourceState): PlanItem['scope'] {
  if (!state.source) return { assigned: false, inScopeByFilters: false };
  const evaluation = evaluateScope(ctx.scope, state.source);
  const details: Record<string, string> = {};
  if (!evaluation.inScope && evaluation.failedClauses?.length) {
    const failed = evaluation.failedClauses[0];
    details.ScopingFilterFailedClause = `${failed.groupName}: ${failed.sourceOperandName} ${failed.operatorName}`;
  }
  return { assigned: state.assigned, inScopeByFilters: evaluation.inScope, details };
}

function isActive(state: SourceState): boolean {
  if (!state.source || state.softDeleted) return false;
  const enabled = state.source.accountEnabled;
  return enabled !== false;
}

/** Matching: one filter query per matching attribute in precedence order until one finds something. */
async function match(
  ctx: ProcessorContext,
  state: SourceState,
  trace: ScimTrace,
): Promise<{ target: TargetState; attempts: MatchAttempt[] }> {
  const source = state.source!;
  const evaluation = { ...ctx.plan.evaluation, source: { ...source, IsSoftDeleted: false } };
  const matchPlan = planMatchQueries(ctx.plan.objectMapping, (mapping) => {
    if (!mapping.source) return null;
    try {
      const { value } = evaluateExpression(mapping.source, evaluation);
      return value === null || value === undefined ? null : String(Array.isArray(value) ? (value[0] ?? '') : value);
    } catch {
      return null;
    }
  });
  if (!matchPlan.matchable) return { target: { kind: 'unmatchable' }, attempts: [] };
  const counts: number[] = [];
  const found: ScimResource[][] = [];
  for (;;) {
    const step = nextMatchStep(matchPlan.queries, counts);
    if (step.kind === 'decided') {
      if (step.outcome === 'create') return { target: { kind: 'missing' }, attempts: step.attempts };
      const hits = found[found.length - 1];
      if (step.outcome === 'DuplicateTargetEntries') return { target: { kind: 'duplicate', count: hits.length }, attempts: step.attempts };
      return { target: { kind: 'found', resource: hits[0] }, attempts: step.attempts };
    }
    const resources = await ctx.connector.query(resourceType(state.objectType), step.query.filter, trace);
    found.push(resources);
    counts.push(resources.length);
  }
}

/** Reads what the planner needs to know about the target object. */
async function readTarget(
  ctx: ProcessorContext,
  state: SourceState,
  link: Link | null,
  inScope: boolean,
  trace: ScimTrace,
): Promise<TargetState> {
  if (!state.source) return { kind: 'unknown' };
  if (link) {
    if (!link.managed && !(inScope && isActive(state))) return { kind: 'unknown' };
    const resource = await ctx.connector.get(resourceType(state.objectType), link.targetId, trace);
    return resource ? { kind: 'found', resource } : { kind: 'missing' };
  }
  if (!inScope || !isActive(state)) return { kind: 'missing' };
  return (await match(ctx, state, trace)).target;
}

/** An object read and planned whose requests are not sent yet (see prepareObject and exportObject). */
export interface PreparedObject {
  state: SourceState;
  link: Link | null;
  action: PlannedAction;
  targetId: string | null;
  startedAt: number;
  /** Spent reading the target and planning. */
  durationMs: number;
  trace: ScimTrace;
}

/**
 * One object through import → scope → match → plan: what `exportObject` is to send. Null when the object is done
 * already, its outcome recorded in `sink`: the target could not be read, or a disable/delete was deferred to the
 * cycle's deletion check. A quarantine-class error is rethrown after its outcome is recorded, so the cycle stops but
 * what already happened stays on record.
 */
export async function prepareObject(
  ctx: ProcessorContext,
  state: SourceState,
  link: Link | null,
  sink: ObjectOutcome[],
): Promise<PreparedObject | null> {
  const startedAt = ctx.now();
  const trace = new ScimTrace();
  const scope = scopeOf(ctx, state);
  const inScope = scope.assigned && scope.inScopeByFilters;
  let action: PlannedAction;
  try {
    const target = await readTarget(ctx, state, link, inScope, trace);
    const item: PlanItem = {
      sourceId: state.id,
      source: state.source,
      softDeleted: state.softDeleted,
      scope,
      link: link ? { targetId: link.targetId, managed: link.managed } : null,
      target,
      currentMemberTargetIds: link?.memberTargetIds ?? undefined,
    };
    action = planObject(ctx.plan, item);
  } catch (caught) {
    if (!(caught instanceof ConnectorError)) throw caught;
    const planned = failedBeforePlanning(state, caught);
    sink.push({
      state,
      action: planned,
      status: 'failure',
      error: caught,
      targetId: link?.targetId ?? null,
      link: null,
      exports: 0,
      startedAt,
      durationMs: ctx.now() - startedAt,
      deferredDeletion: false,
      deferred: null,
      trace,
    });
    if (caught.reaction === 'quarantine') throw caught;
    return null;
  }
  if (isDeletion(action) && ctx.deletions !== 'execute') {
    if (ctx.deletions === 'defer') {
      sink.push({
        state,
        action,
        status: 'skipped',
        error: null,
        targetId: link?.targetId ?? null,
        link: null,
        exports: 0,
        startedAt,
        durationMs: ctx.now() - startedAt,
        deferredDeletion: true,
        deferred: null,
        trace,
      });
      return null;
    }
    action = stageDeletes({ actions: [action], counts: {} as never }).actions[0];
  }
  return { state, link, action, targetId: action.targetId ?? link?.targetId ?? null, startedAt, durationMs: ctx.now() - startedAt, trace };
}

/**
 * Sends a prepared object's requests and records its outcome (and the link to store) in `sink`. Connector errors of
 * the object are caught and reported in the outcome; a quarantine-class error is rethrown after the outcome is
 * recorded.
 */
export async function exportObject(ctx: ProcessorContext, prepared: PreparedObject, sink: ObjectOutcome[]): Promise<void> {
  const { state, link, action, startedAt, trace } = prepared;
  const exportStarted = ctx.now();
  let exports = 0;
  let targetId = prepared.targetId;
  let newLink: Link | 'remove' | null = null;
  let error: ConnectorError | null = null;
  let deferred: ObjectOutcome['deferred'] = null;
  const memberTargetIds = (): string[] | null => {
    if (state.objectType !== 'Group' || !state.source) return null;
    const members = (state.source.members as string[] | undefined) ?? [];
    return members.map((id) => ctx.references.get(id)).filter((id): id is string => id !== undefined);
  };
  try {
    let created: ScimResource | null = null;
    for (const request of action.requests) {
      const response = await ctx.connector.execute(request, trace);
      exports += 1;
      if (request.method === 'POST') created = response;
    }
    if (action.action === 'create') {
      if (!created || typeof created.id !== 'string')
        throw new ConnectorError({
          reaction: 'skip',
          httpStatus: null,
          errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
          errorCategory: 'NonServiceFailure',
          reason: 'The SCIM app answered the POST without an id.',
        });
      targetId = created.id;
      ctx.references.set(state.id, targetId);
      newLink = {
        sourceId: state.id,
        objectType: state.objectType,
        targetId,
        managed: true,
        memberTargetIds: state.objectType === 'Group' ? [] : null,
      };
      if (action.pendingReferences.length > 0) deferred = { targetId, created, pendingReferences: action.pendingReferences };
    } else {
      newLink = linkAfter(state, link, action, targetId, memberTargetIds());
      if (newLink && newLink !== 'remove' && newLink.managed) ctx.references.set(state.id, newLink.targetId);
      if (newLink === 'remove' || (newLink && !newLink.managed)) ctx.references.delete(state.id);
    }
  } catch (caught) {
    if (!(caught instanceof ConnectorError)) throw caught;
    error = caught;
    // A failed create leaves no link; a failed update keeps the old one (and its known members).
    if (action.action !== 'create' && action.link.kind === 'set' && exports === 0) newLink = null;
  }
  sink.push({
    state,
    action,
    status: error ? 'failure' : action.status,
    error,
    targetId,
    link: newLink,
    exports,
    startedAt,
    durationMs: prepared.durationMs + ctx.now() - exportStarted,
    deferredDeletion: false,
    deferred,
    trace,
  });
  if (error?.reaction === 'quarantine') throw error;
}

/**
 * One object through import → scope → match → plan → export (prepareObject, then exportObject). Connector errors of
 * the object are caught and reported in the outcome; a quarantine-class error is rethrown after the outcome is
 * recorded in `sink`, so the cycle stops but what already happened stays on record.
 */
export async function processObject(ctx: ProcessorContext, state: SourceState, link: Link | null, sink: ObjectOutcome[]): Promise<void> {
  const prepared = await prepareObject(ctx, state, link, sink);
  if (prepared) await exportObject(ctx, prepared, sink);
}

/**
 * The reference pass of a created object (Entra's "referenceResolution"): the manager PATCH and the group's member
 * adds, once the page's other objects exist in the target. Failures turn the outcome into an escrowed failure; the
 * link to the created object stays. Unresolvable references (objects not provisioned) export nothing.
 */
export async function resolveReferences(ctx: ProcessorContext, outcome: ObjectOutcome): Promise<void> {
  const deferred = outcome.deferred;
  if (!deferred || outcome.error) return;
  outcome.deferred = null;
  const started = ctx.now();
  const refs = planReferences(ctx.plan, {
    targetId: deferred.targetId,
    pendingReferences: deferred.pendingReferences,
    currentTarget: deferred.created,
    currentMemberTargetIds: [],
  });
  try {
    for (const request of refs.requests) {
      await ctx.connector.execute(request, outcome.trace);
      outcome.exports += 1;
    }
    if (refs.modifiedProperties.length > 0)
      outcome.action = { ...outcome.action, modifiedProperties: [...outcome.action.modifiedProperties, ...refs.modifiedProperties] };
    if (outcome.link && outcome.link !== 'remove' && outcome.state.objectType === 'Group')
      outcome.link = { ...outcome.link, memberTargetIds: refs.members.add };
  } catch (caught) {
    if (!(caught instanceof ConnectorError)) throw caught;
    outcome.error = caught;
    outcome.status = 'failure';
    if (caught.reaction === 'quarantine') throw caught;
  } finally {
    outcome.durationMs += ctx.now() - started;
  }
}

function linkAfter(
  state: SourceState,
  link: Link | null,
  action: PlannedAction,
  targetId: string | null,
  members: string[] | null,
): Link | 'remove' | null {
  const memberIds =
    state.objectType === 'Group' && (action.action === 'update' || action.action === 'skip' || action.action === 'enable')
      ? members
      : (link?.memberTargetIds ?? null);
  switch (action.link.kind) {
    case 'set':
      return {
        sourceId: state.id,
        objectType: state.objectType,
        targetId: action.link.targetId,
        managed: action.link.managed,
        memberTargetIds: memberIds,
      };
    case 'setManaged':
      return link ? { ...link, managed: action.link.managed, memberTargetIds: memberIds } : null;
    case 'remove':
      return 'remove';
    default:
      if (link && state.objectType === 'Group' && memberIds && targetId) return { ...link, memberTargetIds: memberIds };
      return null;
  }
}

/** The target could not even be read (GET/match failed): a failure entry with the import and matching steps. */
function failedBeforePlanning(state: SourceState, error: ConnectorError): PlannedAction {
  return {
    sourceId: state.id,
    objectType: state.objectType,
    reportableIdentifier: state.displayName,
    situation: 'TargetNotRead',
    action: 'noop',
    provisioningAction: 'other',
    status: 'failure',
    errorCode: error.errorCode,
    reason: error.reason,
    steps: [
      {
        name: 'EntryImport',
        provisioningStepType: 'import',
        status: 'success',
        description: `Retrieved ${state.displayName} from Azure Active Directory`,
        details: {},
      },
      {
        name: 'EntryMatching',
        provisioningStepType: 'matching',
        status: 'failure',
        description: `Failed to read the target object: ${error.reason}`,
        details: { ErrorCode: error.errorCode },
      },
    ],
    modifiedProperties: [],
    requests: [] as ScimRequest[],
    link: { kind: 'keep' },
    targetId: null,
    pendingReferences: [],
  };
}
