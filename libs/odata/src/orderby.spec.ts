import { parseOrderBy } from './orderby';
import { USER_PROPS } from './test-fixtures';

describe('parseOrderBy', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['displayName', [{ property: 'displayName', direction: 'asc' }]],
    ['DISPLAYNAME DESC', [{ property: 'displayName', direction: 'desc' }]],
    [
      '  displayName   asc , userPrincipalName desc ',
      [
        { property: 'displayName', direction: 'asc' },
        { property: 'userPrincipalName', direction: 'desc' },
      ],
    ],
    [
      'createdDateTime desc,id',
      [
        { property: 'createdDateTime', direction: 'desc' },
        { property: 'id', direction: 'asc' },
      ],
    ],
  ])('%j', (text, expected) => {
    expect(parseOrderBy(text, USER_PROPS, 'User')).toEqual(expected);
  });

  it.each([
    ['mail', 'Request_UnsupportedQuery', "Unsupported or invalid query orderby clause specified for property 'mail' of resource 'User'."],
    ['nope', 'Request_BadRequest', "Could not find a property named 'nope' on type 'microsoft.graph.user'."],
    ['displayName,id,createdDateTime', 'Request_UnsupportedQuery', 'Sorting by more than 2 properties is not supported.'],
    ['displayName sideways', 'BadRequest', "Invalid $orderby clause: 'displayName sideways'. Expected '<property> [asc|desc]'."],
    ['displayName asc extra', 'BadRequest', "Invalid $orderby clause: 'displayName asc extra'. Expected '<property> [asc|desc]'."],
    ['displayName,', 'BadRequest', "Invalid $orderby clause: ''. Expected '<property> [asc|desc]'."],
    ['displayName,DisplayName desc', 'BadRequest', "Duplicate property named 'displayName' is not supported in '$orderby'."],
  ])('%j → %s', (text, code, message) => {
    expect(() => parseOrderBy(text, USER_PROPS, 'User')).toThrow(expect.objectContaining({ code, message }));
  });
});
