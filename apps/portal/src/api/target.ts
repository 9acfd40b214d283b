import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { getTargetConnection, onSessionChange, targetConnectionSnapshot, type TargetConnection } from '../auth/session';
import { api, type ApiRequest } from './client';

/**
 * The SCIM target's admin API (provsim, not part of Entra; docs/scim-target.md), called cross-origin with the
 * target's admin token (auth/session.ts keeps it for this tab). Every call throws when the target is not connected.
 */

export interface TargetTenant {
  name: string;
  profile: string;
  baseUrl: string;
  /** Masked, except in the answer to create and rotate. */
  token: string;
  createdAt: string;
  tokenRotatedAt: string;
  allowDuplicateGroupNames: boolean;
  tokenEndpoint: boolean;
}

export interface TargetRequest {
  at: string;
  method: string;
  url: string;
  /** 0 when a fault dropped the connection. */
  status: number;
  durationMs: number;
  body?: unknown;
  response?: unknown;
  fault?: string;
}

export const FAULT_METHODS = ['*', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type FaultMethod = (typeof FAULT_METHODS)[number];

export interface FaultRule {
  id: string;
  method: string;
  path: string;
  status?: number;
  retryAfter?: number;
  latencyMs?: number;
  drop?: boolean;
  probability?: number;
  everyNth?: number;
  activeFrom?: string;
  activeUntil?: string;
  maxHits?: number;
  createdAt: string;
  matched: number;
  hits: number;
}

/** POST …/faults: the rule as the admin API takes it. */
export type NewFaultRule = Partial<Omit<FaultRule, 'id' | 'createdAt' | 'matched' | 'hits'>>;

export interface StoredPage {
  totalResults: number;
  startIndex: number;
  Resources: Array<Record<string, unknown> & { id: string; meta: { created: string; lastModified: string; version: number } }>;
}

export const STORED_PAGE_SIZE = 50;

/** The target connection of this tab, following connect, disconnect and sign-out. */
export function useTargetConnection(): TargetConnection | null {
  const raw = useSyncExternalStore(onSessionChange, targetConnectionSnapshot);
  return raw === null ? null : getTargetConnection();
}

/** A call to the target's admin API, at `path` below its root. */
export function targetApi<T>(
  path: string,
  request: Omit<ApiRequest, 'baseUrl' | 'token'> = {},
  connection = getTargetConnection(),
): Promise<T> {
  if (!connection) return Promise.reject(new Error('The SCIM target is not connected: connect it on the Simulator page.'));
  return api<T>(path, { ...request, baseUrl: connection.url, token: connection.token });
}

const tenantPath = (name: string) => `/admin/tenants/${encodeURIComponent(name)}`;

/** Checks a connection before it is kept: the admin API must answer with this token. */
export function checkTargetConnection(connection: TargetConnection): Promise<unknown> {
  return targetApi('/admin/tenants', {}, connection);
}

export function useTargetTenants() {
  const connection = useTargetConnection();
  return useQuery({
    queryKey: ['target', connection?.url, 'tenants'],
    queryFn: ({ signal }) => targetApi<{ tenants: TargetTenant[] }>('/admin/tenants', { signal }).then((r) => r.tenants),
    enabled: connection !== null,
  });
}

export function useTargetTenant(name: string) {
  const connection = useTargetConnection();
  return useQuery({
    queryKey: ['target', connection?.url, 'tenants', name],
    queryFn: ({ signal }) => targetApi<TargetTenant>(tenantPath(name), { signal }),
    enabled: connection !== null,
  });
}

export function useTargetProfiles() {
  const connection = useTargetConnection();
  return useQuery({
    queryKey: ['target', connection?.url, 'profiles'],
    queryFn: ({ signal }) => targetApi<{ profiles: string[]; default: string }>('/admin/profiles', { signal }),
    enabled: connection !== null,
    staleTime: Infinity,
  });
}

export function useStoredResources(name: string, type: 'Users' | 'Groups', startIndex: number) {
  const connection = useTargetConnection();
  return useQuery({
    queryKey: ['target', connection?.url, 'tenants', name, 'stored', type, startIndex],
    queryFn: ({ signal }) =>
      targetApi<StoredPage>(`${tenantPath(name)}/stored/${type}?startIndex=${startIndex}&count=${STORED_PAGE_SIZE}`, { signal }),
    enabled: connection !== null,
    placeholderData: keepPreviousData,
  });
}

export function useTargetRequests(name: string) {
  const connection = useTargetConnection();
  return useQuery({
    queryKey: ['target', connection?.url, 'tenants', name, 'requests'],
    queryFn: ({ signal }) =>
      targetApi<{ requests: TargetRequest[] }>(`${tenantPath(name)}/requests?limit=1000`, { signal }).then((r) => r.requests),
    enabled: connection !== null,
  });
}

export function useFaultRules(name: string) {
  const connection = useTargetConnection();
  return useQuery({
    queryKey: ['target', connection?.url, 'tenants', name, 'faults'],
    queryFn: ({ signal }) => targetApi<{ faults: FaultRule[] }>(`${tenantPath(name)}/faults`, { signal }).then((r) => r.faults),
    enabled: connection !== null,
  });
}

/** A change to the target that refreshes everything the portal read from it. */
function useTargetMutation<A, R>(call: (arg: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => client.invalidateQueries({ queryKey: ['target'] }) });
}

export const useCreateTenant = () =>
  useTargetMutation((body: { name: string; profile: string }) => targetApi<TargetTenant>('/admin/tenants', { method: 'POST', body }));
export const useRotateToken = () =>
  useTargetMutation((name: string) => targetApi<TargetTenant>(`${tenantPath(name)}/token`, { method: 'POST', body: {} }));
export const useResetTenant = () => useTargetMutation((name: string) => targetApi<null>(`${tenantPath(name)}/reset`, { method: 'POST' }));
export const useAddFault = (name: string) =>
  useTargetMutation((rule: NewFaultRule) => targetApi<FaultRule>(`${tenantPath(name)}/faults`, { method: 'POST', body: rule }));
export const useRemoveFault = (name: string) =>
  useTargetMutation((id: string) => targetApi<null>(`${tenantPath(name)}/faults/${encodeURIComponent(id)}`, { method: 'DELETE' }));

/** Request log filters, as the URL keeps them. */
export interface RequestFilters {
  method: string;
  /** An exact code (`503`), a class (`5xx`), or `dropped` (0). */
  status: string;
  /** Part of the path (any case). */
  path: string;
}

export const STATUS_FILTERS = ['2xx', '4xx', '5xx', 'dropped'] as const;

function statusMatches(status: number, filter: string): boolean {
  if (!filter) return true;
  if (filter === 'dropped') return status === 0;
  const klass = /^([1-5])xx$/i.exec(filter);
  if (klass) return Math.floor(status / 100) === Number(klass[1]);
  return String(status) === filter.trim();
}

export function filterRequests(entries: readonly TargetRequest[], filters: RequestFilters): TargetRequest[] {
  const path = filters.path.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (!filters.method || e.method === filters.method) &&
      statusMatches(e.status, filters.status) &&
      (!path || e.url.toLowerCase().includes(path)),
  );
}

/** The Faults tab's form, as typed. */
export interface FaultForm {
  method: FaultMethod;
  path: string;
  /** Empty: latency only (or a dropped connection). */
  status: string;
  probabilityPercent: string;
  latencyMs: string;
  retryAfter: string;
  drop: boolean;
  /** datetime-local values (the browser's time zone); empty: open-ended. */
  activeFrom: string;
  activeUntil: string;
}

export const EMPTY_FAULT_FORM: FaultForm = {
  method: '*',
  path: '/Users*',
  status: '503',
  probabilityPercent: '100',
  latencyMs: '',
  retryAfter: '',
  drop: false,
  activeFrom: '',
  activeUntil: '',
};

const whole = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/** The rule to post from the form, or the first thing wrong with it (the API checks the rest). */
export function faultRuleFromForm(form: FaultForm): { rule: NewFaultRule } | { problem: string } {
  const status = whole(form.status);
  const percent = whole(form.probabilityPercent);
  const latencyMs = whole(form.latencyMs);
  const retryAfter = whole(form.retryAfter);
  if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599)) return { problem: 'Status code: 200–599.' };
  if (percent !== undefined && (!Number.isFinite(percent) || percent < 0 || percent > 100)) return { problem: 'Probability: 0–100 %.' };
  if (latencyMs !== undefined && (!Number.isInteger(latencyMs) || latencyMs < 0))
    return { problem: 'Latency: whole milliseconds, 0 or more.' };
  if (retryAfter !== undefined && (!Number.isInteger(retryAfter) || retryAfter < 0))
    return { problem: 'Retry-After: whole seconds, 0 or more.' };
  if (status === undefined && !form.drop && !latencyMs) return { problem: 'Give a status code, a latency or drop the connection.' };
  const from = form.activeFrom ? new Date(form.activeFrom) : undefined;
  const until = form.activeUntil ? new Date(form.activeUntil) : undefined;
  if ((from && isNaN(from.getTime())) || (until && isNaN(until.getTime()))) return { problem: 'Time window: not a date and time.' };
  if (from && until && until <= from) return { problem: 'Time window: the end must come after the start.' };
  const rule: NewFaultRule = { method: form.method, path: form.path.trim() || '*' };
  if (form.drop) rule.drop = true;
  else if (status !== undefined) rule.status = status;
  if (percent !== undefined && percent < 100) rule.probability = percent / 100;
  if (latencyMs) rule.latencyMs = latencyMs;
  if (retryAfter !== undefined && !form.drop && status !== undefined) rule.retryAfter = retryAfter;
  if (from) rule.activeFrom = from.toISOString();
  if (until) rule.activeUntil = until.toISOString();
  return { rule };
}

/** One line for a rule: what it answers, how often, when. */
export function describeFault(rule: FaultRule): string {
  const effect = rule.drop
    ? 'drop the connection'
    : rule.status !== undefined
      ? `answer ${rule.status}${rule.retryAfter !== undefined ? ` (Retry-After ${rule.retryAfter} s)` : ''}`
      : 'answer normally';
  const delay = rule.latencyMs ? `after ${rule.latencyMs} ms, ` : '';
  const how = rule.everyNth
    ? `1 request in ${rule.everyNth}`
    : rule.probability !== undefined
      ? `${Math.round(rule.probability * 1000) / 10} % of requests`
      : 'every request';
  return `${delay}${effect} — ${how}`;
}
