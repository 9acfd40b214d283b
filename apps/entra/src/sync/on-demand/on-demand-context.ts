/**
 * The engine's per-object context (ProcessorContext) for one on-demand call. Mirrors what CycleRunner builds for a
 * page (`mappings()` and `contextFor` in engine/cycle-runner.ts), with the object mappings taken from the rule the
 * caller named, and disables/deletes executed at once: on demand is not part of a cycle's deletion check.
 */
import { randomUUID } from 'node:crypto';
import {
  compileScopeFilter,
  sourceAttributeDefinitions,
  targetAttributeDefinitions,
  type CompiledScopeFilter,
  type ObjectMapping,
  type PlanContext,
  type SynchronizationRule,
  type SynchronizationSchema,
} from '@app/provisioning-core';
import type { ScimConnector } from '../connector';
import type { ProcessorContext } from '../engine';

export interface OnDemandMapping {
  mapping: ObjectMapping;
  plan: PlanContext;
  scope: CompiledScopeFilter;
}

/** The schema's rule with this id (compared case-insensitively), or undefined. */
export function findRule(schema: SynchronizationSchema, ruleId: string): SynchronizationRule | undefined {
  const wanted = ruleId.toLowerCase();
  return schema.synchronizationRules.find((rule) => rule.id.toLowerCase() === wanted);
}

/** The rule's enabled object mapping of a source object type (User, Group), as the planner needs it; null when none. */
export function onDemandMapping(
  schema: SynchronizationSchema,
  rule: SynchronizationRule,
  sourceObjectName: 'User' | 'Group',
  settings: { skipOutOfScopeDeletions: boolean; now: Date },
): OnDemandMapping | null {
  const wanted = sourceObjectName.toLowerCase();
  const mapping = rule.objectMappings.find((m) => m.sourceObjectName.toLowerCase() === wanted);
  if (!mapping || !mapping.enabled) return null;
  const plan: PlanContext = {
    objectMapping: mapping,
    targetDefs: targetAttributeDefinitions(schema, mapping),
    settings: { shape: 'default', skipOutOfScopeDeletions: settings.skipOutOfScopeDeletions },
    evaluation: { now: settings.now, random: Math.random, newGuid: randomUUID },
  };
  return { mapping, plan, scope: compileScopeFilter(mapping.scope, sourceAttributeDefinitions(schema, mapping.sourceObjectName)) };
}

/**
 * The processor context of one object type for this call; `references` is shared by every object of the call.
 * The PATCH shape is always the default one: on demand does not honour the Tenant URL's `aadOptscim062020` flag
 * (reference §8.3), unlike the cycles (which take `connector.shape`).
 */
export function onDemandProcessorContext(mapping: OnDemandMapping, connector: ScimConnector, references: Map<string, string>, now: Date): ProcessorContext {
  return {
    plan: {
      ...mapping.plan,
      settings: { ...mapping.plan.settings, shape: 'default' },
      evaluation: { ...mapping.plan.evaluation, now },
      resolveReference: (id) => references.get(id) ?? null,
    },
    scope: mapping.scope,
    connector,
    references,
    now: () => Date.now(),
    deletions: 'execute',
  };
}
