/**
 * The phases of a cycle as a table: each handler reads the next page of its phase and says which objects to process
 * and where the cursor goes once the page is committed, or that the phase is over. Processing and committing the page
 * is the same step for every phase (PageProcessor).
 *
 * initial:     users → orphanUsers → groups → orphanGroups → references → deletions → done
 * incremental: changes → references → escrows → deletions → done
 */
import { evaluateDeleteThreshold } from '@app/provisioning-core';
import type { ScimConnector } from '../connector';
import { MIN_UUID, type CycleCursor, type CyclePhase, type JobConfiguration, type JobRow } from './cycle-types';
import type { LinkStore } from './link-store';
import type { MappingSet } from './mapping-set';
import type { ReadOptions, SourceReader, SourceState } from './source-reader';

/** One run of a cycle: what every phase and page of it reads. */
export interface CycleRun {
  job: JobRow;
  config: JobConfiguration;
  mappings: MappingSet;
  connector: ScimConnector;
  reader: SourceReader;
  read: ReadOptions;
  cursor: CycleCursor;
  /** Objects this run processed in the changes and escrows phases (not processed twice). */
  processed: Set<string>;
  /**
   * The commit of the last page, still running while the next page of the same phase is read and matched (see
   * PIPELINED_PHASES), with the target ids that page's objects got: the next page's references (a manager created
   * on the page before) are looked up there too, since the commit that links them may not be visible yet.
   */
  pendingCommit?: { done: Promise<void>; targets: ReadonlyMap<string, string> };
}

/**
 * Phases whose next page may be read and matched while the previous page commits: each page reads objects after the
 * cursor (in id order; in `changes`, the change rows after the last page's, less objects the cycle processed
 * already), so the pages' objects are disjoint and a page needs nothing the previous one writes except the target
 * ids of objects it created (CycleRun.pendingCommit). Every other phase reads what the previous page wrote (links,
 * escrows, staged deletes, pending references): the commit is awaited before its page is read.
 */
export const PIPELINED_PHASES: ReadonlySet<CycleCursor['phase']> = new Set(['users', 'groups', 'changes']);

/** Waits for the previous page's commit, if one is still running; its failure fails the cycle. */
export async function settleCommit(run: CycleRun): Promise<void> {
  const pending = run.pendingCommit;
  if (!pending) return;
  run.pendingCommit = undefined;
  await pending.done;
}

export interface PhaseEnvironment {
  store: LinkStore;
  pageSize: number;
  now: Date;
}

/** Where the cursor goes: the next phase (from its start), or on inside this one. */
export type CursorMove = { phase: CyclePhase; after?: string } | { after: string };

export type PhaseStep =
  /** Nothing (more) to read in this phase. */
  | { done: CursorMove & { phase: CyclePhase } }
  /** Process these objects (users first, then groups) and commit; then move the cursor (null: stay). */
  | { page: SourceState[]; then: CursorMove | null; watermark?: string };

type PhaseHandler = (run: CycleRun, env: PhaseEnvironment) => Promise<PhaseStep>;

export function moveCursor(cursor: CycleCursor, move: CursorMove): void {
  if ('phase' in move) {
    cursor.phase = move.phase;
    cursor.after = move.after ?? MIN_UUID;
  } else {
    cursor.after = move.after;
  }
}

/** The current source state of these objects (those whose object type the job maps), users first. */
async function readObjects(run: CycleRun, objects: readonly { sourceId: string; objectType: 'User' | 'Group' }[]): Promise<SourceState[]> {
  const ids = (type: 'User' | 'Group') => objects.filter((o) => o.objectType === type).map((o) => o.sourceId);
  const users = run.mappings.user ? await run.reader.users(ids('User'), run.read) : [];
  const groups = run.mappings.group ? await run.reader.groups(ids('Group'), run.read) : [];
  return [...users, ...groups];
}

/** Every assigned (or linked) object of one type, in id order. */
function directoryPhase(type: 'User' | 'Group', next: CyclePhase): PhaseHandler {
  return async (run, env) => {
    const mapped = type === 'User' ? run.mappings.user : run.mappings.group;
    if (!mapped) return { done: { phase: type === 'User' ? 'groups' : 'references' } };
    const page =
      type === 'User'
        ? await run.reader.usersPage(run.job.id, run.read, run.cursor.after, env.pageSize)
        : await run.reader.groupsPage(run.job.id, run.read, run.cursor.after, env.pageSize);
    run.cursor.counters.countImported += page.length;
    const last = page.length ? page[page.length - 1].id : null;
    return { page, then: last && page.length === env.pageSize ? { after: last } : { phase: next } };
  };
}

/** Links whose source object is gone (purged while the watermark was reset): deleted in the target. */
function orphanPhase(type: 'User' | 'Group', next: CyclePhase): PhaseHandler {
  return async (run, env) => {
    const ids = await run.reader.orphanedLinks(run.job.id, type, run.cursor.after, env.pageSize);
    const page: SourceState[] = ids.map((id) => ({
      id,
      objectType: type,
      source: null,
      softDeleted: false,
      assigned: false,
      displayName: id,
    }));
    return { page, then: ids.length === env.pageSize ? { after: ids[ids.length - 1] } : { phase: next } };
  };
}

const changes: PhaseHandler = async (run, env) => {
  const { cursor, reader, mappings, processed } = run;
  const found = await reader.changedSince(run.job.service_principal_id, cursor.after, cursor.highWater, env.pageSize);
  if (found.lastSeq === null) return { done: { phase: 'references' } };
  // The state read is current as of now, so it already holds every change up to highWater: an object seen earlier in
  // this cycle is not processed again for a later change row of the same cycle.
  const fresh = (ids: string[]) => ids.filter((id) => !processed.has(id));
  const users = mappings.user ? await reader.users(fresh(found.users), run.read) : [];
  const groups = mappings.group ? await reader.groups(fresh(found.groups), run.read) : [];
  cursor.counters.countImportedDeltas += users.length + groups.length;
  for (const s of [...users, ...groups]) processed.add(s.id);
  return { page: [...users, ...groups], then: { after: found.lastSeq }, watermark: found.lastSeq };
};

/**
 * Entra's reference pass: objects exported while an object they reference (manager, member) was not in the target
 * yet are processed again once it is; the rest are forgotten (Entra does not retry them later).
 */
const references: PhaseHandler = async (run, env) => {
  const next = run.cursor.initial ? 'deletions' : 'escrows';
  if (!run.mappings.mapsReferences) return { done: { phase: next } };
  const pending = await env.store.pendingReferences(run.job.id, run.cursor.after, env.pageSize);
  if (pending.length === 0) {
    await env.store.clearPendingReferences(run.job.id);
    return { done: { phase: next } };
  }
  const resolved = await env.store.targetIdsOf(run.job.id, [...new Set(pending.flatMap((p) => p.referencedIds))]);
  const due = pending.filter((p) => p.referencedIds.some((id) => resolved.has(id)));
  // The keyset moves past every row of this page; the phase's end clears what is left.
  return { page: await readObjects(run, due), then: { after: pending[pending.length - 1].sourceId } };
};

/** Escrowed objects whose retry time has come (those the changes already covered are not processed twice). */
const escrows: PhaseHandler = async (run, env) => {
  const due = (await env.store.dueEscrows(run.job.id, env.now, env.pageSize)).filter((e) => !run.processed.has(e.sourceId));
  if (due.length === 0) return { done: { phase: 'deletions' } };
  for (const e of due) run.processed.add(e.sourceId);
  return { page: await readObjects(run, due), then: due.length < env.pageSize ? { phase: 'deletions' } : null };
};

/** The disables and deletes set aside during the cycle: executed, or withheld when they exceed the threshold. */
const deletions: PhaseHandler = async (run, env) => {
  const { cursor, job, config } = run;
  if (!cursor.deletions) {
    const decision = evaluateDeleteThreshold(await env.store.countStagedDeletes(job.id), {
      deleteThresholdEnabled: config.deleteThreshold.enabled,
      deleteThresholdValue: config.deleteThreshold.value,
    });
    const forced = job.force_deletes;
    cursor.deletions = {
      mode: !forced && decision.exceeded ? 'stage' : 'execute',
      pending: decision.count,
      threshold: decision.threshold,
      forced,
    };
  }
  // Executed rows leave the table; withheld ones stay for ForceDeletes, but are logged only by the cycle that staged them.
  const staged = await env.store.stagedDeletes(
    job.id,
    cursor.after,
    env.pageSize,
    cursor.deletions.mode === 'stage' ? new Date(cursor.began) : null,
  );
  if (staged.length === 0) return { done: { phase: 'done' } };
  const last = staged[staged.length - 1].sourceId;
  return { page: await readObjects(run, staged), then: staged.length < env.pageSize ? { phase: 'done' } : { after: last } };
};

export const PHASES: Record<Exclude<CyclePhase, 'done'>, PhaseHandler> = {
  users: directoryPhase('User', 'orphanUsers'),
  orphanUsers: orphanPhase('User', 'groups'),
  groups: directoryPhase('Group', 'orphanGroups'),
  orphanGroups: orphanPhase('Group', 'references'),
  changes,
  references,
  escrows,
  deletions,
};
