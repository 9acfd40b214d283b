/**
 * The engine's per-object context (ProcessorContext) for one on-demand call, built by the engine's own
 * `objectMappingContext` / `processorContext` with the object mappings taken from the rule the caller named, and
 * disables/deletes executed at once: on demand is not part of a cycle's deletion check.
 */
import type { SynchronizationRule, SynchronizationSchema } from '@app/provisioning-core';
import type { ScimConnector } from '../connector';
import { objectMappingContext, processorContext, type ObjectMappingContext, type ProcessorContext } from '../engine';

export type OnDemandMapping = ObjectMappingContext;

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
  return objectMappingContext(schema, mapping, settings);
}

/**
 * The processor context of one object type for this call; `references` is shared by every object of the call.
 * The PATCH shape is always the default one: on demand does not honour the Tenant URL's `aadOptscim062020` flag
 * (reference §8.3), unlike the cycles (which take `connector.shape`).
 */
export function onDemandProcessorContext(
  mapping: OnDemandMapping,
  connector: ScimConnector,
  references: Map<string, string>,
  now: Date,
): ProcessorContext {
  return processorContext(mapping, { connector, references, shape: 'default', now, deletions: 'execute' });
}
