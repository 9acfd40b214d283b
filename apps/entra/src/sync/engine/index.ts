/** The provisioning engine: cycles over the tenant's tables, exported to the SCIM app through the connector. */
export { SyncEngine } from './sync-engine.service';
export { CycleRunner, type CycleRunnerDependencies } from './cycle-runner';
export {
  INTERNAL_FAILURE_QUARANTINE_THRESHOLD,
  SYNC_INTERVAL_MS,
  type CycleNotifier,
  type CycleResult,
  type CycleCursor,
  type JobConfiguration,
  type JobRow,
} from './cycle-types';
export { cycleStatus, type CycleStatus, type CycleStatusInput, type CycleStop } from './cycle-status';
export { mappingReads } from './mapping-set';
export { EngineLogSink, summaryOf } from './engine-log-sink';
export { JobConfigurationReader } from './job-configuration';
export { SourceReader, type ReadOptions, type SourceState } from './source-reader';
export { LinkStore, type Link } from './link-store';
export { processObject } from './object-processor';
export { resolveReferences } from './reference-resolution';
export type { ObjectOutcome, ProcessorContext } from './object-outcome';
export { objectMappingContext, processorContext, type ObjectMappingContext } from './processor-context';
