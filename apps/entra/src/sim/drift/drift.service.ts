/**
 * provsim extension, not part of Entra: the Drift view. What the target holds set against what the job's mappings
 * expect: first every source object a full cycle would process, planned by the engine's own prepareObject with a
 * connector that only reads (missing, differs, extra when it would be disabled or deleted); then the target's own
 * listing, for the objects no link of the job names (extra). Bounded batches, keyset (startIndex for the target) pages.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeSkipToken, encodeSkipToken, queryFingerprint } from '@app/odata';
import type { ScimResourceType } from '../../sync/connector';
import { MIN_UUID } from '../../sync/engine/cycle-types';
import { JobSnapshots, type JobSnapshot, type TargetListing } from '../preview/preview-run';
import { PREVIEW_BATCH, previewEntries, type PreviewPosition } from '../preview/preview.service';
import { driftOfPlan, driftOfUnlinked, keptInTarget, type DriftEntry, type DriftSummary } from './drift-entry';
import { listTarget } from './target-list';

export type DriftPosition = { phase: 'source'; at: PreviewPosition } | { phase: 'target'; type: ScimResourceType; startIndex: number };

export interface DriftPage {
  summary?: DriftSummary;
  value: DriftEntry[];
  next: string | null;
}

interface DriftStep {
  drift: DriftEntry | null;
  /** A source object the next full cycle keeps in the target (for the summary's inScope). */
  inScope: boolean;
  after: DriftPosition;
}

@Injectable()
export class DriftService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly snapshots: JobSnapshots,
  ) {}

  /** One page of differences; the first page (no skiptoken) also carries the summary. */
  async page(servicePrincipalId: string, jobId: string, top: number, skipToken: string | undefined): Promise<DriftPage> {
    const run = await this.snapshots.open(servicePrincipalId, jobId, true);
    try {
      return await this.pageOf(run, jobId, top, skipToken);
    } finally {
      await run.close();
    }
  }

  private async pageOf(run: JobSnapshot, jobId: string, top: number, skipToken: string | undefined): Promise<DriftPage> {
    const listing = run.listing!;
    const fingerprint = queryFingerprint({ jobId, view: 'drift' });
    const start: DriftPosition = skipToken
      ? (decodeSkipToken(skipToken, fingerprint) as DriftPosition)
      : // As a full cycle reads: every object, not only those changed since the watermark.
        { phase: 'source', at: { phase: 'users', after: MIN_UUID } };
    const summary: DriftSummary | null = skipToken ? null : { inScope: 0, inTarget: 0, missing: 0, extra: 0, differs: 0 };
    const value: DriftEntry[] = [];
    let next: string | null = null;
    for await (const step of this.steps(run, listing, start)) {
      if (summary) {
        if (step.inScope) summary.inScope += 1;
        if (step.drift) summary[step.drift.kind] += 1;
      }
      if (next !== null || !step.drift) continue;
      value.push(step.drift);
      if (value.length === top) {
        next = encodeSkipToken(step.after, fingerprint);
        if (!summary) break;
      }
    }
    if (!summary) return { value, next };
    for (const type of this.targetTypes(run)) summary.inTarget += (await listTarget(listing, type, 1, 1)).total;
    return { summary, value, next };
  }

  private targetTypes(run: JobSnapshot): ScimResourceType[] {
    return [...(run.mappings.user ? ['Users' as const] : []), ...(run.mappings.group ? ['Groups' as const] : [])];
  }

  private async *steps(run: JobSnapshot, listing: TargetListing, from: DriftPosition): AsyncGenerator<DriftStep> {
    if (from.phase === 'source') {
      for await (const { entry, after } of previewEntries(run, from.at))
        yield { drift: driftOfPlan(entry), inScope: keptInTarget(entry), after: { phase: 'source', at: after } };
    }
    const types = this.targetTypes(run);
    const first = from.phase === 'target' ? types.indexOf(from.type) : 0;
    for (const type of types.slice(Math.max(first, 0))) {
      let startIndex = from.phase === 'target' && type === from.type ? from.startIndex : 1;
      for (;;) {
        const { resources } = await listTarget(listing, type, startIndex, PREVIEW_BATCH);
        const linked = await this.linkedTargetIds(run.job.id, type, resources);
        for (const [i, resource] of resources.entries()) {
          const drift = linked.has(String(resource.id)) ? null : driftOfUnlinked(type === 'Users' ? 'User' : 'Group', resource);
          yield { drift, inScope: false, after: { phase: 'target', type, startIndex: startIndex + i + 1 } };
        }
        if (resources.length < PREVIEW_BATCH) break;
        startIndex += resources.length;
      }
    }
  }

  /** The target ids among `resources` that a link of the job names (those the source pass covered). */
  private async linkedTargetIds(jobId: string, type: ScimResourceType, resources: { id?: unknown }[]): Promise<Set<string>> {
    if (resources.length === 0) return new Set();
    const rows: { target_id: string }[] = await this.db.query(
      `SELECT target_id FROM entra.sync_links WHERE job_id = $1 AND object_type = $2 AND target_id = ANY($3::text[])`,
      [jobId, type === 'Users' ? 'User' : 'Group', resources.map((r) => String(r.id))],
    );
    return new Set(rows.map((r) => r.target_id));
  }
}
