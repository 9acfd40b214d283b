import { parsePatchPath } from './path';
import { CORE_USER, ENTERPRISE, expectScimError, genericGroups, genericUsers, kintoneUsers } from './test-fixtures';

describe('parsePatchPath', () => {
  it.each<[string, string | undefined, string | undefined, boolean]>([
    // path, attribute canonical path, sub-attribute canonical path, has filter
    ['userName', 'userName', undefined, false],
    ['USERNAME', 'userName', undefined, false],
    ['name.familyName', 'name.familyName', undefined, false],
    ['active', 'active', undefined, false],
    [`${CORE_USER}:displayName`, 'displayName', undefined, false],
    [`${ENTERPRISE}:employeeNumber`, `${ENTERPRISE}:employeeNumber`, undefined, false],
    [`${ENTERPRISE}:manager`, `${ENTERPRISE}:manager`, undefined, false],
    [`${ENTERPRISE}:manager.value`, `${ENTERPRISE}:manager.value`, undefined, false],
    ['manager', `${ENTERPRISE}:manager`, undefined, false],
    ['emails[type eq "work"].value', 'emails', 'emails.value', true],
    ['emails[type eq "work"]', 'emails', undefined, true],
    ['phoneNumbers[type eq "mobile"].value', 'phoneNumbers', 'phoneNumbers.value', true],
    ['addresses[type eq "work"].postalCode', 'addresses', 'addresses.postalCode', true],
    ['roles[primary eq "True"].value', 'roles', 'roles.value', true],
    [`${CORE_USER}:emails[type eq "work"].value`, 'emails', 'emails.value', true],
    ['EMAILS[TYPE EQ "work"].VALUE', 'emails', 'emails.value', true],
    ['  name.givenName  ', 'name.givenName', undefined, false],
    // unknown → attribute undefined (operation ignored)
    ['nickName2', undefined, undefined, false],
    ['emails[type eq "work"].foo', undefined, undefined, true],
    ['__proto__', undefined, undefined, false],
    ['constructor', undefined, undefined, false],
    ['prototype', undefined, undefined, false],
    ['name.constructor', undefined, undefined, false],
    ['foo[bar eq "x"].baz', undefined, undefined, true],
  ])('generic User %p', (path, attribute, sub, hasFilter) => {
    const parsed = parsePatchPath(path, genericUsers);
    expect(parsed.attribute?.canonicalPath).toBe(attribute);
    expect(parsed.subAttribute?.canonicalPath).toBe(sub);
    expect(parsed.filter !== undefined).toBe(hasFilter);
    expect(parsed.raw).toBe(path);
  });

  it('keeps the value filter AST (relative names)', () => {
    expect(parsePatchPath('members[value eq "2819c223"]', genericGroups).filter).toEqual({
      kind: 'compare',
      attribute: 'value',
      op: 'eq',
      value: '2819c223',
      position: 8,
    });
  });

  it('recognises a whole extension URN', () => {
    expect(parsePatchPath(ENTERPRISE, genericUsers)).toEqual({ attribute: undefined, raw: ENTERPRISE, extension: ENTERPRISE });
    expect(parsePatchPath(ENTERPRISE, kintoneUsers).extension).toBeUndefined();
  });

  it.each([
    ['kintone ignores non-Kintone attributes', 'addresses[type eq "work"].formatted'],
    ['kintone ignores enterprise URN paths', `${ENTERPRISE}:employeeNumber`],
    ['kintone ignores nickName', 'nickName'],
    ['kintone ignores name.formatted', 'name.formatted'],
  ])('%s', (_label, path) => {
    expect(parsePatchPath(path, kintoneUsers).attribute).toBeUndefined();
  });

  it.each([
    ['', /empty path/],
    ['   ', /empty path/],
    ['emails[type eq "work"', /expected '\]'/],
    ['emails[type eq work]', /invalid value 'work'/],
    ['emails[]', /empty value filter/],
    ['emails[type eq "work"]value', /expected end of input/],
    ['emails[type eq "work"].value.x', /invalid sub-attribute/],
    ['userName eq "x"', /expected end of input but found 'eq'/],
    ['1abc', /invalid attribute path/],
    ['a.b.c', /invalid attribute path/],
    ['name.givenName[value eq "x"]', /must follow an attribute/],
    ['userName[value eq "x"]', /'userName' is not a complex attribute/],
    ['emails[foo eq "x"].value', /unknown attribute 'foo'/],
    ['emails[primary gt true].value', /operator 'gt' is not valid for boolean/],
    ['emails[addresses[type pr]]', /value paths cannot be nested/],
  ])('%p → 400 invalidPath', (path, detail) => {
    expectScimError(() => parsePatchPath(path, genericUsers), 400, 'invalidPath', detail);
  });
});
