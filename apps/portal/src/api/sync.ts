import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AttributeMappingSource, SynchronizationSchema } from '../../../../libs/provisioning-core/src/schema/model';
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
    // Resolves once the job is read again, so a form that follows sees its new state.
    onSuccess: () => client.invalidateQueries({ queryKey: ['jobs', servicePrincipalId] }),
  });
}

// ---- Provisioning configuration: schema, secrets, credentials (docs/synchronization-api.md) ----

export type {
  AttributeDefinition,
  AttributeMapping,
  AttributeMappingSource,
  FilterClause,
  FilterGroup,
  ObjectDefinition,
  ObjectMapping,
  SynchronizationRule as SchemaRule,
  SynchronizationSchema,
} from '../../../../libs/provisioning-core/src/schema/model';

/** Graph's `synchronizationSecretKeyStringValuePair`. */
export interface SecretPair {
  key: string;
  value: string;
}

/** Graph's `filterOperatorSchema`. */
export interface FilterOperatorSchema {
  name: string;
  arity: 'Binary' | 'Unary';
  multivaluedComparisonType: string;
  supportedAttributeTypes: string[];
}

/** Graph's `attributeMappingFunctionSchema`. */
export interface FunctionSchema {
  name: string;
  parameters: { name: string; type: string; required: boolean; allowMultipleOccurrences: boolean }[];
}

/** Graph's `parseExpressionResponse`. */
export interface ParseExpressionResponse {
  error: { code: string; message: string } | null;
  evaluationSucceeded: boolean;
  evaluationResult: string[] | null;
  parsedExpression: AttributeMappingSource | null;
  parsingSucceeded: boolean;
}

/** Invalidates the queries and resolves once they are read again (a mutation's caller then sees the new state). */
const refetch = (client: QueryClient, ...keys: string[][]) => Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));

const jobPath = (servicePrincipalId: string, jobId: string) =>
  `${spPath(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}`;
const secretsPath = (servicePrincipalId: string) => `${spPath(servicePrincipalId)}/synchronization/secrets`;

export function useJobSchema(servicePrincipalId: string, jobId: string | undefined) {
  return useQuery({
    queryKey: ['schema', servicePrincipalId, jobId ?? null],
    queryFn: ({ signal }) => api<SynchronizationSchema>(`${jobPath(servicePrincipalId, jobId!)}/schema`, { signal }),
    enabled: Boolean(jobId),
  });
}

/** PUT schema (replaces it; a full re-sync follows) or DELETE schema (back to the template's, "Restore default mappings"). */
export function useSaveSchema(servicePrincipalId: string, jobId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (schema: SynchronizationSchema | 'restore') =>
      api<null>(
        `${jobPath(servicePrincipalId, jobId!)}/schema`,
        schema === 'restore' ? { method: 'DELETE' } : { method: 'PUT', body: schema },
      ),
    onSuccess: () => refetch(client, ['schema', servicePrincipalId], ['jobs', servicePrincipalId]),
  });
}

export function useFilterOperators(servicePrincipalId: string, jobId: string | undefined) {
  return useQuery({
    queryKey: ['filterOperators', servicePrincipalId, jobId ?? null],
    queryFn: ({ signal }) =>
      api<GraphPage<FilterOperatorSchema>>(`${jobPath(servicePrincipalId, jobId!)}/schema/filterOperators`, { signal }),
    enabled: Boolean(jobId),
    staleTime: Infinity,
  });
}

export function useMappingFunctions(servicePrincipalId: string, jobId: string | undefined) {
  return useQuery({
    queryKey: ['functions', servicePrincipalId, jobId ?? null],
    queryFn: ({ signal }) => api<GraphPage<FunctionSchema>>(`${jobPath(servicePrincipalId, jobId!)}/schema/functions`, { signal }),
    enabled: Boolean(jobId),
    staleTime: Infinity,
  });
}

/** Graph's `expressionInputObject` from a directory object's scalar and list properties. */
export function testInputObject(object: Record<string, unknown>): { properties: { key: string; value: unknown }[] } {
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  return {
    properties: Object.entries(object)
      .filter(([key, value]) => !key.startsWith('@') && (scalar(value) || (Array.isArray(value) && value.every(scalar))))
      .map(([key, value]) => ({ key, value })),
  };
}

/** parseExpression for `expression`, evaluated on `input` when given (the expression builder's live result). */
export function useParseExpression(
  servicePrincipalId: string,
  jobId: string | undefined,
  expression: string,
  input?: Record<string, unknown>,
) {
  return useQuery({
    queryKey: ['parseExpression', servicePrincipalId, jobId ?? null, expression, input ?? null],
    queryFn: ({ signal }) =>
      api<ParseExpressionResponse>(`${jobPath(servicePrincipalId, jobId!)}/schema/parseExpression`, {
        method: 'POST',
        body: { expression, ...(input ? { testInputObject: testInputObject(input) } : {}) },
        signal,
      }),
    enabled: Boolean(jobId) && expression.trim() !== '',
    placeholderData: keepPreviousData,
  });
}

/** The app's secrets, credentials masked by the API (`*`). */
export function useSecrets(servicePrincipalId: string) {
  return useQuery({
    queryKey: ['secrets', servicePrincipalId],
    queryFn: ({ signal }) => api<GraphPage<SecretPair>>(secretsPath(servicePrincipalId), { signal }).then((page) => page.value),
  });
}

/** PUT secrets: the whole set (a masked `*` credential keeps its saved value). */
export function useSaveSecrets(servicePrincipalId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (value: SecretPair[]) => api<null>(secretsPath(servicePrincipalId), { method: 'PUT', body: { value } }),
    onSuccess: () => refetch(client, ['secrets', servicePrincipalId], ['jobs', servicePrincipalId]),
  });
}

/** Test Connection: the saved credentials overridden by the ones typed (`*` = the saved token). */
export function useValidateCredentials(servicePrincipalId: string, jobId: string | undefined) {
  return useMutation({
    mutationFn: (credentials: SecretPair[]) =>
      api<null>(`${jobPath(servicePrincipalId, jobId!)}/validateCredentials`, {
        method: 'POST',
        body: { useSavedCredentials: true, credentials },
      }),
  });
}
