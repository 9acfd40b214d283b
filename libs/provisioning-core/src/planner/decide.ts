/**
 * Classification: which named situation an item is in. The only place that looks at the inputs; everything the
 * situation implies (action, log fields, link change) comes from the SITUATIONS table.
 */
import {
  mapForCreate,
  mapForUpdate,
  MappingError,
  type CompiledObjectMapping,
  type ModifiedProperty,
  type PendingReference,
} from '../mapping';
import type { ItemFacts } from './facts';
import { planReferences, type ReferencePass } from './references';
import { deleteRequest, patchRequest, postRequest } from './requests';
import type { SituationName } from './situations';
import type { PlanContext, PlanItem, ScimRequest } from './types';

export interface Decision {
  situation: SituationName;
  modifiedProperties: ModifiedProperty[];
  requests: ScimRequest[];
  pendingReferences: PendingReference[];
  /** Target id for link 'set' and for requests. */
  targetId: string | null;
  /** MappingFailed: the mapping error. */
  error?: MappingError;
}

const NO_REFERENCES: ReferencePass = Object.freeze({ requests: [], members: { add: [], remove: [] }, modifiedProperties: [] });

const only = (situation: SituationName, targetId: string | null = null): Decision => ({
  situation,
  modifiedProperties: [],
  requests: [],
  pendingReferences: [],
  targetId,
});

function decideHardDeleted(item: PlanItem, facts: ItemFacts, compiled: CompiledObjectMapping): Decision {
  const link = item.link;
  if (link === null) return only('HardDeletedUnlinked');
  if (!link.managed) return only('UnmanagedAfterDisable', link.targetId);
  if (item.target.kind === 'missing') return only('HardDeletedTargetGone', link.targetId);
  if (!facts.deleteEnabled) return only('HardDeletedDeleteDisabled', link.targetId);
  return { ...only('HardDeletedLinked', link.targetId), requests: [deleteRequest(compiled, link.targetId)] };
}

function decideLeaving(ctx: PlanContext, item: PlanItem, facts: ItemFacts, compiled: CompiledObjectMapping, targetId: string): Decision {
  const leftScope = !facts.inScope;
  if (leftScope && ctx.settings.skipOutOfScopeDeletions) return only('OutOfScopeDeletionSkipped', targetId);
  if (compiled.kind === 'Group') {
    if (!facts.deleteEnabled) return only('GroupOutOfScopeDeleteDisabled', targetId);
    return { ...only('GroupOutOfScopeLinked', targetId), requests: [deleteRequest(compiled, targetId)] };
  }
  if (compiled.softDelete.length === 0) return only('NoSoftDeleteMapping', targetId);
  const source = item.source ?? {};
  const { patch, modifiedProperties } = mapForUpdate(
    ctx.objectMapping,
    ctx.targetDefs,
    { ...source, IsSoftDeleted: true },
    facts.targetResource,
    ctx.evaluation,
    {
      shape: ctx.settings.shape,
      attributes: 'softDeleteOnly',
    },
  );
  if (patch === null) return only(leftScope ? 'OutOfScopeLinkedAlreadyDisabled' : 'SourceDisabledLinkedAlreadyDisabled', targetId);
  return {
    ...only(leftScope ? 'OutOfScopeLinkedActive' : 'SourceDisabledLinkedActive', targetId),
    modifiedProperties,
    requests: [patchRequest(compiled, targetId, patch)],
  };
}

function decideInScope(ctx: PlanContext, item: PlanItem, facts: ItemFacts, compiled: CompiledObjectMapping): Decision {
  const raw = item.source ?? {};
  const source = raw.IsSoftDeleted === false ? raw : { ...raw, IsSoftDeleted: false };
  const target = item.target;
  const link = item.link;
  if (link === null) {
    if (target.kind === 'unmatchable') return only('MissingMatchingAttribute');
    if (target.kind === 'duplicate') return only('DuplicateTargetEntries');
    if (target.kind === 'unknown') return only('TargetNotRead');
    if (target.kind === 'missing') {
      if (!compiled.flows.add) return only('CreateNotAllowed');
      const created = mapForCreate(ctx.objectMapping, ctx.targetDefs, source, ctx.evaluation);
      return {
        ...only('InScopeUnlinkedNoMatch'),
        modifiedProperties: created.modifiedProperties,
        requests: [postRequest(compiled, created.resource)],
        pendingReferences: created.pendingReferences,
      };
    }
  } else if (target.kind !== 'found') {
    return only('TargetNotRead', link.targetId);
  }
  const resource = facts.targetResource ?? {};
  const idValue = resource.id;
  const targetId = link?.targetId ?? (typeof idValue === 'string' ? idValue : String(idValue ?? ''));
  const update = mapForUpdate(ctx.objectMapping, ctx.targetDefs, source, resource, ctx.evaluation, { shape: ctx.settings.shape });
  const references =
    update.pendingReferences.length === 0
      ? NO_REFERENCES
      : planReferences(ctx, {
          targetId,
          pendingReferences: update.pendingReferences,
          currentTarget: resource,
          currentMemberTargetIds: item.currentMemberTargetIds,
        });
  const requests =
    update.patch === null ? references.requests.slice() : [patchRequest(compiled, targetId, update.patch), ...references.requests];
  const changed = requests.length > 0;
  let situation: SituationName;
  if (link === null)
    situation = !changed ? 'InScopeUnlinkedMatchedUnchanged' : compiled.flows.update ? 'InScopeUnlinkedMatched' : 'UpdateNotAllowed';
  else if (!changed) situation = 'InScopeLinkedUnchanged';
  else if (!compiled.flows.update) situation = 'UpdateNotAllowed';
  else if (compiled.kind === 'User' && update.patch !== null && (!link.managed || facts.targetDisabled))
    situation = 'InScopeLinkedWasDisabled';
  else situation = 'InScopeLinkedChanged';
  const exported = situation === 'UpdateNotAllowed' ? [] : requests;
  const modifiedProperties = exported.length > 0 ? [...update.modifiedProperties, ...references.modifiedProperties] : [];
  return { situation, modifiedProperties, requests: exported, pendingReferences: [], targetId };
}

/** Decides the situation of one item; mapping errors become MappingFailed. */
export function decide(ctx: PlanContext, item: PlanItem, facts: ItemFacts, compiled: CompiledObjectMapping): Decision {
  try {
    if (!facts.present) return decideHardDeleted(item, facts, compiled);
    const link = item.link;
    if (link !== null && item.target.kind === 'missing') return only('TargetGone', link.targetId);
    if (facts.isSoftDeleted) {
      if (link === null) return only(facts.inScope ? 'DisabledSourceNeverCreated' : 'OutOfScopeUnlinked');
      if (!link.managed) return only('UnmanagedAfterDisable', link.targetId);
      return decideLeaving(ctx, item, facts, compiled, link.targetId);
    }
    return decideInScope(ctx, item, facts, compiled);
  } catch (error) {
    if (error instanceof MappingError) return { ...only('MappingFailed', item.link?.targetId ?? null), error };
    throw error;
  }
}
