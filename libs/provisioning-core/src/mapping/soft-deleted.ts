/** The computed source attribute IsSoftDeleted (reference §2.5). */

export interface SoftDeleteInputs {
  /** Assigned to the app (or "Sync all"). */
  assigned: boolean;
  /** Passes the object mapping's scoping filter (true when there is none). */
  inScopeByFilters: boolean;
  /** In the Entra recycle bin. */
  softDeleted: boolean;
  /** Entra `accountEnabled`; groups have none (undefined = enabled). */
  accountEnabled: boolean | undefined | null;
}

/** True in exactly four cases: unassigned, fails the scoping filter, soft-deleted, accountEnabled=false. */
export function computeIsSoftDeleted(inputs: SoftDeleteInputs): boolean {
  return !inputs.assigned || !inputs.inScopeByFilters || inputs.softDeleted || inputs.accountEnabled === false;
}
