import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type GraphPage } from './client';
import { odataDateTime, odataString, type ModifiedProperty } from './logs';

/** Directory audit logs (Graph `directoryAudit`, GET /v1.0/auditLogs/directoryAudits; docs/graph-api.md). */

export interface AuditTargetResource {
  id: string;
  displayName: string | null;
  type: string;
  userPrincipalName: string | null;
  groupType: string | null;
  modifiedProperties: ModifiedProperty[];
}

export interface DirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  result: string;
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: {
    user: { id: string; displayName: string | null; userPrincipalName: string | null; ipAddress: string | null } | null;
    app: {
      appId: string | null;
      displayName: string | null;
      servicePrincipalId: string | null;
      servicePrincipalName: string | null;
    } | null;
  };
  targetResources: AuditTargetResource[];
  additionalDetails: { key: string; value: string }[];
}

/** The filters of the Audit logs blade (each one a query parameter of the page). */
export interface AuditFilters {
  /** `24h`, `7d` or `30d` (the default: everything the log keeps) */
  date?: string;
  service?: string;
  category?: string;
  /** the activity's name starts with this (case-sensitive, as Graph's startswith) */
  activity?: string;
  /** a target's id: an application's service principal when the list is opened from it */
  target?: string;
}

export const AUDIT_PAGE_SIZE = 50;
const HOUR = 60 * 60 * 1000;

export const DATE_RANGES: ReadonlyArray<readonly [string, string]> = [
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
];
const RANGE_MS: Record<string, number> = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR };
export const SERVICES = ['Core Directory', 'Account Provisioning'] as const;
export const CATEGORIES = ['UserManagement', 'GroupManagement', 'ProvisioningManagement'] as const;

/** The URL's query parameters of each filter of the Audit logs page. */
export const AUDIT_FILTER_PARAM: Record<keyof AuditFilters, string> = {
  date: 'date',
  service: 'service',
  category: 'category',
  activity: 'activity',
  target: 'target',
};

/**
 * The earliest activityDateTime of a date range, from the simulated clock's `now` (entries carry simulated time).
 * Rounded down to the hour, so the list is not asked again every time the clock ticks; undefined for 30 days (the
 * log keeps no more) or without a clock yet.
 */
export function rangeStart(range: string | undefined, now: string | undefined): string | undefined {
  const span = range ? RANGE_MS[range] : undefined;
  if (!span || !now) return undefined;
  const at = Date.parse(now);
  if (Number.isNaN(at)) return undefined;
  return odataDateTime(new Date(Math.floor(at / HOUR) * HOUR - span).toISOString());
}

/** The Graph `$filter` for the blade's filters (only what the API serves); undefined when no filter is set. */
export function buildAuditFilter(filters: AuditFilters, now?: string): string | undefined {
  const clauses: string[] = [];
  const from = rangeStart(filters.date, now);
  if (from) clauses.push(`activityDateTime ge ${from}`);
  if (filters.service) clauses.push(`loggedByService eq ${odataString(filters.service)}`);
  if (filters.category) clauses.push(`category eq ${odataString(filters.category)}`);
  const activity = filters.activity?.trim();
  if (activity) clauses.push(`startswith(activityDisplayName, ${odataString(activity)})`);
  if (filters.target) clauses.push(`targetResources/any(t: t/id eq ${odataString(filters.target)})`);
  return clauses.length > 0 ? clauses.join(' and ') : undefined;
}

/** A page of the list: newest first, `AUDIT_PAGE_SIZE` a page, `skiptoken` from the previous @odata.nextLink. */
export function auditListPath(filter: string | undefined, skiptoken?: string): string {
  const params = new URLSearchParams({ $top: String(AUDIT_PAGE_SIZE), $orderby: 'activityDateTime desc' });
  if (filter) params.set('$filter', filter);
  if (skiptoken) params.set('$skiptoken', skiptoken);
  return `/v1.0/auditLogs/directoryAudits?${params}`;
}

/** The filters of the page's URL (`target` is the route's service principal when opened from an application). */
export function auditFiltersFromParams(params: URLSearchParams, servicePrincipalId?: string): AuditFilters {
  const filters: AuditFilters = {};
  for (const [key, name] of Object.entries(AUDIT_FILTER_PARAM) as [keyof AuditFilters, string][]) {
    const value = params.get(name);
    if (value) filters[key] = value;
  }
  if (servicePrincipalId) filters.target = servicePrincipalId;
  return filters;
}

export const auditKeys = {
  list: (filter: string | undefined, skiptoken?: string) => ['audit', 'list', filter ?? '', skiptoken ?? null] as const,
  entry: (id: string) => ['audit', 'entry', id] as const,
};

export function auditPageQuery(filter: string | undefined, skiptoken?: string) {
  return queryOptions({
    queryKey: auditKeys.list(filter, skiptoken),
    queryFn: ({ signal }) => api<GraphPage<DirectoryAudit>>(auditListPath(filter, skiptoken), { signal }),
  });
}

/** `enabled` false holds the list back (a date range waits for the simulated clock). */
export function useDirectoryAudits(filter: string | undefined, skiptoken?: string, enabled = true) {
  return useQuery({ ...auditPageQuery(filter, skiptoken), placeholderData: keepPreviousData, enabled });
}

export function useDirectoryAudit(id: string | null) {
  return useQuery({
    queryKey: auditKeys.entry(id ?? ''),
    queryFn: ({ signal }) => api<DirectoryAudit>(`/v1.0/auditLogs/directoryAudits/${encodeURIComponent(id!)}`, { signal }),
    enabled: Boolean(id),
    staleTime: Infinity, // entries are immutable
  });
}

/** Who did it, as the list's "Initiated by (actor)" column says it. */
export function actorOf(entry: Pick<DirectoryAudit, 'initiatedBy'>): string {
  const { user, app } = entry.initiatedBy;
  if (user) return user.userPrincipalName || user.displayName || user.id;
  if (app) return app.displayName || app.appId || '';
  return '';
}

/** The targets, as the list's "Target(s)" column says them. */
export function targetsOf(entry: Pick<DirectoryAudit, 'targetResources'>): string {
  return entry.targetResources.map((t) => t.userPrincipalName || t.displayName || t.id).join(', ');
}
