import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api, apiResponse, type GraphPage } from './client';

/**
 * Provisioning logs (Graph `provisioningObjectSummary`, docs/provisioning-logs.md), the SCIM requests behind an entry
 * (provsim's `/sim/provisioningLogs/{id}/scimRequests`) and provision on demand (docs/synchronization-api.md).
 */

export type ProvisioningAction = 'create' | 'update' | 'delete' | 'disable' | 'stagedDelete' | 'other';
export type ProvisioningStatus = 'success' | 'failure' | 'skipped' | 'warning';

export interface ProvisioningErrorInformation {
  errorCode: string | null;
  reason: string | null;
  additionalDetails: string | null;
  errorCategory: string | null;
  recommendedAction: string | null;
}

export interface ProvisioningStep {
  name: string;
  provisioningStepType: string;
  status: string;
  description: string | null;
  details: Record<string, string>;
}

export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface ProvisionedIdentity {
  id: string | null;
  displayName: string | null;
  identityType: string | null;
  details: Record<string, string> | null;
}

export interface ProvisioningSystem {
  id: string | null;
  displayName: string | null;
  details: Record<string, string> | null;
}

export interface ProvisioningObjectSummary {
  id: string;
  activityDateTime: string;
  tenantId: string;
  jobId: string;
  cycleId: string;
  changeId: string;
  provisioningAction: ProvisioningAction;
  durationInMilliseconds: number;
  provisioningStatusInfo: { status: ProvisioningStatus; errorInformation: ProvisioningErrorInformation | null };
  provisioningSteps: ProvisioningStep[];
  modifiedProperties: ModifiedProperty[];
  servicePrincipal: { id: string; displayName: string | null };
  sourceSystem: ProvisioningSystem;
  targetSystem: ProvisioningSystem;
  initiatedBy: { id: string; displayName: string | null; initiatorType: string };
  sourceIdentity: ProvisionedIdentity;
  targetIdentity: ProvisionedIdentity;
}

/** One SCIM exchange the provisioning service had for an object (provsim extension). */
export interface ScimRequest {
  sequence: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  /** null when no answer came (timeout, refused, reset) */
  status: number | null;
  responseBody: unknown;
  /** the connector's reading of a failure, `"<errorCode>: <reason>"` */
  error: string | null;
  durationMs: number;
  startedDateTime: string;
}

/** The filters of the Provisioning logs blade (each one a query parameter of the page). */
export interface LogFilters {
  /** activityDateTime ≥ (ISO 8601 or a datetime-local value, read as UTC) */
  from?: string;
  /** activityDateTime ≤ */
  to?: string;
  status?: string;
  action?: string;
  /** service principal id (the application) */
  app?: string;
  jobId?: string;
  /** name, or source / target id */
  identity?: string;
}

export const LOG_PAGE_SIZE = 50;
export const ACTIONS: { value: ProvisioningAction; label: string }[] = [
  { value: 'create', label: 'Create' },
  { value: 'update', label: 'Update' },
  { value: 'delete', label: 'Delete' },
  { value: 'disable', label: 'Disable' },
  { value: 'stagedDelete', label: 'StagedDelete' },
  { value: 'other', label: 'Other' },
];
export const STATUSES: { value: ProvisioningStatus; label: string }[] = [
  { value: 'success', label: 'Success' },
  { value: 'failure', label: 'Failure' },
  { value: 'skipped', label: 'Skipped' },
  { value: 'warning', label: 'Warning' },
];

/** A string literal of OData (`'O''Brien'`). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A date-time literal for activityDateTime: `2026-12-05T00:00:00Z`. A `datetime-local` value (no zone) is read as UTC,
 * the simulated clock's zone; anything unreadable is dropped (undefined).
 */
export function odataDateTime(value: string): string | undefined {
  const text = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().replace('.000Z', 'Z');
}

/**
 * The Graph `$filter` for the blade's filters — only what the API supports (docs/provisioning-logs.md): `eq` on the
 * action, the status, the job and the service principal, `ge`/`le` on activityDateTime, and for the identity `eq` on
 * the source and target ids or `contains` (case-sensitive) in the source and target display names. Undefined when no
 * filter is set.
 */
export function buildLogFilter(filters: LogFilters): string | undefined {
  const clauses: string[] = [];
  const from = filters.from ? odataDateTime(filters.from) : undefined;
  const to = filters.to ? odataDateTime(filters.to) : undefined;
  if (from) clauses.push(`activityDateTime ge ${from}`);
  if (to) clauses.push(`activityDateTime le ${to}`);
  if (filters.status) clauses.push(`provisioningStatusInfo/status eq ${odataString(filters.status)}`);
  if (filters.action) clauses.push(`provisioningAction eq ${odataString(filters.action)}`);
  if (filters.app) clauses.push(`servicePrincipal/id eq ${odataString(filters.app)}`);
  if (filters.jobId?.trim()) clauses.push(`jobId eq ${odataString(filters.jobId.trim())}`);
  const identity = filters.identity?.trim();
  if (identity) {
    const v = odataString(identity);
    clauses.push(
      `(sourceIdentity/id eq ${v} or targetIdentity/id eq ${v} or contains(sourceIdentity/displayName,${v}) or contains(targetIdentity/displayName,${v}))`,
    );
  }
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}

/** A page of the list: newest first, counted, `LOG_PAGE_SIZE` a page, `skiptoken` from the previous @odata.nextLink. */
export function logsListPath(filters: LogFilters, skiptoken?: string): string {
  const params = new URLSearchParams({ $top: String(LOG_PAGE_SIZE), $count: 'true', $orderby: 'activityDateTime desc' });
  const filter = buildLogFilter(filters);
  if (filter) params.set('$filter', filter);
  if (skiptoken) params.set('$skiptoken', skiptoken);
  return `/v1.0/auditLogs/provisioning?${params}`;
}

export type DownloadKind = 'json' | 'summary' | 'steps' | 'modifiedProperties';
export const DOWNLOAD_FILES: Record<DownloadKind, string> = {
  json: 'ProvisioningLogs.json',
  summary: 'ProvisioningLogs.csv',
  steps: 'ProvisioningLogs_ProvisioningSteps.csv',
  modifiedProperties: 'ProvisioningLogs_ModifiedProperties.csv',
};

/** The `$download` extension's URL for the current filters (every selected entry, newest first). */
export function downloadPath(kind: DownloadKind, filters: LogFilters): string {
  const params = new URLSearchParams(kind === 'json' ? { format: 'json' } : { format: 'csv', part: kind });
  const filter = buildLogFilter(filters);
  if (filter) params.set('$filter', filter);
  params.set('$orderby', 'activityDateTime desc');
  return `/v1.0/auditLogs/provisioning/$download?${params}`;
}

/**
 * Downloads a file of the `$download` extension: it needs the Authorization header, so it is fetched, then saved
 * through a Blob's object URL (a plain link would go without the token).
 */
export async function downloadLogs(kind: DownloadKind, filters: LogFilters): Promise<void> {
  const response = await apiResponse(downloadPath(kind, filters), {
    headers: { Accept: kind === 'json' ? 'application/json' : 'text/csv' },
  });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = DOWNLOAD_FILES[kind];
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export const logKeys = {
  all: ['logs'] as const,
  list: (filters: LogFilters, skiptoken?: string) => ['logs', 'list', buildLogFilter(filters) ?? '', skiptoken ?? null] as const,
  entry: (id: string) => ['logs', 'entry', id] as const,
  scimRequests: (id: string) => ['logs', 'scimRequests', id] as const,
  apps: ['logs', 'apps'] as const,
};

/** The URL's query parameters of each filter of the Provisioning logs page. */
export const LOG_FILTER_PARAM: Record<keyof LogFilters, string> = {
  from: 'from',
  to: 'to',
  status: 'status',
  action: 'action',
  app: 'app',
  jobId: 'job',
  identity: 'q',
};

/** The filters of the page's URL (`app` is the route's service principal when opened from an application). */
export function filtersFromParams(params: URLSearchParams, servicePrincipalId?: string): LogFilters {
  const filters: LogFilters = {};
  for (const [key, name] of Object.entries(LOG_FILTER_PARAM) as [keyof LogFilters, string][]) {
    const value = params.get(name);
    if (value) filters[key] = value;
  }
  if (servicePrincipalId) filters.app = servicePrincipalId;
  return filters;
}

/** One page of the logs: what the page asks for, and what its route prefetches while the page's code loads. */
export function logsPageQuery(filters: LogFilters, skiptoken?: string) {
  return queryOptions({
    queryKey: logKeys.list(filters, skiptoken),
    queryFn: ({ signal }) => api<GraphPage<ProvisioningObjectSummary>>(logsListPath(filters, skiptoken), { signal }),
  });
}

export function useProvisioningLogs(filters: LogFilters, skiptoken?: string) {
  return useQuery({ ...logsPageQuery(filters, skiptoken), placeholderData: keepPreviousData });
}

export function useProvisioningLog(id: string | null) {
  return useQuery({
    queryKey: logKeys.entry(id ?? ''),
    queryFn: ({ signal }) => api<ProvisioningObjectSummary>(`/v1.0/auditLogs/provisioning/${encodeURIComponent(id!)}`, { signal }),
    enabled: Boolean(id),
    staleTime: Infinity, // entries are immutable
  });
}

export function useScimRequests(logId: string | null) {
  return useQuery({
    queryKey: logKeys.scimRequests(logId ?? ''),
    queryFn: ({ signal }) =>
      api<{ value: ScimRequest[] }>(`/sim/provisioningLogs/${encodeURIComponent(logId!)}/scimRequests`, { signal }).then((r) => r.value),
    enabled: Boolean(logId),
    staleTime: Infinity,
  });
}

/** The applications of the tenant, for the Application filter. */
export function useLogApplications() {
  return useQuery({
    queryKey: logKeys.apps,
    queryFn: ({ signal }) =>
      api<GraphPage<{ id: string; displayName: string }>>('/v1.0/servicePrincipals?$select=id,displayName&$top=999', { signal }).then(
        (page) => page.value,
      ),
    staleTime: 60_000,
  });
}

// ---- Provision on demand ----

export interface SynchronizationJob {
  id: string;
  templateId: string;
  schedule?: { state?: string };
  status?: { code?: string };
}

export interface SynchronizationRule {
  id: string;
  name?: string;
  objectMappings: { sourceObjectName: string; targetObjectName: string; enabled?: boolean }[];
}

export interface OnDemandSubject {
  objectId: string;
  objectTypeName: 'User' | 'Group';
  links?: { members: { objectId: string; objectTypeName: 'User' }[] };
}

/** The Graph body of provisionOnDemand. */
export interface OnDemandRequest {
  parameters: { ruleId: string; subjects: OnDemandSubject[] }[];
}

/** `key` of the answer, parsed. */
export interface OnDemandResult {
  result: 'Success' | 'Skipped' | 'Failure';
  details: { errorCode?: string; errorMessage?: string };
}

export interface OnDemandStep {
  name: string;
  type: string;
  status: string;
  description: string | null;
  timestamp?: string;
  details: Record<string, string>;
}

/** `value` of the answer, parsed: the object's provisioning record in the on-demand API's shape. */
export interface OnDemandRecord {
  action: string;
  changeId?: string;
  startTime?: string;
  endTime?: string;
  reportableIdentifier?: string;
  modifiedProperties: ModifiedProperty[];
  provisioningSteps: OnDemandStep[];
  statusInfo?: {
    status: string;
    errorCode: string | null;
    reason: string | null;
    additionalDetails?: string | null;
    errorCategory?: string | null;
    recommendedAction?: string | null;
  };
  sourceIdentity?: { id: string | null; type: string | null; displayName: string | null };
  targetIdentity?: { id: string | null; type: string | null; displayName: string | null };
  sourceSystem?: { id: string | null; name: string | null };
  targetSystem?: { id: string | null; name: string | null };
}

export interface OnDemandOutcome {
  result: OnDemandResult;
  record: OnDemandRecord;
  /** the provisioning-log entries the call wrote (header `x-provsim-provisioning-log-ids`), in processing order */
  logIds: string[];
}

/** The answer's `stringKeyStringValuePair` (key and value are JSON strings) and its log-ids header, read. */
export function parseOnDemandAnswer(body: { key: string; value: string }, logIdsHeader: string | null): OnDemandOutcome {
  return {
    result: JSON.parse(body.key) as OnDemandResult,
    record: JSON.parse(body.value) as OnDemandRecord,
    logIds: (logIdsHeader ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  };
}

/** The rule that provisions `objectType` (its object mapping's source), else the first rule. */
export function ruleFor(rules: SynchronizationRule[], objectType: 'User' | 'Group'): SynchronizationRule | undefined {
  return rules.find((rule) => rule.objectMappings.some((m) => m.sourceObjectName.toLowerCase() === objectType.toLowerCase())) ?? rules[0];
}

export function onDemandBody(ruleId: string, subject: OnDemandSubject): OnDemandRequest {
  return { parameters: [{ ruleId, subjects: [subject] }] };
}

const spPath = (spId: string) => `/v1.0/servicePrincipals/${encodeURIComponent(spId)}/synchronization/jobs`;

export function useSyncJobs(spId: string) {
  return useQuery({
    queryKey: ['logs', 'jobs', spId],
    queryFn: ({ signal }) => api<GraphPage<SynchronizationJob>>(spPath(spId), { signal }).then((page) => page.value),
  });
}

export function useJobRules(spId: string, jobId: string | undefined) {
  return useQuery({
    queryKey: ['logs', 'jobRules', spId, jobId ?? null],
    queryFn: ({ signal }) =>
      api<{ synchronizationRules: SynchronizationRule[] }>(`${spPath(spId)}/${encodeURIComponent(jobId!)}/schema`, { signal }).then(
        (schema) => schema.synchronizationRules,
      ),
    enabled: Boolean(jobId),
    staleTime: 60_000,
  });
}

export function useProvisionOnDemand(spId: string, jobId: string | undefined) {
  return useMutation({
    mutationFn: async (body: OnDemandRequest): Promise<OnDemandOutcome> => {
      const response = await apiResponse(`${spPath(spId)}/${encodeURIComponent(jobId!)}/provisionOnDemand`, { method: 'POST', body });
      return parseOnDemandAnswer(
        (await response.json()) as { key: string; value: string },
        response.headers.get('x-provsim-provisioning-log-ids'),
      );
    },
  });
}

/** A user or group of the directory by id, only when there is one (the on-demand picker's deep link). */
export function useDirectoryObject<T>(kind: 'users' | 'groups', id: string) {
  return useQuery({
    queryKey: ['directory', kind === 'users' ? 'user' : 'group', id],
    queryFn: ({ signal }) => api<T>(`/v1.0/${kind}/${encodeURIComponent(id)}`, { signal }),
    enabled: Boolean(id),
  });
}

/** A group's members, only once a group is chosen. */
export function useMembersOf(groupId: string) {
  return useQuery({
    queryKey: ['directory', 'group', groupId, 'members'],
    queryFn: ({ signal }) =>
      api<GraphPage<{ id: string; '@odata.type'?: string; displayName?: string; userPrincipalName?: string }>>(
        `/v1.0/groups/${encodeURIComponent(groupId)}/members?$top=999`,
        { signal },
      ).then((page) => page.value),
    enabled: Boolean(groupId),
  });
}
