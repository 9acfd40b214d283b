import { MAX_ON_DEMAND_MEMBERS, OnDemandRequestError, parseProvisionOnDemandRequest, type OnDemandRequest } from './on-demand-request';

const RULE = '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8';
const USER = '9bb0f679-a883-4a6f-8260-35b491b8b8c8';
const GROUP = '8213fd99-d6b6-417b-8e13-af6334856215';
const member = (i: number) => `cbc86211-6ada-4803-b73f-8039cf56d8a${i}`;
const body = (subject: unknown, extra: Record<string, unknown> = {}) => ({ parameters: [{ ruleId: RULE, subjects: [subject], ...extra }] });
const memberRef = (id: string, objectTypeName = 'User') => ({ objectId: id, objectTypeName });

describe('parseProvisionOnDemandRequest', () => {
  const accepted: [string, unknown, OnDemandRequest][] = [
    [
      'one user (Graph example 1)',
      body({ objectId: USER, objectTypeName: 'User' }),
      { ruleId: RULE, objectId: USER, objectTypeName: 'User', memberIds: [] },
    ],
    [
      'type names are case-insensitive (Graph example 2 spells "user")',
      body({ objectId: USER, objectTypeName: 'user' }),
      { ruleId: RULE, objectId: USER, objectTypeName: 'User', memberIds: [] },
    ],
    [
      'upper-case ids are lower-cased',
      body({ objectId: USER.toUpperCase(), objectTypeName: 'User' }),
      { ruleId: RULE, objectId: USER, objectTypeName: 'User', memberIds: [] },
    ],
    [
      'a group alone',
      body({ objectId: GROUP, objectTypeName: 'Group' }),
      { ruleId: RULE, objectId: GROUP, objectTypeName: 'Group', memberIds: [] },
    ],
    [
      'a group with two members (Graph example 3)',
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: [memberRef(member(1)), memberRef(member(2))] } }),
      { ruleId: RULE, objectId: GROUP, objectTypeName: 'Group', memberIds: [member(1), member(2)] },
    ],
    [
      `a group with ${MAX_ON_DEMAND_MEMBERS} members`,
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: [1, 2, 3, 4, 5].map((i) => memberRef(member(i))) } }),
      { ruleId: RULE, objectId: GROUP, objectTypeName: 'Group', memberIds: [1, 2, 3, 4, 5].map(member) },
    ],
    [
      'duplicate members are counted once',
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: [memberRef(member(1)), memberRef(member(1).toUpperCase())] } }),
      { ruleId: RULE, objectId: GROUP, objectTypeName: 'Group', memberIds: [member(1)] },
    ],
    [
      'links: null and members: null are no members',
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: null } }),
      { ruleId: RULE, objectId: GROUP, objectTypeName: 'Group', memberIds: [] },
    ],
    [
      'OData annotations are allowed',
      {
        '@odata.type': 'x',
        parameters: [
          {
            '@odata.type': '#microsoft.graph.synchronizationJobApplicationParameters',
            ruleId: ` ${RULE} `,
            subjects: [{ objectId: USER, objectTypeName: 'User' }],
          },
        ],
      },
      { ruleId: RULE, objectId: USER, objectTypeName: 'User', memberIds: [] },
    ],
    [
      'rule ids with a suffix are kept as given',
      { parameters: [{ ruleId: `${RULE}#V2`, subjects: [{ objectId: USER, objectTypeName: 'User' }] }] },
      { ruleId: `${RULE}#V2`, objectId: USER, objectTypeName: 'User', memberIds: [] },
    ],
  ];
  it.each(accepted)('accepts %s', (_name, input, expected) => {
    expect(parseProvisionOnDemandRequest(input)).toEqual(expected);
  });

  const refused: [string, unknown, RegExp][] = [
    ['no body', undefined, /JSON object/],
    ['an array', [], /JSON object/],
    ['no parameters', {}, /'parameters' is required/],
    ['empty parameters', { parameters: [] }, /'parameters' is required/],
    ['parameters not an array', { parameters: { ruleId: RULE } }, /'parameters' is required/],
    [
      'two parameters',
      {
        parameters: [
          body({ objectId: USER, objectTypeName: 'User' }).parameters[0],
          body({ objectId: USER, objectTypeName: 'User' }).parameters[0],
        ],
      },
      /one parameter .* 2 were given/,
    ],
    [
      'an unknown top-level property',
      { parameters: body({ objectId: USER, objectTypeName: 'User' }).parameters, force: true },
      /Property 'force' does not exist on type 'microsoft.graph.provisionOnDemand'/,
    ],
    [
      'an unknown parameter property',
      body({ objectId: USER, objectTypeName: 'User' }, { scope: 'all' }),
      /Property 'scope' does not exist on type 'microsoft.graph.synchronizationJobApplicationParameters'/,
    ],
    ['no ruleId', { parameters: [{ subjects: [{ objectId: USER, objectTypeName: 'User' }] }] }, /ruleId is required/],
    ['an empty ruleId', { parameters: [{ ruleId: '  ', subjects: [{ objectId: USER, objectTypeName: 'User' }] }] }, /ruleId is required/],
    [
      'a ruleId that is not a string',
      { parameters: [{ ruleId: 7, subjects: [{ objectId: USER, objectTypeName: 'User' }] }] },
      /ruleId is required/,
    ],
    ['no subjects', { parameters: [{ ruleId: RULE }] }, /subjects is required/],
    ['empty subjects', { parameters: [{ ruleId: RULE, subjects: [] }] }, /subjects is required/],
    [
      'two subjects',
      { parameters: [{ ruleId: RULE, subjects: [memberRef(USER), memberRef(member(1))] }] },
      /one user, or one group with up to 5 members.* 2 subjects/,
    ],
    ['a subject that is not an object', body('user'), /subjects\[0\] must be an object/],
    [
      'an unknown subject property',
      body({ objectId: USER, objectTypeName: 'User', name: 'x' }),
      /Property 'name' does not exist on type 'microsoft.graph.synchronizationJobSubject'/,
    ],
    ['no objectId', body({ objectTypeName: 'User' }), /objectId is required/],
    [
      'an objectId that is not a GUID',
      body({ objectId: 'adele@contoso.com', objectTypeName: 'User' }),
      /Invalid object identifier 'adele@contoso.com'/,
    ],
    ['no objectTypeName', body({ objectId: USER }), /objectTypeName is required/],
    ['an unknown objectTypeName', body({ objectId: USER, objectTypeName: 'Device' }), /objectTypeName 'Device' is not supported/],
    [
      'members on a user',
      body({ objectId: USER, objectTypeName: 'User', links: { members: [memberRef(member(1))] } }),
      /only allowed on a Group/,
    ],
    ['links not an object', body({ objectId: GROUP, objectTypeName: 'Group', links: [] }), /links must be an object/],
    [
      'an unknown links property',
      body({ objectId: GROUP, objectTypeName: 'Group', links: { owners: [] } }),
      /Property 'owners' does not exist/,
    ],
    [
      'members not an array',
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: memberRef(member(1)) } }),
      /members must be an array/,
    ],
    [
      `more than ${MAX_ON_DEMAND_MEMBERS} members`,
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: [1, 2, 3, 4, 5, 6].map((i) => memberRef(member(i))) } }),
      /at most 5 members per request; 6 were given/,
    ],
    [
      'a nested group as member',
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: [memberRef(member(1), 'Group')] } }),
      /does not support nested groups/,
    ],
    [
      'a member without objectId',
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: [{ objectTypeName: 'User' }] } }),
      /links.members\[0\].objectId is required/,
    ],
    [
      'a member with a bad objectId',
      body({ objectId: GROUP, objectTypeName: 'Group', links: { members: [memberRef('1')] } }),
      /Invalid object identifier '1'/,
    ],
  ];
  it.each(refused)('refuses %s', (_name, input, message) => {
    expect(() => parseProvisionOnDemandRequest(input)).toThrow(OnDemandRequestError);
    expect(() => parseProvisionOnDemandRequest(input)).toThrow(message);
  });

  it('never echoes more than 64 characters of a bad value', () => {
    const long = 'x'.repeat(5000);
    expect(() => parseProvisionOnDemandRequest(body({ objectId: long, objectTypeName: 'User' }))).toThrow(
      /^Invalid object identifier 'x{64}…'\.$/,
    );
  });
});
