import { mapReferences } from '@app/provisioning-core';
import type { Clock } from '@app/platform';
import type { DataSource } from 'typeorm';
import { GrowthAnalyzer } from '@app/persistence';
import { ConnectorError } from '../connector';
import { mapConcurrent } from './concurrency';
import type { CycleJobRepository } from './cycle-job-repository';
import { moveCursor, PIPELINED_PHASES, settleCommit, type CursorMove, type CycleRun } from './cycle-phases';
import type { LogSink } from './cycle-types';
import { planInFlight, replaceInFlight, type InFlightExport } from './in-flight-exports';
import { LinkStore, type Link, type PendingReferenceRow } from './link-store';
import { exportObject } from './object-export';
import type { ObjectOutcome, PreparedObject, ProcessorContext } from './object-outcome';
import { prepareObject } from './object-processor';
import { commitPage } from './page-commit';
import { processorContext } from './processor-context';
import type { MappingSet } from './mapping-set';
import { resolveReferences } from './reference-resolution';
import type { SourceState } from './source-reader';

export interface PageProcessorDependencies {
  db: DataSource;
  clock: Clock;
  logs: LogSink;
  jobs: CycleJobRepository;
  concurrency: number;
}

/**
 * The step every phase shares: process a page of source objects (users, then groups; each object read and planned
 * before any request is sent, then exported, then the created objects' references), and commit it. A quarantine
 * reaction of the target stops the page: what happened is committed, then the error is thrown.
 */
export class PageProcessor {
  /**
   * The links table fills during an initial cycle faster than autovacuum (none on the embedded database) updates its
   * statistics: reading a page's links grew from 5 to 48 ms over a 100,000-user initial cycle on PostgreSQL, and stays
   * within 10-14 ms once the table is analyzed as it grows (GrowthAnalyzer).
   */
  private readonly linkStatistics: GrowthAnalyzer;

  constructor(private readonly deps: PageProcessorDependencies) {
    this.linkStatistics = new GrowthAnalyzer((text, values) => deps.db.query(text, values), 'entra.sync_links');
  }

  async process(run: CycleRun, page: SourceState[], then: CursorMove | null, watermark?: string): Promise<void> {
    const { job, config, mappings, connector, cursor } = run;
    const { db, clock, concurrency } = this.deps;
    const store = new LinkStore(db.manager);
    const ids = page.map((s) => s.id);
    const phase = cursor.phase;
    // Taken before the cursor moves on: a deletions page that executes staged rows removes them when it commits, the
    // last page of the phase included.
    const executesStaged = phase === 'deletions' && cursor.deletions?.mode === 'execute';
    const { links, references } = await pageLinks(store, job.id, page);
    for (const [sourceId, targetId] of run.pendingCommit?.targets ?? []) if (!references.has(sourceId)) references.set(sourceId, targetId);
    const outcomes: ObjectOutcome[] = [];
    let stop: ConnectorError | null = null;
    // One context per object type for the whole page (same time, same deletion mode).
    const options = {
      connector,
      references,
      shape: connector.shape,
      now: clock.now(),
      deletions:
        cursor.phase === 'deletions' ? cursor.deletions!.mode : config.deleteThreshold.enabled ? ('defer' as const) : ('execute' as const),
    };
    const contextFor = pageContexts(mappings, options);
    const guard = async (work: () => Promise<void>) => {
      if (stop) return;
      try {
        await work();
      } catch (error) {
        if (error instanceof ConnectorError && error.reaction === 'quarantine') stop ??= error;
        else throw error;
      }
    };
    // Exports of this page that a run of the cycle which died before committing it had sent, by source id.
    const resumed = new Map<string, number>();
    const runObjects = async (states: SourceState[]) => {
      const start = outcomes.length;
      // Every object of the run is read and planned before any request is sent: what is about to be sent is saved
      // first, and no plan depends on how far the run got (a resumed run plans what the dead one planned).
      const prepared: PreparedObject[] = [];
      await mapConcurrent(states, concurrency, (state) =>
        guard(async () => {
          const ctx = contextFor(state);
          const ready = ctx ? await prepareObject(ctx, state, links.get(state.id) ?? null, outcomes) : null;
          if (ready) prepared.push(ready);
        }),
      );
      // What this run finds of the exports of a run that died on this page, and what it is about to send.
      const planned = planInFlight(cursor.inFlight, [
        ...outcomes.slice(start).map((o) => ({ sourceId: o.state.id, action: o.action, sends: false })),
        ...prepared.map((p) => ({ sourceId: p.state.id, action: p.action, sends: true })),
      ]);
      for (const [id, n] of planned.confirmed) resumed.set(id, n);
      if (stop) return;
      // The previous page's commit replaces the stored in-flight exports too: it goes first.
      await settleCommit(run);
      await this.saveInFlight(run, states, planned.entries);
      await mapConcurrent(prepared, concurrency, (ready) =>
        guard(async () => {
          await exportObject(contextFor(ready.state)!, ready, outcomes);
        }),
      );
      // Reference pass: every object of this run now exists in the target (or failed).
      const created = outcomes.slice(start).filter((o) => o.deferred);
      await mapConcurrent(created, concurrency, (outcome) =>
        guard(async () => {
          const ctx = contextFor(outcome.state);
          if (ctx) await resolveReferences(ctx, outcome);
        }),
      );
    };
    await runObjects(page.filter((s) => s.objectType === 'User'));
    if (!stop) await runObjects(page.filter((s) => s.objectType === 'Group'));
    if (!stop) {
      cursor.counters.pages += 1;
      if (then) moveCursor(cursor, then);
    }
    const pending = mappings.mapsReferences ? unresolvedReferences(outcomes, contextFor) : null;
    await settleCommit(run);
    const committed = commitPage(this.deps, run, {
      outcomes,
      pendingReferences: pending,
      watermark: stop ? undefined : watermark,
      saveCursor: !stop,
      pageIds: ids,
      resumed,
      executesStaged,
    });
    const targets = createdTargets(outcomes);
    void committed.then(
      () => this.linkStatistics.noteInserted(targets.size),
      () => undefined,
    );
    if (stop || !PIPELINED_PHASES.has(phase)) {
      await committed;
      if (stop) throw stop;
      return;
    }
    // The next page is read and matched (queries only: nothing is sent that changes the target) while this one
    // commits; it waits for this commit before it saves anything (settleCommit). The early catch keeps a failure
    // from being reported as unhandled before then; settleCommit still throws it.
    committed.catch(() => undefined);
    run.pendingCommit = { done: committed, targets };
  }

  /**
   * Saves what the run is about to send (and what it confirmed of a dead run's exports) in the durable cursor, before
   * the first request: if the process dies before the page commits, the run that resumes can count it. Only the
   * `inFlight` part of the stored cursor changes; the rest stays as the last committed page left it.
   */
  private async saveInFlight(run: CycleRun, states: readonly SourceState[], entries: ReadonlyMap<string, InFlightExport>): Promise<void> {
    const { cursor } = run;
    const had = states.some((s) => cursor.inFlight?.[s.id] !== undefined);
    if (entries.size === 0 && !had) return;
    cursor.inFlight = replaceInFlight(
      cursor.inFlight,
      states.map((s) => s.id),
      entries,
    );
    await this.deps.jobs.saveInFlight(run.job.id, cursor);
  }
}

/** Target ids of the objects a page linked (created or matched), by source id. */
function createdTargets(outcomes: readonly ObjectOutcome[]): Map<string, string> {
  const targets = new Map<string, string>();
  for (const o of outcomes) if (o.link && o.link !== 'remove') targets.set(o.state.id, o.link.targetId);
  return targets;
}

/** A page's links and the target ids of the objects its objects reference (manager, members): what planning reads of the store. */
export async function pageLinks(
  store: LinkStore,
  jobId: string,
  page: readonly SourceState[],
): Promise<{ links: Map<string, Link>; references: Map<string, string> }> {
  const links = await store.linksOf(
    jobId,
    page.map((s) => s.id),
  );
  const referenced = new Set<string>();
  for (const s of page) {
    const manager = s.source?.manager;
    if (typeof manager === 'string') referenced.add(manager);
    for (const m of (s.source?.members as string[] | undefined) ?? []) referenced.add(m);
  }
  return { links, references: await store.targetIdsOf(jobId, [...referenced]) };
}

/** One processor context per object type the job maps, for a whole page (same time, same deletion mode). */
export function pageContexts(
  mappings: Pick<MappingSet, 'user' | 'group'>,
  options: Parameters<typeof processorContext>[1],
): (state: SourceState) => ProcessorContext | null {
  const contexts = {
    User: mappings.user ? processorContext(mappings.user, options) : null,
    Group: mappings.group ? processorContext(mappings.group, options) : null,
  };
  return (state) => contexts[state.objectType];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Situations after which an object is in scope, active and linked (or created): its references are its own to export. */
const IN_SCOPE_SITUATIONS = new Set([
  'InScopeUnlinkedNoMatch',
  'InScopeUnlinkedMatched',
  'InScopeUnlinkedMatchedUnchanged',
  'InScopeLinkedChanged',
  'InScopeLinkedUnchanged',
  'InScopeLinkedWasDisabled',
]);

/**
 * The page's objects whose mapped references (manager, members) name objects that were not in the target when the
 * page ended, for the cycle's reference pass. Failed objects are left out (their escrow retry re-plans everything).
 */
export function unresolvedReferences(
  outcomes: readonly ObjectOutcome[],
  contextFor: (state: SourceState) => ProcessorContext | null,
): PendingReferenceRow[] {
  const rows: PendingReferenceRow[] = [];
  for (const o of outcomes) {
    if (o.error || o.deferredDeletion || !o.state.source || !IN_SCOPE_SITUATIONS.has(o.action.situation)) continue;
    const ctx = contextFor(o.state);
    if (!ctx || ctx.plan.objectMapping.attributeMappings.length === 0) continue;
    let referenced: string[];
    try {
      referenced = mapReferences(ctx.plan.objectMapping, ctx.plan.targetDefs, o.state.source, ctx.plan.evaluation).flatMap(
        (r) => r.sourceIds,
      );
    } catch {
      continue; // the mapping failed for this object; its log entry says so
    }
    // Only directory object ids can ever resolve (an expression may yield any string).
    const missing = [...new Set(referenced.filter((id) => UUID.test(id) && id !== o.state.id && !ctx.references.has(id)))];
    if (missing.length > 0) rows.push({ sourceId: o.state.id, objectType: o.state.objectType, referencedIds: missing });
  }
  return rows;
}
