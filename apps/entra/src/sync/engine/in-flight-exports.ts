import type { PlannedAction, SituationName } from '@app/provisioning-core';

/**
 * What a run of a cycle was about to send for one object, saved in the cycle cursor (`inFlight`) before it sent the
 * first request of its page. The page's commit drops it with the rest of the page's bookkeeping. A run that dies
 * before that commit leaves it for the run that resumes the cycle: without it, that run could not tell an object its
 * predecessor created a moment ago from one that was in the target before the cycle began (both are found by the
 * matching query), and the cycle's counters would miss what the dead run exported.
 */
export interface InFlightExport {
  /** The situation the requests were planned in (what they were to bring about). */
  situation: SituationName;
  /** How many requests were planned (a create: its POST; the reference pass that follows a create is not included). */
  requests: number;
  /** Requests of still earlier runs of the cycle, confirmed already (kept across a second crash on the same page). */
  confirmed: number;
}

/** Source id → what was in flight for it; part of the cycle cursor. */
export type InFlightExports = Record<string, InFlightExport>;

/**
 * The situation a run that reads the target again finds an object in once the requests planned in a situation took
 * effect. Each is a situation with nothing left to send, so meeting it is evidence the requests reached the target
 * (the plans compare the same source with the same links: the dead run's page committed nothing, and the page's
 * plans are made before any of its requests is sent, so no plan depends on how far its page got).
 */
const DONE: Partial<Record<SituationName, readonly SituationName[]>> = {
  // The POST took effect: the matching query finds the object now (still to update or already as the source wants).
  InScopeUnlinkedNoMatch: ['InScopeUnlinkedMatched', 'InScopeUnlinkedMatchedUnchanged'],
  InScopeUnlinkedMatched: ['InScopeUnlinkedMatchedUnchanged'],
  InScopeLinkedChanged: ['InScopeLinkedUnchanged'],
  InScopeLinkedWasDisabled: ['InScopeLinkedUnchanged'],
  OutOfScopeLinkedActive: ['OutOfScopeLinkedAlreadyDisabled'],
  SourceDisabledLinkedActive: ['SourceDisabledLinkedAlreadyDisabled'],
  // The group's DELETE took effect: its linked target object is gone.
  GroupOutOfScopeLinked: ['TargetGone'],
};

/**
 * Requests sent for an object by runs of this cycle that died before its page committed, as far as what this run
 * found proves they took effect (`now`: this run's plan for the object). Nothing is credited without that evidence:
 * a run that died before sending leaves the target as it was, and this run plans (and counts) the same requests.
 */
export function confirmedExports(entry: InFlightExport | undefined, now: Pick<PlannedAction, 'situation'>): number {
  if (!entry) return 0;
  const done = entry.requests > 0 && (DONE[entry.situation]?.includes(now.situation) ?? false);
  return entry.confirmed + (done ? entry.requests : 0);
}

/** One object of a run, read and planned: `sends` false when its requests are not sent now (a deferred deletion). */
export interface PlannedExport {
  sourceId: string;
  action: Pick<PlannedAction, 'situation' | 'requests'>;
  sends: boolean;
}

/**
 * For the objects a run planned, given the in-flight records a dead run left (`previous`): the exports of the dead
 * run each object's plan confirms (counted by this run, not sent again), and the records to save before this run
 * sends anything (an object with nothing to send and nothing confirmed has none).
 */
export function planInFlight(
  previous: InFlightExports | undefined,
  objects: readonly PlannedExport[],
): { confirmed: Map<string, number>; entries: Map<string, InFlightExport> } {
  const confirmed = new Map<string, number>();
  const entries = new Map<string, InFlightExport>();
  for (const { sourceId, action, sends } of objects) {
    const done = confirmedExports(previous?.[sourceId], action);
    if (done > 0) confirmed.set(sourceId, done);
    const requests = sends ? action.requests.length : 0;
    if (requests > 0 || done > 0) entries.set(sourceId, { situation: action.situation, requests, confirmed: done });
  }
  return { confirmed, entries };
}

/**
 * `current` with the records of `ids` replaced by `entries` (ids without an entry lose theirs). Undefined when
 * nothing is left, so the cursor carries no empty record.
 */
export function replaceInFlight(
  current: InFlightExports | undefined,
  ids: Iterable<string>,
  entries: ReadonlyMap<string, InFlightExport> = new Map(),
): InFlightExports | undefined {
  const next: InFlightExports = { ...(current ?? {}) };
  for (const id of ids) delete next[id];
  for (const [id, entry] of entries) next[id] = entry;
  return Object.keys(next).length > 0 ? next : undefined;
}
