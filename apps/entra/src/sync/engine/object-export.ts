import type { PlannedAction, ScimResource } from '@app/provisioning-core';
import { ConnectorError } from '../connector';
import type { Link } from './link-store';
import type { ObjectOutcome, PreparedObject, ProcessorContext } from './object-outcome';
import type { SourceState } from './source-reader';

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
