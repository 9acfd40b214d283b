/** planObject / planBatch: items → planned actions (a value; no I/O). */
import { compileObjectMapping, type CompiledObjectMapping } from '../mapping';
import { decide, type Decision } from './decide';
import { deriveFacts } from './facts';
import { SITUATIONS, type SituationRule } from './situations';
import { buildSteps } from './steps';
import type { ActionKind, LinkChange, Plan, PlanContext, PlanItem, PlannedAction } from './types';

function linkChange(rule: SituationRule, decision: Decision): LinkChange {
  switch (rule.link) {
    case 'set':
      return decision.targetId ? { kind: 'set', targetId: decision.targetId, managed: true } : { kind: 'keep' };
    case 'managed':
      return { kind: 'setManaged', managed: true };
    case 'unmanaged':
      return { kind: 'setManaged', managed: false };
    case 'remove':
      return { kind: 'remove' };
    default:
      return { kind: 'keep' };
  }
}

function plan(ctx: PlanContext, compiled: CompiledObjectMapping, item: PlanItem): PlannedAction {
  const facts = deriveFacts(ctx, compiled, item);
  const decision = decide(ctx, item, facts, compiled);
  const rule = SITUATIONS[decision.situation];
  const reason = decision.error ? `${rule.reason} ${decision.error.message}` : rule.reason;
  return {
    sourceId: item.sourceId,
    objectType: compiled.kind,
    reportableIdentifier: facts.reportableIdentifier,
    situation: decision.situation,
    action: rule.action,
    provisioningAction: rule.provisioningAction,
    status: rule.status,
    errorCode: decision.error?.code ?? rule.errorCode,
    reason,
    steps: buildSteps(compiled, item, facts, decision, rule, reason),
    modifiedProperties: decision.modifiedProperties,
    requests: decision.requests,
    link: rule.action === 'create' ? { kind: 'setFromResponse' } : linkChange(rule, decision),
    targetId: decision.targetId,
    pendingReferences: decision.pendingReferences,
  };
}

/** Plans one object. Never throws for data problems (they become failure/skip actions). */
export function planObject(ctx: PlanContext, item: PlanItem): PlannedAction {
  return plan(ctx, compileObjectMapping(ctx.objectMapping, ctx.targetDefs), item);
}

export function emptyCounts(): Record<ActionKind, number> {
  return { create: 0, update: 0, skip: 0, disable: 0, enable: 0, delete: 0, stagedDelete: 0, unlink: 0, noop: 0 };
}

/** Plans many objects of one object mapping; the mapping is compiled once. */
export function planBatch(ctx: PlanContext, items: readonly PlanItem[]): Plan {
  const compiled = compileObjectMapping(ctx.objectMapping, ctx.targetDefs);
  const actions: PlannedAction[] = new Array<PlannedAction>(items.length);
  const counts = emptyCounts();
  for (let i = 0; i < items.length; i++) {
    const action = plan(ctx, compiled, items[i]);
    actions[i] = action;
    counts[action.action] += 1;
  }
  return { actions, counts };
}
