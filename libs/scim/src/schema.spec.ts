import { ResourceSchema } from './schema';
import { CORE_USER, ENTERPRISE, genericGroups, genericUsers, kintoneUsers } from './test-fixtures';
import { ScimError } from './errors';

describe('ResourceSchema.resolve', () => {
  it.each([
    ['userName', 'userName', undefined],
    ['USERNAME', 'userName', undefined],
    ['name.givenName', 'name.givenName', 'name'],
    ['NAME.GIVENNAME', 'name.givenName', 'name'],
    ['emails', 'emails', undefined],
    ['emails.value', 'emails.value', 'emails'],
    ['id', 'id', undefined],
    ['externalId', 'externalId', undefined],
    ['meta.lastModified', 'meta.lastModified', 'meta'],
    [`${CORE_USER}:userName`, 'userName', undefined],
    [`${CORE_USER.toUpperCase()}:USERNAME`, 'userName', undefined],
    [`${CORE_USER}:name.familyName`, 'name.familyName', 'name'],
    [`${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:employeeNumber`, undefined],
    [`${ENTERPRISE}:manager.value`, `${ENTERPRISE}:manager.value`, 'manager'],
    [`${ENTERPRISE}:manager.displayName`, `${ENTERPRISE}:manager.displayName`, 'manager'],
    ['employeeNumber', `${ENTERPRISE}:employeeNumber`, undefined],
    ['manager', `${ENTERPRISE}:manager`, undefined],
    ['groups.$ref', 'groups.$ref', 'groups'],
  ])('generic User: %s → %s', (path, canonical, parent) => {
    const r = genericUsers.resolve(path);
    expect(r?.canonicalPath).toBe(canonical);
    expect(r?.parent?.name).toBe(parent);
  });

  it.each([
    ['__proto__'],
    ['constructor'],
    ['prototype'],
    ['toString'],
    ['hasOwnProperty'],
    ['name.__proto__'],
    ['__proto__.x'],
    ['nickName'],
    ['emails.foo'],
    ['name.givenName.x'],
    [''],
    [ENTERPRISE],
    [`${ENTERPRISE}:`],
    ['urn:x:userName'],
    [`${ENTERPRISE}:userName`],
    [`${CORE_USER}:employeeNumber`],
  ])('kintone/generic User: %p is unknown', (path) => {
    expect(kintoneUsers.resolve(path)).toBeUndefined();
    if (!['nickName'].includes(path)) expect(genericUsers.resolve(path)).toBeUndefined();
  });

  it.each([
    ['nickName', undefined],
    ['title', undefined],
    ['employeeNumber', undefined],
    ['emails.display', undefined],
    ['name.formatted', undefined],
    ['userName', 'userName'],
    ['emails.primary', 'emails.primary'],
  ])('kintone User: %s → %s', (path, canonical) => {
    expect(kintoneUsers.resolve(path)?.canonicalPath).toBe(canonical);
  });

  it('records schema URN and definition', () => {
    expect(genericUsers.resolve('employeeNumber')).toMatchObject({
      schemaUrn: ENTERPRISE,
      def: { name: 'employeeNumber', type: 'string' },
    });
    expect(genericGroups.resolve('members.value')).toMatchObject({
      schemaUrn: 'urn:ietf:params:scim:schemas:core:2.0:Group',
      def: { name: 'value' },
    });
  });

  it('exposes extension scopes case-insensitively', () => {
    expect(genericUsers.extensionScope(ENTERPRISE.toLowerCase())?.urn).toBe(ENTERPRISE);
    expect(genericUsers.extensionScope(CORE_USER)).toBeUndefined();
    expect(kintoneUsers.extensionScope(ENTERPRISE)).toBeUndefined();
    expect(genericUsers.extensions.map((e) => e.id)).toEqual([ENTERPRISE]);
  });

  it('rejects a resource type whose schema is missing', () => {
    expect(
      () => new ResourceSchema({ id: 'X', name: 'X', endpoint: '/X', description: '', schema: 'urn:x', schemaExtensions: [] }, []),
    ).toThrow(ScimError);
  });
});

describe('ResourceSchema.neverReturned', () => {
  it('lists password on generic Users and nothing elsewhere', () => {
    expect(genericUsers.neverReturned.map((a) => a.canonicalPath)).toEqual(['password']);
    expect(genericGroups.neverReturned).toEqual([]);
    expect(kintoneUsers.neverReturned).toEqual([]);
  });
});
