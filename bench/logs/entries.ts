/** Provisioning-log entries as the engine writes them, for benches that need a filled log store (bench/logs, bench/portal). */
import { randomUUID } from 'node:crypto';
import { buildProvisioningObjectSummary, LoggedAction, ProvisioningObjectSummary, SYSTEM_INITIATOR } from '../../apps/entra/src/sync/logs';

/** A typical update: import, scoping, matching, processing, export steps and three modified properties. */
export function sampleLogEntries(count: number, at: number): ProvisioningObjectSummary[] {
  const step = (
    name: string,
    provisioningStepType: LoggedAction['steps'][number]['provisioningStepType'],
    description: string,
    details: Record<string, string> = {},
  ) => ({ name, provisioningStepType, status: 'success', description, details }) as const;
  const steps = [
    step('EntryImport', 'import', 'Retrieved the User from Azure Active Directory'),
    step('EntrySynchronizationScoping', 'scoping', 'Determined whether the User is in scope', {
      IsActive: 'True',
      Assigned: 'True',
      IsEffectivelyEntitledForProvisioning: 'True',
      IsInProvisioningScopeDisplayName: 'True',
      ScopeEvaluationResult: 'Passed',
    }),
    step('EntryMatching', 'matching', 'The User is linked to a target User (cached anchor)'),
    step('EntrySynchronizationUpdate', 'processing', 'Source values differ from the target; the differences are exported.'),
    step('EntryExportUpdate', 'export', 'Export to the target: PATCH'),
  ];
  const cycleId = randomUUID();
  return Array.from({ length: count }, (_, i) =>
    buildProvisioningObjectSummary({
      id: randomUUID(),
      changeId: randomUUID(),
      cycleId,
      jobId: 'scim.0b3f0c3a5c9b4c6f8d2e1a7b9c0d1e2f',
      tenantId: '0b3f0c3a-5c9b-4c6f-8d2e-1a7b9c0d1e2f',
      action: {
        objectType: 'User',
        reportableIdentifier: `user${i}@contoso.com`,
        provisioningAction: 'update',
        status: 'success',
        errorCode: null,
        reason: 'Source values differ from the target; the differences are exported.',
        steps,
        modifiedProperties: [
          { displayName: 'displayName', oldValue: `User ${i}`, newValue: `User ${i} (changed)` },
          { displayName: 'title', oldValue: null, newValue: 'Engineer' },
          { displayName: 'department', oldValue: 'Sales', newValue: 'Marketing' },
        ],
      },
      servicePrincipal: {
        id: '6a7b9c0d-1e2f-4c6f-8d2e-0b3f0c3a5c9b',
        displayName: 'Kintone',
        appId: '1e2f0b3f-0c3a-5c9b-4c6f-8d2e1a7b9c0d',
      },
      source: { id: randomUUID(), displayName: `User ${i}` },
      target: { id: randomUUID(), displayName: `user${i}@contoso.com` },
      targetSystem: { id: '9c0d1e2f-0b3f-0c3a-5c9b-4c6f8d2e1a7b', displayName: 'Kintone' },
      initiatedBy: SYSTEM_INITIATOR,
      activityDateTime: new Date(at + i),
      durationInMilliseconds: 20 + (i % 200),
    }),
  );
}
