/**
 * provsim extension, not part of Entra: "Preview the next cycle". The objects the next cycle of a job would process
 * (initial: every assigned or linked object, by id; incremental: the objects of the change rows since the watermark),
 * each planned by the engine's own `prepareObject` (import → scope → match → plan) with a target connector that
 * only reads, and never exported. Read in bounded batches: memory does not grow with the tenant.
 */
import { Injectable } from '@nestjs/common';
import { decodeSkipToken, encodeSkipToken, queryFingerprint } from '@app/odata';
import { ConnectorError } from '../../sync/connector';
import { MIN_UUID } from '../../sync/engine/cycle-types';
import { mapConcurrent } from '../../sync/engine/concurrency';
import type { ObjectOutcome } from '../../sync/engine/object-outcome';
import { prepareObject } from '../../sync/engine/object-processor';
import { pageContexts, pageLinks } from '../../sync/engine/page-processor';
import type { SourceState } from '../../sync/engine/source-reader';
import { JobSnapshots, type JobSnapshot } from './preview-run';
import { matchesFilters, previewEntry, PreviewCounter, type PreviewEntry, type PreviewQuery, type PreviewSummary } from './preview-entry';

/** Source objects read and planned at once. */
export const PREVIEW_BATCH = 200;

type DirectoryPhase = 'users' | 'orphanUsers' | 'groups' | 'orphanGroups';
const DIRECTORY_PHASES: readonly DirectoryPhase[] = ['users', 'orphanUsers', 'groups', 'orphanGroups'];

/** Where a preview page starts: the keyset of the skiptoken. */
export type PreviewPosition =
  | { phase: DirectoryPhase; after: string }
  /** After change row `seq`, skipping the first `skip` objects of the next batch of change rows (up to `highWater`). */
  | { phase: 'changes'; seq: string; skip: number; highWater: string };

export interface PreviewPage {
  summary?: PreviewSummary;
  value: PreviewEntry[];
  next: string | null;
}

/** Plans a batch of source objects as the engine would, sending nothing that writes. */
async function planBatch(run: JobSnapshot, states: readonly SourceState[]): Promise<PreviewEntry[]> {
  const { links, references } = await pageLinks(run.store, run.job.id, states);
  const contextFor = pageContexts(run.mappings, {
    connector: run.target,
    references,
    shape: run.target.shape,
    now: run.now,
    deletions: 'execute',
  });
  return mapConcurrent(states, run.concurrency, async (state) => {
    const link = links.get(state.id) ?? null;
    const sink: ObjectOutcome[] = [];
    let action = null;
    try {
      action = (await prepareObject(contextFor(state)!, state, link, sink))?.action ?? null;
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
    }
    // Not planned (the target could not be read): the engine's own failure entry says why.
    return previewEntry(action ?? sink[0].action, link?.targetId ?? null);
  });
}

function mapped(run: JobSnapshot, phase: DirectoryPhase): boolean {
  return phase === 'users' || phase === 'orphanUsers' ? run.mappings.user !== null : run.mappings.group !== null;
}

async function directoryBatch(run: JobSnapshot, phase: DirectoryPhase, after: string): Promise<SourceState[]> {
  const { reader, job, read } = run;
  switch (phase) {
    case 'users':
      return reader.usersPage(job.id, read, after, PREVIEW_BATCH);
    case 'groups':
      return reader.groupsPage(job.id, read, after, PREVIEW_BATCH);
    default: {
      const objectType = phase === 'orphanUsers' ? 'User' : 'Group';
      const ids = await reader.orphanedLinks(job.id, objectType, after, PREVIEW_BATCH);
      return ids.map((id) => ({ id, objectType, source: null, softDeleted: false, assigned: false, displayName: id }));
    }
  }
}

/** Every entry of the next cycle from `from` on, each with the position just after it. */
export async function* previewEntries(
  run: JobSnapshot,
  from: PreviewPosition,
): AsyncGenerator<{ entry: PreviewEntry; after: PreviewPosition }> {
  if (from.phase === 'changes') {
    let { seq, skip } = from;
    for (;;) {
      const found = await run.reader.changedSince(run.job.service_principal_id, seq, from.highWater, PREVIEW_BATCH);
      if (found.lastSeq === null) return;
      const users = run.mappings.user ? [...found.users].sort() : [];
      const groups = run.mappings.group ? [...found.groups].sort() : [];
      const states = [...(await run.reader.users(users, run.read)), ...(await run.reader.groups(groups, run.read))];
      for (let start = skip; start < states.length; start += PREVIEW_BATCH) {
        const entries = await planBatch(run, states.slice(start, start + PREVIEW_BATCH));
        for (const [i, entry] of entries.entries())
          yield { entry, after: { phase: 'changes', seq, skip: start + i + 1, highWater: from.highWater } };
      }
      seq = found.lastSeq;
      skip = 0;
    }
  }
  for (const phase of DIRECTORY_PHASES.slice(DIRECTORY_PHASES.indexOf(from.phase))) {
    if (!mapped(run, phase)) continue;
    let after = phase === from.phase ? from.after : MIN_UUID;
    for (;;) {
      const states = await directoryBatch(run, phase, after);
      const entries = states.length ? await planBatch(run, states) : [];
      for (const [i, entry] of entries.entries()) yield { entry, after: { phase, after: states[i].id } };
      if (states.length < PREVIEW_BATCH) break;
      after = states[states.length - 1].id;
    }
  }
}

@Injectable()
export class PreviewService {
  constructor(private readonly snapshots: JobSnapshots) {}

  /** One page of the preview; the first page (no skiptoken) also carries the whole cycle's summary. */
  async page(servicePrincipalId: string, jobId: string, query: PreviewQuery): Promise<PreviewPage> {
    const run = await this.snapshots.open(servicePrincipalId, jobId, query.readTarget);
    try {
      return await this.pageOf(run, jobId, query);
    } finally {
      await run.close();
    }
  }

  private async pageOf(run: JobSnapshot, jobId: string, query: PreviewQuery): Promise<PreviewPage> {
    const fingerprint = queryFingerprint({
      jobId,
      action: query.actions ? [...query.actions].sort().join(',') : undefined,
      objectType: query.objectTypes ? [...query.objectTypes].sort().join(',') : undefined,
      readTarget: String(query.readTarget),
    });
    const start: PreviewPosition = query.skipToken
      ? (decodeSkipToken(query.skipToken, fingerprint) as PreviewPosition)
      : run.initial
        ? { phase: 'users', after: MIN_UUID }
        : { phase: 'changes', seq: run.job.watermark ?? '0', skip: 0, highWater: await run.reader.highWater() };
    // The first page also counts the whole cycle for the summary, walking on after its last entry.
    const counter = query.skipToken ? null : new PreviewCounter();
    const value: PreviewEntry[] = [];
    let next: string | null = null;
    for await (const { entry, after } of previewEntries(run, start)) {
      counter?.add(entry);
      if (next !== null || !matchesFilters(entry, query)) continue;
      value.push(entry);
      if (value.length === query.top) {
        next = encodeSkipToken(after, fingerprint);
        if (!counter) break;
      }
    }
    if (!counter) return { value, next };
    const summary = counter.summary(run.initial ? 'initial' : 'incremental', run.config.deleteThreshold);
    return { summary, value, next };
  }
}
