/**
 * Downloads as the portal offers them (reference §7.3): JSON, or CSV as three files joined by changeId —
 * `ProvisioningLogs` (everything but steps and modified properties), `ProvisioningLogs_ProvisioningSteps` and
 * `ProvisioningLogs_ModifiedProperties`. The column names are Graph property paths (the portal's own headers are
 * not documented). Both formats are produced page by page from an async source of entries.
 */
import { stringify } from 'csv-stringify/sync';
import { toGraphSummary, type ProvisioningObjectSummary } from './provisioning-log.types';

export type DownloadFormat = 'json' | 'csv';
export type DownloadPart = 'summary' | 'steps' | 'modifiedProperties';

export const DOWNLOAD_FILE_NAMES: Readonly<Record<DownloadPart, string>> = Object.freeze({
  summary: 'ProvisioningLogs',
  steps: 'ProvisioningLogs_ProvisioningSteps',
  modifiedProperties: 'ProvisioningLogs_ModifiedProperties',
});

type Cell = string | number | null;
interface CsvColumn<T> {
  header: string;
  value(row: T): Cell;
}

const details = (d: Record<string, string> | undefined): string => JSON.stringify(d ?? {});

/** ProvisioningLogs.csv: one row per entry. */
export const SUMMARY_CSV_COLUMNS: readonly CsvColumn<ProvisioningObjectSummary>[] = [
  { header: 'id', value: (e) => e.id },
  { header: 'activityDateTime', value: (e) => e.activityDateTime },
  { header: 'tenantId', value: (e) => e.tenantId },
  { header: 'jobId', value: (e) => e.jobId },
  { header: 'cycleId', value: (e) => e.cycleId },
  { header: 'changeId', value: (e) => e.changeId },
  { header: 'provisioningAction', value: (e) => e.provisioningAction },
  { header: 'durationInMilliseconds', value: (e) => e.durationInMilliseconds },
  { header: 'provisioningStatusInfo/status', value: (e) => e.provisioningStatusInfo.status },
  {
    header: 'provisioningStatusInfo/errorInformation/errorCode',
    value: (e) => e.provisioningStatusInfo.errorInformation?.errorCode ?? null,
  },
  { header: 'provisioningStatusInfo/errorInformation/reason', value: (e) => e.provisioningStatusInfo.errorInformation?.reason ?? null },
  {
    header: 'provisioningStatusInfo/errorInformation/additionalDetails',
    value: (e) => e.provisioningStatusInfo.errorInformation?.additionalDetails ?? null,
  },
  {
    header: 'provisioningStatusInfo/errorInformation/errorCategory',
    value: (e) => e.provisioningStatusInfo.errorInformation?.errorCategory ?? null,
  },
  {
    header: 'provisioningStatusInfo/errorInformation/recommendedAction',
    value: (e) => e.provisioningStatusInfo.errorInformation?.recommendedAction ?? null,
  },
  { header: 'servicePrincipal/id', value: (e) => e.servicePrincipal.id },
  { header: 'servicePrincipal/displayName', value: (e) => e.servicePrincipal.displayName },
  { header: 'sourceSystem/id', value: (e) => e.sourceSystem.id },
  { header: 'sourceSystem/displayName', value: (e) => e.sourceSystem.displayName },
  { header: 'sourceSystem/details', value: (e) => details(e.sourceSystem.details) },
  { header: 'targetSystem/id', value: (e) => e.targetSystem.id },
  { header: 'targetSystem/displayName', value: (e) => e.targetSystem.displayName },
  { header: 'targetSystem/details', value: (e) => details(e.targetSystem.details) },
  { header: 'initiatedBy/id', value: (e) => e.initiatedBy.id },
  { header: 'initiatedBy/displayName', value: (e) => e.initiatedBy.displayName },
  { header: 'initiatedBy/initiatorType', value: (e) => e.initiatedBy.initiatorType },
  { header: 'sourceIdentity/id', value: (e) => e.sourceIdentity.id },
  { header: 'sourceIdentity/displayName', value: (e) => e.sourceIdentity.displayName },
  { header: 'sourceIdentity/identityType', value: (e) => e.sourceIdentity.identityType },
  { header: 'sourceIdentity/details', value: (e) => details(e.sourceIdentity.details) },
  { header: 'targetIdentity/id', value: (e) => e.targetIdentity.id },
  { header: 'targetIdentity/displayName', value: (e) => e.targetIdentity.displayName },
  { header: 'targetIdentity/identityType', value: (e) => e.targetIdentity.identityType },
  { header: 'targetIdentity/details', value: (e) => details(e.targetIdentity.details) },
];

interface StepRow {
  entry: ProvisioningObjectSummary;
  index: number;
}

/** ProvisioningLogs_ProvisioningSteps.csv: one row per step, in order. */
export const STEPS_CSV_COLUMNS: readonly CsvColumn<StepRow>[] = [
  { header: 'changeId', value: (r) => r.entry.changeId },
  { header: 'stepNumber', value: (r) => r.index + 1 },
  { header: 'name', value: (r) => r.entry.provisioningSteps[r.index].name },
  { header: 'provisioningStepType', value: (r) => r.entry.provisioningSteps[r.index].provisioningStepType },
  { header: 'status', value: (r) => r.entry.provisioningSteps[r.index].status },
  { header: 'description', value: (r) => r.entry.provisioningSteps[r.index].description },
  { header: 'details', value: (r) => details(r.entry.provisioningSteps[r.index].details) },
];

/** ProvisioningLogs_ModifiedProperties.csv: one row per modified property. */
export const MODIFIED_PROPERTIES_CSV_COLUMNS: readonly CsvColumn<StepRow>[] = [
  { header: 'changeId', value: (r) => r.entry.changeId },
  { header: 'displayName', value: (r) => r.entry.modifiedProperties[r.index].displayName },
  { header: 'oldValue', value: (r) => r.entry.modifiedProperties[r.index].oldValue },
  { header: 'newValue', value: (r) => r.entry.modifiedProperties[r.index].newValue },
];

/** The CSV records (header excluded) of one part for some entries. */
export function csvRecords(part: DownloadPart, entries: readonly ProvisioningObjectSummary[]): Cell[][] {
  if (part === 'summary') return entries.map((e) => SUMMARY_CSV_COLUMNS.map((c) => c.value(e)));
  const columns = part === 'steps' ? STEPS_CSV_COLUMNS : MODIFIED_PROPERTIES_CSV_COLUMNS;
  const records: Cell[][] = [];
  for (const entry of entries) {
    const count = part === 'steps' ? (entry.provisioningSteps ?? []).length : (entry.modifiedProperties ?? []).length;
    for (let index = 0; index < count; index++) records.push(columns.map((c) => c.value({ entry, index })));
  }
  return records;
}

export function csvHeader(part: DownloadPart): string[] {
  const columns = part === 'summary' ? SUMMARY_CSV_COLUMNS : part === 'steps' ? STEPS_CSV_COLUMNS : MODIFIED_PROPERTIES_CSV_COLUMNS;
  return columns.map((c) => c.header);
}

const toCsv = (records: Cell[][]): string => stringify(records, { cast: { number: (n) => String(n) }, record_delimiter: '\r\n' });

/** CSV text: the header, then the records of every page as it arrives. */
export async function* csvChunks(part: DownloadPart, pages: AsyncIterable<readonly ProvisioningObjectSummary[]>): AsyncGenerator<string> {
  yield toCsv([csvHeader(part)]);
  for await (const page of pages) {
    const records = csvRecords(part, page);
    if (records.length > 0) yield toCsv(records);
  }
}

/** A JSON array of provisioningObjectSummary objects, written page by page. */
export async function* jsonChunks(pages: AsyncIterable<readonly ProvisioningObjectSummary[]>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const page of pages) {
    const parts = page.map((e) => JSON.stringify(toGraphSummary(e)));
    if (parts.length === 0) continue;
    yield (first ? '' : ',') + parts.join(',');
    first = false;
  }
  yield ']';
}
