/**
 * The columns of entra.provisioning_logs that are copied out of the stored provisioningObjectSummary (the whole
 * object is in `summary`), and which Graph `$filter` property reads which column.
 */
import type { ProvisioningObjectSummary } from './provisioning-log.types';

export const PROVISIONING_LOGS_TABLE = 'entra.provisioning_logs';

export interface LogColumn {
  name: string;
  /** How the text value the writer binds is cast in SQL. */
  cast: 'text' | 'timestamptz' | 'integer' | 'jsonb';
  value(entry: ProvisioningObjectSummary): string | null;
}

const text = (v: string | null | undefined): string | null => (v === undefined ? null : v);

/** In the order of the INSERT column list. `summary` (the whole object) is last. */
export const LOG_COLUMNS: readonly LogColumn[] = [
  { name: 'id', cast: 'text', value: (e) => e.id },
  { name: 'activity_date_time', cast: 'timestamptz', value: (e) => e.activityDateTime },
  { name: 'tenant_id', cast: 'text', value: (e) => text(e.tenantId) },
  { name: 'job_id', cast: 'text', value: (e) => text(e.jobId) },
  { name: 'cycle_id', cast: 'text', value: (e) => text(e.cycleId) },
  { name: 'change_id', cast: 'text', value: (e) => text(e.changeId) },
  { name: 'duration_ms', cast: 'integer', value: (e) => String(e.durationInMilliseconds) },
  { name: 'provisioning_action', cast: 'text', value: (e) => text(e.provisioningAction) },
  { name: 'status', cast: 'text', value: (e) => text(e.provisioningStatusInfo?.status) },
  { name: 'error_code', cast: 'text', value: (e) => text(e.provisioningStatusInfo?.errorInformation?.errorCode) },
  { name: 'service_principal_id', cast: 'text', value: (e) => text(e.servicePrincipal?.id) },
  { name: 'service_principal_display_name', cast: 'text', value: (e) => text(e.servicePrincipal?.displayName) },
  { name: 'source_id', cast: 'text', value: (e) => text(e.sourceIdentity?.id) },
  { name: 'source_display_name', cast: 'text', value: (e) => text(e.sourceIdentity?.displayName) },
  { name: 'source_identity_type', cast: 'text', value: (e) => text(e.sourceIdentity?.identityType) },
  { name: 'target_id', cast: 'text', value: (e) => text(e.targetIdentity?.id) },
  { name: 'target_display_name', cast: 'text', value: (e) => text(e.targetIdentity?.displayName) },
  { name: 'target_identity_type', cast: 'text', value: (e) => text(e.targetIdentity?.identityType) },
  { name: 'source_system_display_name', cast: 'text', value: (e) => text(e.sourceSystem?.displayName) },
  { name: 'target_system_display_name', cast: 'text', value: (e) => text(e.targetSystem?.displayName) },
  { name: 'initiated_by_display_name', cast: 'text', value: (e) => text(e.initiatedBy?.displayName) },
  { name: 'initiator_type', cast: 'text', value: (e) => text(e.initiatedBy?.initiatorType) },
  { name: 'summary', cast: 'jsonb', value: (e) => JSON.stringify(e) },
];

export type LogFilterType = 'string' | 'datetime' | 'int';
export type LogFilterOperator = 'eq' | 'contains' | 'gt' | 'ge' | 'lt' | 'le';

export interface LogFilterProperty {
  column: string;
  type: LogFilterType;
  operators: readonly LogFilterOperator[];
  /** Graph: "the filters are all case sensitive except for status". */
  caseInsensitive?: boolean;
  /** Not in Graph's documented list; served by provsim. */
  extension?: boolean;
}

const EQ_CONTAINS: readonly LogFilterOperator[] = ['eq', 'contains'];
const RANGE: readonly LogFilterOperator[] = ['eq', 'gt', 'ge', 'lt', 'le'];

/**
 * `$filter` properties (Graph's list for GET /auditLogs/provisioning) → column. Graph documents eq/gt/lt for the
 * date and the duration; ge/le are accepted too. Property names are case-insensitive.
 */
export const LOG_FILTER_PROPERTIES: Readonly<Record<string, LogFilterProperty>> = Object.freeze({
  id: { column: 'id', type: 'string', operators: EQ_CONTAINS },
  activityDateTime: { column: 'activity_date_time', type: 'datetime', operators: RANGE },
  tenantId: { column: 'tenant_id', type: 'string', operators: EQ_CONTAINS },
  jobId: { column: 'job_id', type: 'string', operators: EQ_CONTAINS },
  changeId: { column: 'change_id', type: 'string', operators: EQ_CONTAINS },
  cycleId: { column: 'cycle_id', type: 'string', operators: EQ_CONTAINS },
  provisioningAction: { column: 'provisioning_action', type: 'string', operators: EQ_CONTAINS },
  durationInMilliseconds: { column: 'duration_ms', type: 'int', operators: RANGE },
  'provisioningStatusInfo/status': { column: 'status', type: 'string', operators: EQ_CONTAINS, caseInsensitive: true },
  'provisioningStatusInfo/errorInformation/errorCode': { column: 'error_code', type: 'string', operators: EQ_CONTAINS, extension: true },
  'sourceSystem/displayName': { column: 'source_system_display_name', type: 'string', operators: EQ_CONTAINS },
  'targetSystem/displayName': { column: 'target_system_display_name', type: 'string', operators: EQ_CONTAINS },
  'sourceIdentity/identityType': { column: 'source_identity_type', type: 'string', operators: EQ_CONTAINS },
  'targetIdentity/identityType': { column: 'target_identity_type', type: 'string', operators: EQ_CONTAINS },
  'sourceIdentity/id': { column: 'source_id', type: 'string', operators: EQ_CONTAINS },
  'targetIdentity/id': { column: 'target_id', type: 'string', operators: EQ_CONTAINS },
  'sourceIdentity/displayName': { column: 'source_display_name', type: 'string', operators: EQ_CONTAINS },
  'targetIdentity/displayName': { column: 'target_display_name', type: 'string', operators: EQ_CONTAINS },
  'servicePrincipal/id': { column: 'service_principal_id', type: 'string', operators: ['eq'] },
  'servicePrincipal/displayName': { column: 'service_principal_display_name', type: 'string', operators: ['eq'] },
  /** The older documentation's name for servicePrincipal/displayName. */
  'servicePrincipal/name': { column: 'service_principal_display_name', type: 'string', operators: ['eq'] },
  'initiatedBy/displayName': { column: 'initiated_by_display_name', type: 'string', operators: EQ_CONTAINS },
  'initiatedBy/initiatorType': { column: 'initiator_type', type: 'string', operators: ['eq'], extension: true },
});
