import { applySelect, parseSelect } from './select';

const ALLOWED = ['id', 'displayName', 'mail', 'userPrincipalName'];

describe('parseSelect', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['*', undefined],
    ['displayName', ['displayName']],
    ['MAIL, displayname ,ID', ['mail', 'displayName', 'id']],
    ['mail,Mail', ['mail']],
  ])('%j → %j', (text, expected) => {
    expect(parseSelect(text, ALLOWED, 'User')).toEqual(expected);
  });

  it.each([
    ['nope', 'User', 'Request_BadRequest', "Could not find a property named 'nope' on type 'microsoft.graph.user'."],
    [
      'mail,nope',
      'ServicePrincipal',
      'Request_BadRequest',
      "Could not find a property named 'nope' on type 'microsoft.graph.servicePrincipal'.",
    ],
    [
      'manager/displayName',
      'User',
      'Request_BadRequest',
      "Could not find a property named 'manager/displayName' on type 'microsoft.graph.user'.",
    ],
    ['mail,,id', 'User', 'BadRequest', "Invalid $select clause: 'mail,,id' contains an empty item."],
  ])('%j → %s', (text, resource, code, message) => {
    expect(() => parseSelect(text, ALLOWED, resource)).toThrow(expect.objectContaining({ code, message }));
  });
});

describe('applySelect', () => {
  const user = { id: '1', displayName: 'A', mail: 'a@x', userPrincipalName: 'a@x' };
  it.each<[string[] | undefined, Record<string, unknown>]>([
    [undefined, user],
    [['mail', 'displayName'], { id: '1', mail: 'a@x', displayName: 'A' }],
    [['displayName', 'id'], { displayName: 'A', id: '1' }],
    [['jobTitle'], { id: '1', jobTitle: null }],
    [[], { id: '1' }],
  ])('%j', (select, expected) => {
    const result = applySelect(user, select);
    expect(result).toEqual(expected);
    expect(Object.keys(result)).toEqual(Object.keys(expected));
  });

  it('does not invent an id the object lacks, and copies rather than aliases', () => {
    expect(applySelect({ name: 'x' }, ['name'])).toEqual({ name: 'x' });
    const copy = applySelect(user, undefined);
    expect(copy).not.toBe(user);
  });
});
