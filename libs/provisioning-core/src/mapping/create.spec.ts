import { mapForCreate } from './create';
import { MandatoryFieldsMissing, MappingError } from './errors';
import { alice, ctx, kintoneUsers, scimGroups, scimUsers } from './test-support/fixtures';
import { attribute, call, constant, definition, direct, mapping } from '../templates';
import type { ObjectMapping } from '../schema/model';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function withMappings(base: ObjectMapping, attributeMappings: ObjectMapping['attributeMappings']): ObjectMapping {
  return { ...base, attributeMappings };
}

describe('mapForCreate', () => {
  it('Kintone user: core schema only, active a real boolean, emails work primary, nested name', () => {
    const { resource, pendingReferences, modifiedProperties } = mapForCreate(kintoneUsers.mapping, kintoneUsers.defs, alice(), ctx);
    expect(resource).toEqual({
      schemas: [CORE],
      userName: 'alice@contoso.com',
      active: true,
      displayName: 'Alice Jensen',
      emails: [{ type: 'work', primary: true, value: 'alice@contoso.com' }],
      name: { givenName: 'Alice', familyName: 'Jensen' },
      externalId: 'alice',
      meta: { resourceType: 'User' },
    });
    expect(pendingReferences).toEqual([]);
    expect(modifiedProperties).toContainEqual({ displayName: 'active', oldValue: null, newValue: 'True' });
  });

  it('generic SCIM user: enterprise extension, addresses/phones by type, Join, manager held back as a pending reference', () => {
    const source = alice({
      jobTitle: 'Engineer',
      employeeId: '701984',
      department: 'Sales',
      city: 'Oslo',
      postalCode: '0150',
      telephoneNumber: '+47 1',
      mobile: '+47 2',
      manager: 'src-bob',
    });
    const { resource, pendingReferences } = mapForCreate(scimUsers.mapping, scimUsers.defs, source, ctx);
    expect(resource).toEqual({
      schemas: [CORE, ENT],
      userName: 'alice@contoso.com',
      active: true,
      displayName: 'Alice Jensen',
      title: 'Engineer',
      emails: [{ type: 'work', primary: true, value: 'alice@contoso.com' }],
      name: { givenName: 'Alice', familyName: 'Jensen', formatted: 'Alice Jensen' },
      addresses: [{ type: 'work', locality: 'Oslo', postalCode: '0150' }],
      phoneNumbers: [
        { type: 'work', value: '+47 1' },
        { type: 'mobile', value: '+47 2' },
      ],
      externalId: 'alice',
      [ENT]: { employeeNumber: '701984', department: 'Sales' },
      meta: { resourceType: 'User' },
    });
    expect(pendingReferences).toEqual([{ targetAttributeName: `${ENT}:manager`, sourceIds: ['src-bob'] }]);
  });

  it('group: created without members, members pending', () => {
    const group = { objectId: 'g-1', displayName: 'Sales', members: ['u-1', 'u-2'] };
    const { resource, pendingReferences } = mapForCreate(scimGroups.mapping, scimGroups.defs, group, ctx);
    expect(resource).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      displayName: 'Sales',
      externalId: 'g-1',
      meta: { resourceType: 'Group' },
    });
    expect(pendingReferences).toEqual([{ targetAttributeName: 'members', sourceIds: ['u-1', 'u-2'] }]);
  });

  const defs = [
    definition('userName', { required: true }),
    definition('title'),
    definition('nickName'),
    definition('active', { type: 'Boolean' }),
  ];
  it.each<[string, ObjectMapping['attributeMappings'], Record<string, unknown>, Record<string, unknown>]>([
    ['nulls omitted', [direct('userName', 'userPrincipalName'), direct('title', 'jobTitle')], {}, { userName: 'alice@contoso.com' }],
    [
      'defaultValue when the source is null',
      [direct('userName', 'userPrincipalName'), direct('title', 'jobTitle', { defaultValue: 'Staff' })],
      {},
      { userName: 'alice@contoso.com', title: 'Staff' },
    ],
    [
      'defaultValue not used when a value exists',
      [direct('userName', 'userPrincipalName'), direct('title', 'jobTitle', { defaultValue: 'Staff' })],
      { jobTitle: 'CEO' },
      { userName: 'alice@contoso.com', title: 'CEO' },
    ],
    [
      'mapping type None + default',
      [direct('userName', 'userPrincipalName'), mapping('title', null, { defaultValue: 'Staff' })],
      {},
      { userName: 'alice@contoso.com', title: 'Staff' },
    ],
    [
      'ObjectAddOnly flows on create',
      [direct('userName', 'userPrincipalName'), direct('nickName', 'mailNickname', { flowType: 'ObjectAddOnly' })],
      {},
      { userName: 'alice@contoso.com', nickName: 'alice' },
    ],
    [
      'Constant',
      [direct('userName', 'userPrincipalName'), mapping('title', constant('Member'))],
      {},
      { userName: 'alice@contoso.com', title: 'Member' },
    ],
    [
      'IgnoreFlowIfNullOrEmpty drops the attribute (even with a default)',
      [
        direct('userName', 'userPrincipalName'),
        mapping('title', call('IgnoreFlowIfNullOrEmpty', 'IgnoreFlowIfNullOrEmpty([jobTitle])', [['expression', attribute('jobTitle')]]), {
          defaultValue: 'x',
        }),
      ],
      {},
      { userName: 'alice@contoso.com' },
    ],
    [
      'Boolean target from a "False" constant',
      [direct('userName', 'userPrincipalName'), mapping('active', constant('False'))],
      {},
      { userName: 'alice@contoso.com', active: false },
    ],
  ])('%s', (_label, attributeMappings, overrides, expected) => {
    const { resource } = mapForCreate(withMappings(kintoneUsers.mapping, attributeMappings), defs, alice(overrides), ctx);
    expect(resource).toEqual({ schemas: [CORE], ...expected, meta: { resourceType: 'User' } });
  });

  it('required target attribute without a value → MandatoryFieldsMissing', () => {
    const run = (): unknown => mapForCreate(kintoneUsers.mapping, kintoneUsers.defs, alice({ userPrincipalName: null }), ctx);
    expect(run).toThrow(MandatoryFieldsMissing);
    expect(run).toThrow(expect.objectContaining({ code: 'MandatoryFieldsMissing', missing: ['userName'] }));
  });

  it('multi-valued source into a single-valued target → SchemaPropertyCanOnlyAcceptValue', () => {
    const run = (): unknown => mapForCreate(kintoneUsers.mapping, kintoneUsers.defs, alice({ mail: ['a@x', 'b@x'] }), ctx);
    expect(run).toThrow(MappingError);
    expect(run).toThrow(expect.objectContaining({ code: 'SchemaPropertyCanOnlyAcceptValue' }));
  });

  it('Redact() masks the log value only', () => {
    const m = withMappings(kintoneUsers.mapping, [
      direct('userName', 'userPrincipalName'),
      mapping('title', call('Redact', 'Redact([jobTitle])', [['attributeOrValue', attribute('jobTitle')]])),
    ]);
    const { resource, modifiedProperties } = mapForCreate(m, defs, alice({ jobTitle: 'Secret' }), ctx);
    expect(resource.title).toBe('Secret');
    expect(modifiedProperties).toContainEqual({ displayName: 'title', oldValue: null, newValue: '[Redact]' });
  });
});
