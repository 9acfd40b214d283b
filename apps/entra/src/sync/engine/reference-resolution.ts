import { planReferences } from '@app/provisioning-core';
import { ConnectorError } from '../connector';
import type { ObjectOutcome, ProcessorContext } from './object-outcome';

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
