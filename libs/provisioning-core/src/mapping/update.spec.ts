import { mapForUpdate } from './update';
import { alice, ctx, kintoneUsers, scimUsers } from './test-support/fixtures';
import { attribute, call, definition, direct, mapping } from '../templates';
import type { ObjectMapping } from '../schema/model';
import type { PatchShape, ScimResource } from './types';

const PATCH = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The target as the app stores what mapForCreate sent for alice(). */
function kintoneTarget(overrides: Record<string, unknown> = {}): ScimResource {
  return {
    id: 't-1',
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'alice@contoso.com',
    active: true,
    displayName: 'Alice Jensen',
    emails: [{ type: 'work', primary: true, value: 'alice@contoso.com' }],
    name: { givenName: 'Alice', familyName: 'Jensen' },
    externalId: 'alice',
    ...overrides,
  };
}

describe('§4.4 update: the reference example in both shapes', () => {
  const m: ObjectMapping = {
    ...kintoneUsers.mapping,
    attributeMappings: [
      direct('emails[type eq "work"].value', 'mail'),
      direct('name.familyName', 'surname'),
      direct('nickName', 'mailNickname'),
    ],
  };
  const defs = [definition('emails[type eq "work"].value'), definition('name.familyName'), definition('nickName')];
  const current: ScimResource = {
    id: 't',
    userName: 'b',
    emails: [{ type: 'work', value: 'old@contoso.com' }],
    name: { familyName: 'Old' },
  };
  const source = { mail: 'new@contoso.com', surname: 'NewName', mailNickname: 'Babs' };

  it.each<[PatchShape, unknown]>([
    [
      'default',
      [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
        { op: 'Replace', path: 'name.familyName', value: 'NewName' },
        { op: 'Add', path: 'nickName', value: 'Babs' },
      ],
    ],
    [
      'aadOptscim062020',
      [
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
        { op: 'replace', path: 'name.familyName', value: 'NewName' },
        { op: 'add', path: 'nickName', value: 'Babs' },
      ],
    ],
  ])('%s', (shape, operations) => {
    const { patch, modifiedProperties } = mapForUpdate(m, defs, source, current, ctx, { shape });
    expect(patch).toEqual({ schemas: PATCH, Operations: operations });
    expect(modifiedProperties).toEqual([
      { displayName: 'emails[type eq "work"].value', oldValue: 'old@contoso.com', newValue: 'new@contoso.com' },
      { displayName: 'name.familyName', oldValue: 'Old', newValue: 'NewName' },
      { displayName: 'nickName', oldValue: null, newValue: 'Babs' },
    ]);
  });
});

describe('§4.10 replacing several attributes', () => {
  const current: ScimResource = {
    id: 't',
    userName: 'alice@contoso.com',
    active: true,
    displayName: 'Alice',
    emails: [{ type: 'work', primary: true, value: 'alice@contoso.com' }],
    name: { givenName: 'Al', familyName: 'J', formatted: 'Alice Jensen' },
    externalId: 'alice',
    [ENT]: { employeeNumber: '1' },
  };
  const source = alice({ displayName: 'Alice Jensen', mail: 'aj@contoso.com', employeeId: '701984' });

  it.each<[PatchShape, unknown]>([
    [
      'default',
      [
        { op: 'Replace', path: 'displayName', value: 'Alice Jensen' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'aj@contoso.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Alice' },
        { op: 'Replace', path: 'name.familyName', value: 'Jensen' },
        { op: 'Replace', path: `${ENT}:employeeNumber`, value: '701984' },
      ],
    ],
    [
      'aadOptscim062020',
      [
        {
          op: 'replace',
          value: {
            displayName: 'Alice Jensen',
            'name.givenName': 'Alice',
            'name.familyName': 'Jensen',
            [`${ENT}:employeeNumber`]: '701984',
          },
        },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'aj@contoso.com' },
      ],
    ],
  ])('%s', (shape, operations) => {
    expect(mapForUpdate(scimUsers.mapping, scimUsers.defs, source, current, ctx, { shape }).patch).toEqual({
      schemas: PATCH,
      Operations: operations,
    });
  });
});

describe('change detection (reference §3.1, §9.5–9.6)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, unknown]>([
    ['identical → RedundantExport (null)', {}, {}, null],
    ['case-only difference on a caseExact=false attribute is no change', { displayName: 'ALICE JENSEN' }, {}, null],
    ['active stored as "True" string equals true', {}, { active: 'True' }, null],
    ['null source value is never sent (target keeps its value)', { givenName: null }, {}, null],
    ['empty string source is never sent', { givenName: '' }, {}, null],
    ['target missing the value → Add', {}, { externalId: undefined }, [{ op: 'Add', path: 'externalId', value: 'alice' }]],
    [
      'soft-deleted → active "False" string in the default shape',
      { IsSoftDeleted: true },
      {},
      [{ op: 'Replace', path: 'active', value: 'False' }],
    ],
    [
      'filtered element missing → Add with the filtered path',
      {},
      { emails: [] },
      [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'alice@contoso.com' }],
    ],
    ['target attribute names are matched case-insensitively', {}, { displayname: 'Alice Jensen', displayName: undefined }, null],
  ])('%s', (_label, sourceOverrides, targetOverrides, operations) => {
    const target = JSON.parse(JSON.stringify(kintoneTarget(targetOverrides))) as ScimResource;
    const { patch } = mapForUpdate(kintoneUsers.mapping, kintoneUsers.defs, alice(sourceOverrides), target, ctx, { shape: 'default' });
    expect(patch).toEqual(operations === null ? null : { schemas: PATCH, Operations: operations });
  });

  it('caseExact=true target definitions see case-only changes', () => {
    const defs = kintoneUsers.defs.map((d) => (d.name === 'displayName' ? { ...d, caseExact: true } : d));
    const { patch } = mapForUpdate(kintoneUsers.mapping, defs, alice({ displayName: 'ALICE JENSEN' }), kintoneTarget(), ctx, {
      shape: 'default',
    });
    expect(patch?.Operations).toEqual([{ op: 'Replace', path: 'displayName', value: 'ALICE JENSEN' }]);
  });

  it.each<[ObjectMapping['attributeMappings'][number]['flowType'], Record<string, unknown>, unknown]>([
    ['ObjectAddOnly', { externalId: 'other' }, null],
    ['ObjectAddOnly', { externalId: undefined }, null],
    ['AttributeAddOnly', { externalId: 'other' }, null],
    ['AttributeAddOnly', { externalId: undefined }, [{ op: 'Add', path: 'externalId', value: 'alice' }]],
    ['Always', { externalId: 'other' }, [{ op: 'Replace', path: 'externalId', value: 'alice' }]],
  ])('flowType %s with target %j', (flowType, targetOverrides, operations) => {
    const m = { ...kintoneUsers.mapping, attributeMappings: [direct('externalId', 'mailNickname', { flowType })] };
    const { patch } = mapForUpdate(
      m,
      kintoneUsers.defs,
      alice(),
      JSON.parse(JSON.stringify(kintoneTarget(targetOverrides))) as ScimResource,
      ctx,
      { shape: 'default' },
    );
    expect(patch === null ? null : patch.Operations).toEqual(operations);
  });

  it('Redact() masks old and new values in modifiedProperties only', () => {
    const m = {
      ...kintoneUsers.mapping,
      attributeMappings: [
        mapping('displayName', call('Redact', 'Redact([displayName])', [['attributeOrValue', attribute('displayName')]])),
      ],
    };
    const { patch, modifiedProperties } = mapForUpdate(m, kintoneUsers.defs, alice({ displayName: 'New' }), kintoneTarget(), ctx, {
      shape: 'default',
    });
    expect(patch?.Operations).toEqual([{ op: 'Replace', path: 'displayName', value: 'New' }]);
    expect(modifiedProperties).toEqual([{ displayName: 'displayName', oldValue: '[Redact]', newValue: '[Redact]' }]);
  });

  it('softDeleteOnly flows only the IsSoftDeleted-driven attribute', () => {
    const { patch } = mapForUpdate(
      kintoneUsers.mapping,
      kintoneUsers.defs,
      alice({ IsSoftDeleted: true, displayName: 'X' }),
      kintoneTarget(),
      ctx,
      {
        shape: 'aadOptscim062020',
        attributes: 'softDeleteOnly',
      },
    );
    expect(patch).toEqual({ schemas: PATCH, Operations: [{ op: 'replace', path: 'active', value: false }] });
  });

  it('currentTarget null (not read) sends every value as Replace', () => {
    const { patch } = mapForUpdate(kintoneUsers.mapping, kintoneUsers.defs, alice(), null, ctx, { shape: 'default' });
    expect(patch?.Operations.map((o) => o.op)).toEqual(['Replace', 'Replace', 'Replace', 'Replace', 'Replace', 'Replace', 'Replace']);
  });

  it('manager (a reference) is never in the object PATCH; it is returned as pending', () => {
    const { patch, pendingReferences } = mapForUpdate(
      scimUsers.mapping,
      scimUsers.defs,
      alice({ manager: 'src-bob' }),
      kintoneTarget(),
      ctx,
      { shape: 'default' },
    );
    expect(JSON.stringify(patch)).not.toContain('manager');
    expect(pendingReferences).toEqual([{ targetAttributeName: `${ENT}:manager`, sourceIds: ['src-bob'] }]);
  });
});
