import { auditId } from './directory-audit.service';
import {
  ADMIN_INITIATOR,
  auditValue,
  DIRECTORY_AUDIT_PROPERTIES,
  modifiedProperties,
  PROVISIONING_SERVICE_INITIATOR,
  targetResource,
  toDirectoryAudit,
  type DirectoryAuditRow,
} from './directory-audit.types';
import { QUARANTINE_RELEASED, quarantineChangeEvent, quarantineReleased } from './quarantine-audit';

const ADELE = {
  id: 'u1',
  displayName: 'Adele',
  type: 'User' as const,
  userPrincipalName: 'adele@contoso.com',
  groupType: null,
  modifiedProperties: [{ displayName: 'department', oldValue: '"Sales"', newValue: '"Marketing"' }],
};

const row = (overrides: Partial<DirectoryAuditRow> = {}): DirectoryAuditRow => ({
  id: 'a1',
  activity_date_time: '2026-01-02 03:04:05.678+00',
  activity_display_name: 'Update user',
  category: 'UserManagement',
  correlation_id: 'c1',
  logged_by_service: 'Core Directory',
  operation_type: 'Update',
  result: 'success',
  result_reason: null,
  initiated_by: { user: ADMIN_INITIATOR.user, app: null },
  target_resources: [ADELE],
  additional_details: [],
  ...overrides,
});

describe('directoryAudit: Graph mapping', () => {
  it('maps a row to Graph property order, an ISO UTC time and an empty resultReason', () => {
    const audit = toDirectoryAudit(row());
    expect(Object.keys(audit)).toEqual([...DIRECTORY_AUDIT_PROPERTIES]);
    expect(audit.activityDateTime).toBe('2026-01-02T03:04:05.678Z');
    expect(audit.resultReason).toBe('');
    expect(audit.initiatedBy).toEqual({ user: ADMIN_INITIATOR.user, app: null });
    expect(audit.targetResources).toEqual([ADELE]);
    expect(Object.keys(audit.targetResources[0])).toEqual([
      'id',
      'displayName',
      'type',
      'userPrincipalName',
      'groupType',
      'modifiedProperties',
    ]);
  });

  it('reads jsonb columns a driver returned as text', () => {
    const parsed = toDirectoryAudit(row());
    const fromText = toDirectoryAudit(
      row({
        initiated_by: JSON.stringify(row().initiated_by),
        target_resources: JSON.stringify(row().target_resources),
        additional_details: '[{"key":"JobId","value":"j"}]',
        activity_date_time: new Date('2026-01-02T03:04:05.678Z'),
      }),
    );
    expect(fromText).toEqual({ ...parsed, additionalDetails: [{ key: 'JobId', value: 'j' }] });
  });

  it('fills what a target leaves out with null and no modified properties', () => {
    expect(targetResource({ id: 'sp', type: 'ServicePrincipal' })).toEqual({
      id: 'sp',
      displayName: null,
      type: 'ServicePrincipal',
      userPrincipalName: null,
      groupType: null,
      modifiedProperties: [],
    });
  });

  it('writes modified values as JSON text, as Graph does', () => {
    expect(auditValue(['Sales'])).toBe('["Sales"]');
    expect(auditValue('Sales')).toBe('"Sales"');
    expect(auditValue(true)).toBe('true');
    expect(auditValue(null)).toBeNull();
    expect(auditValue(undefined)).toBeNull();
  });

  it('lists only the properties that changed, in the order asked', () => {
    expect(
      modifiedProperties(
        { displayName: 'A', department: 'Sales', jobTitle: null, businessPhones: ['1'] },
        { displayName: 'A', department: 'Marketing', jobTitle: 'Boss', businessPhones: ['1'] },
        ['jobTitle', 'displayName', 'department', 'businessPhones'],
      ),
    ).toEqual([
      { displayName: 'jobTitle', oldValue: null, newValue: '"Boss"' },
      { displayName: 'department', oldValue: '"Sales"', newValue: '"Marketing"' },
    ]);
  });
});

describe('Quarantine audit entries', () => {
  const base = { jobId: 'scim.x', servicePrincipalId: 'sp', servicePrincipalName: 'Kintone' };

  it.each([
    ['no quarantine before or after', null, null, null],
    ['same reason again', { reason: 'EncounteredQuarantineException' }, { reason: 'EncounteredQuarantineException' }, null],
    ['entered', null, { reason: 'EncounteredQuarantineException' }, 'EncounteredQuarantineException'],
    ['reason changed', { reason: 'EncounteredQuarantineException' }, { reason: 'TooManyDeletes' }, 'TooManyDeletes'],
    ['left', { reason: 'TooManyDeletes' }, null, QUARANTINE_RELEASED],
  ])('%s', (_name, previous, next, reason) => {
    const event = quarantineChangeEvent({ ...base, previous, next });
    if (reason === null) return expect(event).toBeNull();
    expect(event).toMatchObject({
      activityDisplayName: 'Quarantine',
      category: 'ProvisioningManagement',
      loggedByService: 'Account Provisioning',
      initiatedBy: PROVISIONING_SERVICE_INITIATOR,
      targetResources: [{ id: 'sp', displayName: 'Kintone', type: 'ServicePrincipal' }],
      additionalDetails: [
        { key: 'JobId', value: 'scim.x' },
        { key: 'Reason', value: reason },
      ],
    });
  });

  it('attributes a quarantine lifted by start or restart to the admin', () => {
    const event = quarantineReleased({ id: 'sp', displayName: 'Kintone' }, 'scim.x', 'TooManyDeletes');
    expect(event.initiatedBy).toBe(ADMIN_INITIATOR);
    expect(event.targetResources[0].modifiedProperties).toEqual([
      { displayName: 'QuarantineReason', oldValue: '"TooManyDeletes"', newValue: null },
    ]);
  });
});

describe('audit ids', () => {
  it('are UUIDs version 7 that grow with each write, within one millisecond too', () => {
    // 5,000 ids in a loop: many share a millisecond.
    const ids = Array.from({ length: 5000 }, () => auditId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
