import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type GraphPage } from './client';

/** Enterprise applications and their provisioning jobs, as Graph shapes them (docs/graph-api.md, docs/synchronization-api.md). */
export interface AppRole {
  id: string;
  displayName: string;
  description?: string | null;
  value?: string | null;
  isEnabled: boolean;
  allowedMemberTypes: string[];
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  appDisplayName?: string | null;
  displayName: string;
  accountEnabled?: boolean;
  applicationTemplateId?: string | null;
  appRoleAssignmentRequired?: boolean;
  appRoles: AppRole[];
  servicePrincipalType?: string;
  tags?: string[];
  createdDateTime?: string | null;
}

export interface ApplicationTemplate {
  id: string;
  displayName: string;
  publisher?: string | null;
  description?: string | null;
  homePageUrl?: string | null;
  categories?: string[];
  supportedProvisioningTypes?: string[];
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalDisplayName: string;
  principalType: 'User' | 'Group' | string;
  resourceId: string;
  resourceDisplayName?: string;
  createdDateTime?: string | null;
}

export interface SynchronizationError {
  code: string;
  message: string;
  tenantActionable: boolean;
}

export interface TaskExecution {
  activityIdentifier: string;
  countEntitled: number;
  countEntitledForProvisioning: number;
  countEscrowed: number;
  countEscrowedRaw: number;
  countExported: number;
  countExports: number;
  countImported: number;
  countImportedDeltas: number;
  countImportedReferenceDeltas: number;
  error: SynchronizationError | null;
  state: 'Succeeded' | 'Failed' | 'EntryLevelErrors' | string;
  timeBegan: string;
  timeEnded: string;
}

export interface SynchronizationQuarantine {
  currentBegan: string;
  nextAttempt: string;
  reason: string;
  seriesBegan: string;
  seriesCount: number;
  error: SynchronizationError | null;
}

export interface SynchronizationProgress {
  completedUnits: number;
  totalUnits: number;
  units: string;
  progressObservationDateTime: string;
}

export interface SynchronizationStatus {
  code: 'NotConfigured' | 'NotRun' | 'Active' | 'Paused' | 'Quarantine' | string;
  countSuccessiveCompleteFailures: number;
  escrowsPruned: boolean;
  lastExecution: TaskExecution | null;
  lastSuccessfulExecution: TaskExecution | null;
  lastSuccessfulExecutionWithExports: TaskExecution | null;
  progress: SynchronizationProgress[];
  quarantine: SynchronizationQuarantine | null;
  steadyStateFirstAchievedTime: string;
  steadyStateLastAchievedTime: string;
  synchronizedEntryCountByType: { key: string; value: number }[];
  troubleshootingUrl: string | null;
}

export interface SynchronizationJob {
  id: string;
  templateId: string;
  schedule: { expiration: string | null; interval: string; state: 'Active' | 'Disabled' | 'Paused' | string };
  status: SynchronizationStatus;
  synchronizationJobSettings?: { name: string; value: string }[];
}

/** The reset scopes `POST …/restart` accepts (apps/entra/src/sync/api/reset-scope.ts), as the admin center words them. */
export const RESTART_SCOPES = [
  { value: 'Full', label: 'Clear current state and restart synchronization (full)' },
  { value: 'Watermark', label: 'Re-read the whole directory (watermark)' },
  { value: 'Escrows', label: 'Clear escrowed (retrying) entries' },
  { value: 'QuarantineState', label: 'Clear the quarantine' },
  { value: 'ConnectorDataStore', label: 'Forget the links to target objects (connector data store)' },
  { value: 'ForceDeletes', label: 'Allow the deletes held back by the accidental-deletion threshold' },
] as const;

const spPath = (id: string) => `/v1.0/servicePrincipals/${encodeURIComponent(id)}`;

export function useServicePrincipals(search: string) {
  const filter = search ? `&$filter=${encodeURIComponent(`startswith(displayName,'${search.replace(/'/g, "''")}')`)}` : '';
  return useQuery({
    queryKey: ['servicePrincipals', search],
    queryFn: ({ signal }) => api<GraphPage<ServicePrincipal>>(`/v1.0/servicePrincipals?$top=100${filter}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useServicePrincipal(id: string) {
  return useQuery({ queryKey: ['servicePrincipal', id], queryFn: ({ signal }) => api<ServicePrincipal>(spPath(id), { signal }) });
}

export function useApplicationTemplates() {
  return useQuery({
    queryKey: ['applicationTemplates'],
    queryFn: ({ signal }) => api<GraphPage<ApplicationTemplate>>('/v1.0/applicationTemplates', { signal }),
    staleTime: Infinity,
  });
}

export function useInstantiate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ templateId, displayName }: { templateId: string; displayName: string }) =>
      api<{ servicePrincipal: ServicePrincipal }>(`/v1.0/applicationTemplates/${encodeURIComponent(templateId)}/instantiate`, {
        method: 'POST',
        body: { displayName },
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['servicePrincipals'] }),
  });
}

export function useAssignments(servicePrincipalId: string) {
  return useQuery({
    queryKey: ['assignments', servicePrincipalId],
    queryFn: ({ signal }) => api<GraphPage<AppRoleAssignment>>(`${spPath(servicePrincipalId)}/appRoleAssignedTo?$top=999`, { signal }),
  });
}

/** The body Graph takes to assign a user or group to an app with one of its roles. */
export function assignmentBody(servicePrincipalId: string, principalId: string, appRoleId: string) {
  return { principalId, resourceId: servicePrincipalId, appRoleId };
}

export function useAddAssignment(servicePrincipalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ principalId, appRoleId }: { principalId: string; appRoleId: string }) =>
      api<AppRoleAssignment>(`${spPath(servicePrincipalId)}/appRoleAssignedTo`, {
        method: 'POST',
        body: assignmentBody(servicePrincipalId, principalId, appRoleId),
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['assignments', servicePrincipalId] }),
  });
}

export function useRemoveAssignment(servicePrincipalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (assignmentId: string) =>
      api<null>(`${spPath(servicePrincipalId)}/appRoleAssignedTo/${encodeURIComponent(assignmentId)}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['assignments', servicePrincipalId] }),
  });
}

/** The app's provisioning jobs; polled (faster while a cycle runs) so the overview updates live. */
export function useJobs(servicePrincipalId: string, refetchInterval: number | false = 5_000) {
  return useQuery({
    queryKey: ['jobs', servicePrincipalId],
    queryFn: ({ signal }) => api<GraphPage<SynchronizationJob>>(`${spPath(servicePrincipalId)}/synchronization/jobs`, { signal }),
    refetchInterval,
  });
}

export type JobAction = { kind: 'start' } | { kind: 'pause' } | { kind: 'restart'; resetScope: string };

/** The request each job action sends (Graph's synchronization API). */
export function jobActionRequest(servicePrincipalId: string, jobId: string, action: JobAction): { path: string; body?: unknown } {
  const path = `${spPath(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}/${action.kind}`;
  return action.kind === 'restart' ? { path, body: { criteria: { resetScope: action.resetScope } } } : { path };
}

export function useJobAction(servicePrincipalId: string, jobId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: JobAction) => {
      const { path, body } = jobActionRequest(servicePrincipalId, jobId!, action);
      return api<null>(path, { method: 'POST', body });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['jobs', servicePrincipalId] }),
  });
}
