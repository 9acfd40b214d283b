import type { PlanContext, CompiledScopeFilter, PlannedAction, ProvisioningResult, ScimResource } from '@app/provisioning-core';
import type { ConnectorError, ScimConnector, ScimTrace } from '../connector';
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
