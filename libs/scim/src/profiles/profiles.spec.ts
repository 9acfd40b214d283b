import { getProfile, PROFILE_NAMES } from '.';
import { CORE_USER, ENTERPRISE, expectScimError, generic, genericGroups, genericUsers, kintone, kintoneUsers } from '../test-fixtures';

describe('getProfile', () => {
  it.each([['kintone'], ['generic'], ['KINTONE']])('%s exists', (name) => {
    expect(getProfile(name).name).toBe(name.toLowerCase());
  });
  it.each([['nope'], [''], ['__proto__'], ['constructor']])('%p → 400 invalidValue', (name) => {
    expectScimError(() => getProfile(name), 400, 'invalidValue', /Unknown profile/);
  });
  it('lists the profile names', () => expect(PROFILE_NAMES).toEqual(['kintone', 'generic']));
});

describe('kintone profile', () => {
  it('has Users only', () => {
    expect([...kintone.resourceSchemas.keys()]).toEqual(['Users']);
    expect(kintone.resourceTypes.map((r) => r.endpoint)).toEqual(['/Users']);
    expect(kintone.schemas.map((s) => s.id)).toEqual([CORE_USER]);
  });
  it('defines the Kintone attributes', () => {
    expect(kintoneUsers.core.attributes.map((a) => a.name)).toEqual(['userName', 'name', 'displayName', 'emails', 'active']);
    expect(kintoneUsers.resolve('userName')?.def).toMatchObject({
      required: true,
      caseExact: false,
      uniqueness: 'server',
      returned: 'always',
    });
    expect(kintoneUsers.resolve('id')?.def).toMatchObject({ mutability: 'readOnly', returned: 'always', caseExact: true });
    expect(kintoneUsers.resolve('externalId')?.def).toMatchObject({ caseExact: true });
    expect(kintoneUsers.resolve('emails')?.def.subAttributes?.map((s) => s.name)).toEqual(['value', 'type', 'primary']);
    expect(kintoneUsers.resolve('meta')?.def.subAttributes?.map((s) => s.name)).toEqual([
      'resourceType',
      'created',
      'lastModified',
      'location',
      'version',
    ]);
  });
  it.each([
    ['userName', true],
    ['externalId', false],
    ['id', false],
    ['displayName', false],
    ['emails.value', false],
    ['active', false],
  ])('isFilterable(%s) = %s', (path, expected) => {
    expect(kintone.isFilterable(kintoneUsers, path)).toBe(expected);
  });
});

describe('generic profile', () => {
  it('has Users (with enterprise extension) and Groups', () => {
    expect([...generic.resourceSchemas.keys()]).toEqual(['Users', 'Groups']);
    expect(generic.resourceTypes[0].schemaExtensions).toEqual([{ schema: ENTERPRISE, required: false }]);
  });
  it('defines the RFC 7643 User attributes', () => {
    expect(genericUsers.core.attributes.map((a) => a.name)).toEqual([
      'userName',
      'name',
      'displayName',
      'nickName',
      'profileUrl',
      'title',
      'userType',
      'preferredLanguage',
      'locale',
      'timezone',
      'active',
      'password',
      'emails',
      'phoneNumbers',
      'ims',
      'photos',
      'addresses',
      'groups',
      'entitlements',
      'roles',
      'x509Certificates',
    ]);
    expect(genericUsers.resolve('password')?.def).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(genericUsers.resolve('groups')?.def).toMatchObject({ mutability: 'readOnly', multiValued: true });
    expect(genericUsers.resolve('manager.displayName')?.def.mutability).toBe('readOnly');
    expect(genericUsers.extensions[0].attributes.map((a) => a.name)).toEqual([
      'employeeNumber',
      'costCenter',
      'organization',
      'division',
      'department',
      'manager',
    ]);
  });
  it('defines Group', () => {
    expect(genericGroups.resolve('displayName')?.def).toMatchObject({ required: true, returned: 'always' });
    expect(genericGroups.resolve('members')?.def.subAttributes?.map((s) => s.name)).toEqual(['value', '$ref', 'display', 'type']);
    expect(genericGroups.resolve('externalId')).toBeDefined();
  });
  it.each([
    ['userName', true],
    ['emails.value', true],
    [`${ENTERPRISE}:manager.value`, true],
    ['password', false],
  ])('isFilterable(%s) = %s', (path, expected) => {
    expect(generic.isFilterable(genericUsers, path)).toBe(expected);
  });
});
