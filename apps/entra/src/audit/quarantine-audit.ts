/**
 * The "Quarantine" activity of the directory audit log (application-provisioning-quarantine-status.md): a job
 * entering quarantine, its reason changing, and the quarantine being lifted (by a cycle that succeeded, or by an
 * admin's start or restart).
 */
import {
  ACCOUNT_PROVISIONING,
  ADMIN_INITIATOR,
  auditValue,
  PROVISIONING_SERVICE_INITIATOR,
  type DirectoryAuditEvent,
  type KeyValue,
} from './directory-audit.types';

export const QUARANTINE_ACTIVITY = 'Quarantine';
/** additionalDetails' Reason when a quarantine is lifted. */
export const QUARANTINE_RELEASED = 'QuarantineReleased';

interface QuarantineLike {
  reason?: unknown;
}

export interface QuarantineChange {
  jobId: string;
  servicePrincipalId: string;
  servicePrincipalName: string;
  /** status.quarantine before and after (null or undefined: not quarantined). */
  previous: QuarantineLike | null | undefined;
  next: QuarantineLike | null | undefined;
}

function event(
  sp: { id: string; displayName: string },
  jobId: string,
  details: KeyValue[],
  reasons: [unknown, unknown],
): DirectoryAuditEvent {
  return {
    activityDisplayName: QUARANTINE_ACTIVITY,
    category: 'ProvisioningManagement',
    loggedByService: ACCOUNT_PROVISIONING,
    operationType: 'Update',
    initiatedBy: PROVISIONING_SERVICE_INITIATOR,
    targetResources: [
      {
        id: sp.id,
        displayName: sp.displayName,
        type: 'ServicePrincipal',
        modifiedProperties: [{ displayName: 'QuarantineReason', oldValue: auditValue(reasons[0]), newValue: auditValue(reasons[1]) }],
      },
    ],
    additionalDetails: [{ key: 'JobId', value: jobId }, ...details],
  };
}

/** The audit entry for a quarantine an admin's start or restart lifted. */
export function quarantineReleased(sp: { id: string; displayName: string }, jobId: string, previousReason: unknown): DirectoryAuditEvent {
  return {
    ...event(sp, jobId, [{ key: 'Reason', value: QUARANTINE_RELEASED }], [previousReason ?? null, null]),
    initiatedBy: ADMIN_INITIATOR,
  };
}

/** What a cycle did to the quarantine, as an audit entry; null when it neither entered, left nor changed reason. */
export function quarantineChangeEvent(change: QuarantineChange): DirectoryAuditEvent | null {
  const before = change.previous?.reason ?? null;
  const after = change.next?.reason ?? null;
  const was = change.previous != null;
  const is = change.next != null;
  if (was === is && before === after) return null;
  const sp = { id: change.servicePrincipalId, displayName: change.servicePrincipalName };
  const reason = is ? String(after) : QUARANTINE_RELEASED;
  return event(sp, change.jobId, [{ key: 'Reason', value: reason }], [before, after]);
}
