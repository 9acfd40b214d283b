import { nextEscrowRetry } from '@app/provisioning-core';
import type { Clock } from '@app/platform';
import type { DataSource } from 'typeorm';
import type { CycleJobRepository } from './cycle-job-repository';
import type { CycleRun } from './cycle-phases';
import { zeroCounters, type CycleCounters, type CycleCursor, type LogSink } from './cycle-types';
import { replaceInFlight } from './in-flight-exports';
import { LinkStore, type EscrowWrite, type Link, type PendingReferenceRow } from './link-store';
import type { ObjectOutcome } from './object-outcome';

export interface ProcessedPage {
  outcomes: ObjectOutcome[];
  /** null: the mappings export no references, so there is nothing to record or replace. */
  pendingReferences: PendingReferenceRow[] | null;
  /** For incremental pages: the change sequence the page reached. */
  watermark: string | undefined;
  saveCursor: boolean;
  /** Source ids of the page: their in-flight records end with its commit. */
  pageIds: readonly string[];
  /** Exports a dead run of the cycle sent for objects of the page, confirmed by this run (counted, not re-sent). */
  resumed: ReadonlyMap<string, number>;
  /** The page executed staged disables/deletes (deletions phase, execute mode): they leave the staged table. */
  executesStaged: boolean;
}

/**
 * Links, escrows, staged deletes, pending references, logs and the cursor (and the watermark) in one transaction.
 * The cursor saved is the one this page leaves, copied when the call is made: while the commit runs, the cycle may
 * already read its next page and count it in the live cursor (see PageProcessor, pipelined phases). The page's
 * counts are added to both.
 */
export async function commitPage(
  deps: { db: DataSource; clock: Clock; logs: LogSink; jobs: CycleJobRepository },
  run: CycleRun,
  page: ProcessedPage,
): Promise<void> {
  const { job, config, cursor } = run;
  const now = deps.clock.now();
  const saved: CycleCursor = structuredClone(cursor);
  await deps.db.transaction(async (tx) => {
    const store = new LinkStore(tx);
    const existing = await store.escrowsOf(
      job.id,
      page.outcomes.filter((o) => o.error && o.error.reaction !== 'quarantine').map((o) => o.state.id),
    );
    const deferred = page.outcomes.filter((o) => o.deferredDeletion);
    await store.stageDeletes(
      job.id,
      deferred.map((o) => ({ sourceId: o.state.id, objectType: o.state.objectType, action: o.action.action })),
      now,
    );
    if (page.executesStaged)
      await store.removeStagedDeletes(
        job.id,
        page.outcomes.map((o) => o.state.id),
      );
    const outcomes = page.outcomes.filter((o) => !o.deferredDeletion);
    const delta = zeroCounters();
    const writes = countOutcomes(delta, outcomes, page.resumed, existing, now);
    delta.entriesAdded = await store.upsertLinks(job.id, writes.upserts, now);
    addCounters(saved.counters, delta);
    addCounters(cursor.counters, delta);
    await store.removeLinks(job.id, writes.removals);
    await store.upsertEscrows(job.id, writes.escrows);
    await store.clearEscrows(job.id, writes.cleared);
    if (page.pendingReferences)
      await store.replacePendingReferences(
        job.id,
        outcomes.map((o) => o.state.id),
        page.pendingReferences,
      );
    await deps.logs.write(
      tx,
      outcomes.map((outcome) => ({ outcome, cycleId: cursor.cycleId, job, config, escrow: writes.escrowInfo.get(outcome.state.id) })),
    );
    if (page.saveCursor) {
      saved.inFlight = replaceInFlight(saved.inFlight, page.pageIds);
      cursor.inFlight = replaceInFlight(cursor.inFlight, page.pageIds);
      await deps.jobs.saveCursor(tx, job.id, saved, null, deps.clock.now(), page.watermark);
    }
  });
}

/** Adds a page's counts to a cycle's. */
function addCounters(to: CycleCounters, delta: CycleCounters): void {
  for (const key of Object.keys(delta) as (keyof CycleCounters)[]) {
    if (key === 'entriesAdded') continue;
    to[key] += delta[key] as number;
  }
  for (const [type, n] of Object.entries(delta.entriesAdded ?? {}) as ['User' | 'Group', number][]) {
    to.entriesAdded = { ...to.entriesAdded, [type]: (to.entriesAdded?.[type] ?? 0) + n };
  }
}

/** Adds the page's objects to the cycle's counters and answers the link and escrow writes they make. */
function countOutcomes(
  counters: CycleCounters,
  outcomes: readonly ObjectOutcome[],
  resumed: ReadonlyMap<string, number>,
  existing: ReadonlyMap<string, { retryCount: number; firstFailedAt: Date }>,
  now: Date,
) {
  const upserts: Link[] = [];
  const removals: string[] = [];
  const escrows: EscrowWrite[] = [];
  const cleared: string[] = [];
  const escrowInfo = new Map<string, { retryCount: number; nextRetryAt: Date }>();
  for (const o of outcomes) {
    if (o.link === 'remove') removals.push(o.state.id);
    else if (o.link) upserts.push(o.link);
    if (o.status === 'success' || o.status === 'skipped') counters.countEntitled += o.state.assigned ? 1 : 0;
    // An object counts once however many runs of the cycle it took: what a run that died sent is counted by the run
    // that finds it done.
    const exports = o.exports + (resumed.get(o.state.id) ?? 0);
    if (exports > 0 && !o.error) counters.countExported += 1;
    counters.countExports += exports;
    if (o.error) {
      counters.countFailed += 1;
      if (o.error.reaction !== 'quarantine') {
        const previous = existing.get(o.state.id);
        const attempt = previous?.retryCount ?? 0;
        const nextRetryAt = nextEscrowRetry({ attempt, firstFailedAt: previous?.firstFailedAt ?? now, lastFailedAt: now });
        escrows.push({
          sourceId: o.state.id,
          objectType: o.state.objectType,
          at: now,
          nextRetryAt,
          error: { code: o.error.errorCode, reason: o.error.reason, httpStatus: o.error.httpStatus },
        });
        escrowInfo.set(o.state.id, { retryCount: attempt, nextRetryAt });
        counters.countEscrowed += 1;
      }
    } else {
      cleared.push(o.state.id);
      counters.countSucceeded += 1;
    }
  }
  return { upserts, removals, escrows, cleared, escrowInfo };
}
