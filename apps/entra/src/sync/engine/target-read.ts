import {
  evaluateExpression,
  evaluateScope,
  nextMatchStep,
  planMatchQueries,
  type MatchAttempt,
  type PlanItem,
  type ScimResource,
  type TargetState,
} from '@app/provisioning-core';
import type { ScimTrace } from '../connector';
import type { Link } from './link-store';
import type { ProcessorContext } from './object-outcome';
import type { SourceState } from './source-reader';

export function resourceType(objectType: 'User' | 'Group'): 'Users' | 'Groups' {
  return objectType === 'User' ? 'Users' : 'Groups';
}

export function scopeOf(ctx: ProcessorContext, state: SourceState): PlanItem['scope'] {
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
export async function readTarget(
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
