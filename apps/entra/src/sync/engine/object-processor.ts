import { isDeletion, planObject, stageDeletes, type PlanItem, type PlannedAction, type ScimRequest } from '@app/provisioning-core';
import { ConnectorError, ScimTrace } from '../connector';
import type { Link } from './link-store';
import { exportObject } from './object-export';
import type { ObjectOutcome, PreparedObject, ProcessorContext } from './object-outcome';
import { readTarget, scopeOf } from './target-read';
import type { SourceState } from './source-reader';

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
    sink.push(
      unsentOutcome(ctx, { state, link, startedAt, trace }, { action: planned, status: 'failure', error: caught, deferredDeletion: false }),
    );
    if (caught.reaction === 'quarantine') throw caught;
    return null;
  }
  if (isDeletion(action) && ctx.deletions !== 'execute') {
    if (ctx.deletions === 'defer') {
      sink.push(unsentOutcome(ctx, { state, link, startedAt, trace }, { action, status: 'skipped', error: null, deferredDeletion: true }));
      return null;
    }
    action = stageDeletes({ actions: [action], counts: {} as never }).actions[0];
  }
  return { state, link, action, targetId: action.targetId ?? link?.targetId ?? null, startedAt, durationMs: ctx.now() - startedAt, trace };
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

/** The outcome of an object done with before any request was sent: nothing exported, its link left as it is. */
function unsentOutcome(
  ctx: ProcessorContext,
  object: Pick<PreparedObject, 'state' | 'link' | 'startedAt' | 'trace'>,
  result: Pick<ObjectOutcome, 'action' | 'status' | 'error' | 'deferredDeletion'>,
): ObjectOutcome {
  const { state, link, startedAt, trace } = object;
  return {
    state,
    ...result,
    targetId: link?.targetId ?? null,
    link: null,
    exports: 0,
    startedAt,
    durationMs: ctx.now() - startedAt,
    deferred: null,
    trace,
  };
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
