/**
 * provsim extension, not part of Entra: the pure parts of "Preview the next cycle" — how one planned action reads in
 * the preview, the query options, and the summary's counts.
 */
import { evaluateDeleteThreshold, type ModifiedProperty, type PlannedAction } from '@app/provisioning-core';
import { GraphError } from '../../http/graph-error';

export const PREVIEW_ACTIONS = ['Create', 'Update', 'Disable', 'Delete', 'StagedDelete', 'Skip', 'None'] as const;
export type PreviewAction = (typeof PREVIEW_ACTIONS)[number];
export const PREVIEW_OBJECT_TYPES = ['User', 'Group'] as const;
export type PreviewObjectType = (typeof PREVIEW_OBJECT_TYPES)[number];

export interface PreviewEntry {
  sourceId: string;
  objectType: PreviewObjectType;
  displayName: string;
  action: PreviewAction;
  /** Why nothing is sent (Skip), or why the object could not be planned; null otherwise. */
  reason: string | null;
  modifiedProperties: ModifiedProperty[];
  targetId: string | null;
}

/** Situations where source and target already agree: nothing is sent and nothing is wrong. */
const UNCHANGED = new Set(['InScopeLinkedUnchanged', 'InScopeUnlinkedMatchedUnchanged']);

const BY_PROVISIONING_ACTION: Record<PlannedAction['provisioningAction'], PreviewAction | null> = {
  create: 'Create',
  update: 'Update',
  disable: 'Disable',
  delete: 'Delete',
  stagedDelete: 'StagedDelete',
  other: null,
};

/** The preview's name for what the engine planned (its log's provisioningAction, or Skip / None). */
export function previewAction(action: Pick<PlannedAction, 'provisioningAction' | 'situation' | 'status'>): PreviewAction {
  const named = BY_PROVISIONING_ACTION[action.provisioningAction];
  if (named) return named;
  if (UNCHANGED.has(action.situation)) return 'None';
  return action.status === 'skipped' ? 'Skip' : 'None';
}

/** One object of the preview, from the engine's plan for it (and the link it has, if any). */
export function previewEntry(action: PlannedAction, linkedTargetId: string | null): PreviewEntry {
  const name = previewAction(action);
  return {
    sourceId: action.sourceId,
    objectType: action.objectType,
    displayName: action.reportableIdentifier,
    action: name,
    reason: name === 'Skip' || action.status === 'failure' ? action.reason : null,
    modifiedProperties: name === 'Update' || name === 'Create' ? action.modifiedProperties : [],
    targetId: action.targetId ?? linkedTargetId,
  };
}

export interface PreviewQuery {
  top: number;
  skipToken: string | undefined;
  actions: ReadonlySet<PreviewAction> | null;
  objectTypes: ReadonlySet<PreviewObjectType> | null;
  readTarget: boolean;
}

export const PREVIEW_DEFAULT_TOP = 100;
export const PREVIEW_MAX_TOP = 1000;

function one(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw GraphError.badRequest(`The query option '${name}' is given more than once.`);
  return value;
}

/** A comma-separated list of allowed names (case-insensitive), or null when the option is absent. */
function names<T extends string>(query: Record<string, unknown>, name: string, allowed: readonly T[]): Set<T> | null {
  const raw = one(query, name);
  if (raw === undefined) return null;
  const chosen = new Set<T>();
  for (const part of raw.split(',')) {
    const found = allowed.find((a) => a.toLowerCase() === part.trim().toLowerCase());
    if (!found) throw GraphError.badRequest(`Invalid ${name} '${part.slice(0, 64)}': expected one of ${allowed.join(', ')}.`);
    chosen.add(found);
  }
  return chosen;
}

/** `$top`, `$skiptoken`, `action`, `objectType`, `readTarget` of a preview (or drift) request; 400 on bad input. */
export function parsePreviewQuery(query: Record<string, unknown>): PreviewQuery {
  const topText = one(query, '$top');
  const top = topText === undefined ? PREVIEW_DEFAULT_TOP : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > PREVIEW_MAX_TOP)
    throw GraphError.badRequest(`Invalid $top '${String(topText).slice(0, 32)}': expected a whole number from 1 to ${PREVIEW_MAX_TOP}.`);
  const readTargetText = one(query, 'readTarget');
  if (readTargetText !== undefined && readTargetText !== 'true' && readTargetText !== 'false')
    throw GraphError.badRequest(`Invalid readTarget '${readTargetText.slice(0, 32)}': expected true or false.`);
  return {
    top,
    skipToken: one(query, '$skiptoken'),
    actions: names(query, 'action', PREVIEW_ACTIONS),
    objectTypes: names(query, 'objectType', PREVIEW_OBJECT_TYPES),
    readTarget: readTargetText !== 'false',
  };
}

/** Does the entry pass the request's filters? */
export function matchesFilters(entry: PreviewEntry, query: Pick<PreviewQuery, 'actions' | 'objectTypes'>): boolean {
  return (!query.actions || query.actions.has(entry.action)) && (!query.objectTypes || query.objectTypes.has(entry.objectType));
}

export interface PreviewSummary {
  cycle: 'initial' | 'incremental';
  counts: Record<PreviewAction, number>;
  deletionThreshold: { enabled: boolean; threshold: number; wouldDelete: number; wouldTrip: boolean };
}

/** Counts the actions of a whole cycle, one entry at a time (nothing but the counts is kept). */
export class PreviewCounter {
  private readonly counts = Object.fromEntries(PREVIEW_ACTIONS.map((a) => [a, 0])) as Record<PreviewAction, number>;
  private readonly deletions = { userDisables: 0, userDeletes: 0, groupDisables: 0, groupDeletes: 0 };

  add(entry: Pick<PreviewEntry, 'action' | 'objectType'>): void {
    this.counts[entry.action] += 1;
    const who = entry.objectType === 'User' ? 'user' : 'group';
    if (entry.action === 'Disable') this.deletions[`${who}Disables`] += 1;
    if (entry.action === 'Delete') this.deletions[`${who}Deletes`] += 1;
  }

  /** The cycle's summary; the deletion check is the engine's own (disables + deletes > threshold, when enabled). */
  summary(cycle: PreviewSummary['cycle'], threshold: { enabled: boolean; value: number }): PreviewSummary {
    const decision = evaluateDeleteThreshold(this.deletions, {
      deleteThresholdEnabled: threshold.enabled,
      deleteThresholdValue: threshold.value,
    });
    return {
      cycle,
      counts: { ...this.counts },
      deletionThreshold: {
        enabled: decision.enabled,
        threshold: decision.threshold,
        wouldDelete: decision.count,
        wouldTrip: decision.exceeded,
      },
    };
  }
}
