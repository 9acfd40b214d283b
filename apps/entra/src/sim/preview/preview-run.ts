/**
 * provsim extension, not part of Entra: what the preview and the drift view read of a job before they plan anything
 * — the job as the engine would load it, its configuration and compiled mappings, and a target connector that can
 * only read (or none at all).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '@app/platform';
import type { ScimResource } from '@app/provisioning-core';
import { ENTRA_CONFIG, EntraConfig } from '../../config/entra.config';
import { GraphError } from '../../http/graph-error';
import { SyncJobsService } from '../../sync/api';
import { SCIM_TRUSTED_CA, ScimConnector, type ScimResourceType, type ScimTrace, type ScimTrustedCa } from '../../sync/connector';
import {
  JobConfigurationReader,
  LinkStore,
  SourceReader,
  SyncEngine,
  type JobConfiguration,
  type JobRow,
  type ReadOptions,
} from '../../sync/engine';
import { mappingSet, type MappingSet } from '../../sync/engine/mapping-set';

/** The job's own credentials and how to reach its target, for a read-only listing (GET /Users?startIndex…). */
export interface TargetListing {
  baseAddress: string;
  secretToken: string;
  extraCa: readonly string[];
  timeoutMs: number;
}

/** One preview or drift request's view of a job. */
export interface JobSnapshot {
  job: JobRow;
  config: JobConfiguration;
  mappings: MappingSet;
  reader: SourceReader;
  store: LinkStore;
  read: ReadOptions;
  /** Reads the target (GET, filter queries) and refuses to write. */
  target: ScimConnector;
  /** The job's own credentials, for a read-only listing of the target (readTarget only; null otherwise). */
  listing: TargetListing | null;
  /** The next cycle is an initial one, as the engine decides (no watermark, or a restarted cycle under way). */
  initial: boolean;
  now: Date;
  concurrency: number;
  /** Closes the target connector's connections (call once the request is done). */
  close(): Promise<void>;
}

/** The subset of the connector a preview may use. */
type TargetReads = Pick<ScimConnector, 'get' | 'query' | 'shape'>;

/**
 * A connector that answers the engine's reads and throws on any write: the preview sends nothing that changes the
 * target. Without `reads` (readTarget=false) nothing is sent at all: a linked object reads as found with only its id
 * (every mapped value is then "to send"), an unlinked one as not found (it would be created).
 */
export function readOnlyTarget(reads: TargetReads | null): ScimConnector {
  const target = {
    shape: reads?.shape ?? 'default',
    get: (type: ScimResourceType, id: string, trace?: ScimTrace): Promise<ScimResource | null> =>
      reads ? reads.get(type, id, trace) : Promise.resolve({ id }),
    query: (type: ScimResourceType, filter: string, trace?: ScimTrace): Promise<ScimResource[]> =>
      reads ? reads.query(type, filter, trace) : Promise.resolve([]),
    execute: (): Promise<never> => Promise.reject(new Error('the preview never writes to the target')),
  };
  // Only get/query/execute/shape are used by the planning path (prepareObject); the rest of the class is never reached.
  return target as unknown as ScimConnector;
}

@Injectable()
export class JobSnapshots {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ENTRA_CONFIG) private readonly settings: EntraConfig,
    private readonly jobs: SyncJobsService,
    private readonly engine: SyncEngine,
    private readonly configuration: JobConfigurationReader,
    @Inject(SCIM_TRUSTED_CA) private readonly extraCa: ScimTrustedCa,
  ) {}

  /** 404 for an unknown app or job; 409 when the target is to be read and the job has no credentials. */
  async open(servicePrincipalId: string, jobId: string, readTarget: boolean): Promise<JobSnapshot> {
    const sp = await this.jobs.servicePrincipal({ key: servicePrincipalId, by: 'id' });
    await this.jobs.getJob(sp.id, jobId);
    const job = await this.engine.runner.loadJob(this.db.manager, jobId);
    if (!job) throw GraphError.notFound(jobId);
    const config = await this.configuration.read(job);
    if (readTarget && (!config.baseAddress || !config.secretToken))
      throw new GraphError(409, 'Conflict', 'The job has no Tenant URL and Secret Token saved, so the target cannot be read.');
    const now = this.clock.now();
    const mappings = mappingSet(config, now);
    // The cycle's own connector (same concurrency, timeout, trusted CAs), behind a wrapper that only reads.
    const connector = readTarget ? this.engine.openConnector(config) : null;
    return {
      job,
      config,
      mappings,
      reader: new SourceReader(this.db.manager),
      store: new LinkStore(this.db.manager),
      read: { servicePrincipalId: job.service_principal_id, syncAll: config.syncAll, withRoles: mappings.readsRoles },
      target: readOnlyTarget(connector),
      listing: readTarget
        ? {
            baseAddress: config.baseAddress!,
            secretToken: config.secretToken!,
            extraCa: this.extraCa,
            timeoutMs: this.settings.SYNC_TIMEOUT_MS,
          }
        : null,
      initial: job.cycle_cursor ? job.cycle_cursor.initial : job.watermark === null,
      now,
      concurrency: this.settings.SYNC_CONCURRENCY,
      close: () => connector?.close() ?? Promise.resolve(),
    };
  }
}
