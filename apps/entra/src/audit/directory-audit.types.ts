/**
 * Graph's `microsoft.graph.directoryAudit` (GET /auditLogs/directoryAudits): the entry as stored in
 * entra.directory_audits and as Graph returns it, the events the services record, and who initiates them.
 */
import { DEFAULT_DOMAIN } from '../seed/tenant-plan';

export type AuditResult = 'success' | 'failure' | 'timeout';
export type AuditTargetType = 'User' | 'Group' | 'ServicePrincipal' | 'Other';

export interface AuditModifiedProperty {
  displayName: string;
  /** JSON text, as Graph returns it (`"[\"Sales\"]"`), or null. */
  oldValue: string | null;
  newValue: string | null;
}

export interface AuditTargetResource {
  id: string;
  displayName: string | null;
  type: AuditTargetType;
  userPrincipalName: string | null;
  groupType: string | null;
  modifiedProperties: AuditModifiedProperty[];
}

export interface AuditUserIdentity {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  ipAddress: string | null;
}

export interface AuditAppIdentity {
  appId: string | null;
  displayName: string | null;
  servicePrincipalId: string | null;
  servicePrincipalName: string | null;
}

export interface AuditInitiator {
  user: AuditUserIdentity | null;
  app: AuditAppIdentity | null;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface DirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  result: AuditResult;
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: AuditInitiator;
  targetResources: AuditTargetResource[];
  additionalDetails: KeyValue[];
}

/** Property order of a directoryAudit in Graph's answers. */
export const DIRECTORY_AUDIT_PROPERTIES = [
  'id',
  'category',
  'correlationId',
  'result',
  'resultReason',
  'activityDisplayName',
  'activityDateTime',
  'loggedByService',
  'operationType',
  'initiatedBy',
  'targetResources',
  'additionalDetails',
] as const;

export const CORE_DIRECTORY = 'Core Directory';
export const ACCOUNT_PROVISIONING = 'Account Provisioning';

/** A target as the services describe it; what they leave out is null / empty in the entry. */
export type AuditTargetInput = Pick<AuditTargetResource, 'id' | 'type'> & Partial<Omit<AuditTargetResource, 'id' | 'type'>>;

/** What a service records; the id, the time and (unless given) the correlation id are the audit service's. */
export interface DirectoryAuditEvent {
  activityDisplayName: string;
  category: 'UserManagement' | 'GroupManagement' | 'ApplicationManagement' | 'ProvisioningManagement';
  loggedByService: string;
  operationType: string;
  targetResources: readonly AuditTargetInput[];
  /** The tenant's administrator (ADMIN_INITIATOR) unless given. */
  initiatedBy?: AuditInitiator;
  result?: AuditResult;
  resultReason?: string;
  additionalDetails?: readonly KeyValue[];
  correlationId?: string;
}

/**
 * Who every admin action is attributed to. The services run without the request's principal (the static admin
 * token and client-credentials apps both reach them), so provsim attributes them all to one administrator of the
 * tenant's initial domain; the id is fixed so `initiatedBy/user/id` filters stay valid across restarts.
 */
export const ADMIN_INITIATOR: AuditInitiator = Object.freeze({
  user: Object.freeze({
    id: '00000000-0000-0000-0000-0000000ad3e1',
    displayName: 'provsim administrator',
    userPrincipalName: `admin@${DEFAULT_DOMAIN}`,
    ipAddress: '127.0.0.1',
  }),
  app: null,
});

/**
 * The provisioning service itself, for what the engine does on its own (quarantine). Entra shows its first-party
 * "Azure AD Provisioning" app there; the appId is provsim's own constant.
 */
export const PROVISIONING_SERVICE_INITIATOR: AuditInitiator = Object.freeze({
  user: null,
  app: Object.freeze({
    appId: '00000000-0000-0000-0000-00000000b0a1',
    displayName: 'Azure AD Provisioning',
    servicePrincipalId: null,
    servicePrincipalName: null,
  }),
});

/** A Graph modifiedProperty value: the value as JSON text (arrays stay arrays, as Graph prints `["Sales"]`). */
export function auditValue(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value);
}

/** The properties that changed between two snapshots, named as Graph names them, in `names` order. */
export function modifiedProperties(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  names: readonly string[],
): AuditModifiedProperty[] {
  const out: AuditModifiedProperty[] = [];
  for (const name of names) {
    const oldValue = auditValue(before[name]);
    const newValue = auditValue(after[name]);
    if (oldValue !== newValue) out.push({ displayName: name, oldValue, newValue });
  }
  return out;
}

export function targetResource(input: AuditTargetInput): AuditTargetResource {
  return {
    id: input.id,
    displayName: input.displayName ?? null,
    type: input.type,
    userPrincipalName: input.userPrincipalName ?? null,
    groupType: input.groupType ?? null,
    modifiedProperties: (input.modifiedProperties ?? []).map((p) => ({
      displayName: p.displayName,
      oldValue: p.oldValue,
      newValue: p.newValue,
    })),
  };
}

/** A stored row of entra.directory_audits (jsonb columns parsed or not, depending on the driver). */
export interface DirectoryAuditRow {
  id: string;
  activity_date_time: Date | string;
  activity_display_name: string;
  category: string;
  correlation_id: string;
  logged_by_service: string;
  operation_type: string;
  result: string;
  result_reason: string | null;
  initiated_by: AuditInitiator | string;
  target_resources: AuditTargetResource[] | string;
  additional_details: KeyValue[] | string;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** A row as Graph's directoryAudit, properties in Graph's order. */
export function toDirectoryAudit(row: DirectoryAuditRow): DirectoryAudit {
  const initiatedBy = json<AuditInitiator>(row.initiated_by);
  return {
    id: row.id,
    category: row.category,
    correlationId: row.correlation_id,
    result: row.result as AuditResult,
    resultReason: row.result_reason ?? '',
    activityDisplayName: row.activity_display_name,
    activityDateTime: new Date(row.activity_date_time).toISOString(),
    loggedByService: row.logged_by_service,
    operationType: row.operation_type,
    initiatedBy: { user: initiatedBy.user ?? null, app: initiatedBy.app ?? null },
    targetResources: json<AuditTargetResource[]>(row.target_resources).map(targetResource),
    additionalDetails: json<KeyValue[]>(row.additional_details).map((d) => ({ key: d.key, value: d.value })),
  };
}
