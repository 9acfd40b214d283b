/**
 * provsim's own views, not part of Entra: "Preview next cycle" and "Drift" (docs/preview-and-drift.md), served under
 * /sim on the tenant.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export const PREVIEW_ACTIONS = ['Create', 'Update', 'Disable', 'Delete', 'StagedDelete', 'Skip', 'None'] as const;
export type PreviewAction = (typeof PREVIEW_ACTIONS)[number];
export const PREVIEW_OBJECT_TYPES = ['User', 'Group'] as const;
export type PreviewObjectType = (typeof PREVIEW_OBJECT_TYPES)[number];

export interface PreviewEntry {
  sourceId: string;
  objectType: PreviewObjectType;
  displayName: string;
  action: PreviewAction;
  reason: string | null;
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  targetId: string | null;
}

export interface PreviewSummary {
  cycle: 'initial' | 'incremental';
  counts: Record<PreviewAction, number>;
  deletionThreshold: { enabled: boolean; threshold: number; wouldDelete: number; wouldTrip: boolean };
}

export interface PreviewPage {
  summary?: PreviewSummary;
  value: PreviewEntry[];
  '@odata.nextLink'?: string;
}

export interface PreviewFilters {
  action?: PreviewAction;
  objectType?: PreviewObjectType;
}

export type DriftKind = 'missing' | 'extra' | 'differs';

export interface DriftEntry {
  kind: DriftKind;
  objectType: 'User' | 'Group';
  sourceId: string | null;
  targetId: string | null;
  displayName: string;
  attributes: { name: string; expected: string | null; actual: string | null }[];
}

export interface DriftPage {
  summary?: { inScope: number; inTarget: number; missing: number; extra: number; differs: number };
  value: DriftEntry[];
  '@odata.nextLink'?: string;
}

const jobPath = (servicePrincipalId: string, jobId: string) =>
  `/sim/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}`;

/** The request path of a preview page: filters as query options, the page's cursor as $skiptoken. */
export function previewPath(servicePrincipalId: string, jobId: string, filters: PreviewFilters, skiptoken?: string): string {
  const query = new URLSearchParams();
  if (filters.action) query.set('action', filters.action);
  if (filters.objectType) query.set('objectType', filters.objectType);
  if (skiptoken) query.set('$skiptoken', skiptoken);
  const text = query.toString();
  return `${jobPath(servicePrincipalId, jobId)}/preview${text ? `?${text}` : ''}`;
}

export function driftPath(servicePrincipalId: string, jobId: string, skiptoken?: string): string {
  return `${jobPath(servicePrincipalId, jobId)}/drift${skiptoken ? `?$skiptoken=${encodeURIComponent(skiptoken)}` : ''}`;
}

/** The filters of the preview in the page's URL (`action`, `objectType`); unknown values are ignored. */
export function previewFiltersFromParams(params: URLSearchParams): PreviewFilters {
  const action = PREVIEW_ACTIONS.find((a) => a === params.get('action'));
  const objectType = PREVIEW_OBJECT_TYPES.find((t) => t === params.get('objectType'));
  return { ...(action ? { action } : {}), ...(objectType ? { objectType } : {}) };
}

/** A page of the preview; the first page (no skiptoken) also carries the summary, counted over the whole cycle. */
export function usePreview(servicePrincipalId: string, jobId: string | undefined, filters: PreviewFilters, skiptoken?: string) {
  return useQuery({
    queryKey: ['preview', servicePrincipalId, jobId, filters, skiptoken ?? null],
    queryFn: ({ signal }) => api<PreviewPage>(previewPath(servicePrincipalId, jobId!, filters, skiptoken), { signal }),
    enabled: Boolean(jobId),
    placeholderData: keepPreviousData,
  });
}

export function useDrift(servicePrincipalId: string, jobId: string | undefined, skiptoken?: string) {
  return useQuery({
    queryKey: ['drift', servicePrincipalId, jobId, skiptoken ?? null],
    queryFn: ({ signal }) => api<DriftPage>(driftPath(servicePrincipalId, jobId!, skiptoken), { signal }),
    enabled: Boolean(jobId),
    placeholderData: keepPreviousData,
  });
}
