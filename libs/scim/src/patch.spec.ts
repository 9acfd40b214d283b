import { applyPatch, MAX_PATCH_OPERATIONS } from './patch';
import { SCIM_SCHEMAS } from './errors';
import { ResourceSchema, ScimResource } from './schema';
import { CORE_USER, ENTERPRISE, expectScimError, genericGroups, genericUsers, kintoneUsers, widgets } from './test-fixtures';

type Op = Record<string, unknown>;
const body = (...Operations: Op[]): unknown => ({ schemas: [SCIM_SCHEMAS.patchOp], Operations });

const base: ScimResource = {
  schemas: [CORE_USER, ENTERPRISE],
  id: 'u1',
  userName: 'alice@contoso.com',
  name: { givenName: 'Alice', familyName: 'Jensen' },
  displayName: 'Alice',
  active: true,
  emails: [{ value: 'alice@contoso.com', type: 'work', primary: true }],
  meta: { resourceType: 'User', version: 'W/"1"' },
  [ENTERPRISE]: { employeeNumber: '1', manager: { value: 'm1', $ref: 'https://x/Users/m1' } },
};

function patched(resource: ScimResource, ops: Op[], schema: ResourceSchema = genericUsers): ScimResource {
  return applyPatch(resource, body(...ops), schema).resource;
}

describe('applyPatch: body validation', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['not an object', 'x', 'invalidSyntax', /must be a JSON object/],
    ['an array', [], 'invalidSyntax', /must be a JSON object/],
    ['null', null, 'invalidSyntax', /must be a JSON object/],
    [
      'wrong schemas',
      { schemas: [CORE_USER], Operations: [] },
      'invalidSyntax',
      /must contain urn:ietf:params:scim:api:messages:2.0:PatchOp/,
    ],
    ['schemas not an array', { schemas: SCIM_SCHEMAS.patchOp, Operations: [] }, 'invalidSyntax', /schemas/],
    ['no Operations', { schemas: [SCIM_SCHEMAS.patchOp] }, 'invalidSyntax', /no 'Operations'/],
    ['Operations not an array', { Operations: { op: 'add' } }, 'invalidSyntax', /must be an array/],
    ['operation not an object', body('add' as unknown as Op), 'invalidSyntax', /Operations\[0\] must be an object/],
    [
      'unknown op',
      body({ op: 'move', path: 'userName', value: 'x' }),
      'invalidSyntax',
      /Operations\[0\]\.op must be "add", "replace" or "remove", got "move"/,
    ],
    ['missing op', body({ path: 'userName', value: 'x' }), 'invalidSyntax', /got null/],
    ['op not a string', body({ op: 1, path: 'userName', value: 'x' }), 'invalidSyntax', /\.op must be/],
    ['add without value', body({ op: 'add', path: 'userName' }), 'invalidSyntax', /has no 'value'/],
    ['path not a string', body({ op: 'add', path: 5, value: 'x' }), 'invalidPath', /path must be a string/],
    ['bad path syntax', body({ op: 'replace', path: 'emails[type eq work].value', value: 'x' }), 'invalidPath', /Invalid path/],
    ['remove without path', body({ op: 'remove' }), 'noTarget', /remove requires a path/],
    ['path-less value not an object', body({ op: 'replace', value: 'x' }), 'invalidValue', /value must be an object/],
    [
      'too many operations',
      body(...Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: 'add', path: 'title', value: 'x' }))),
      'invalidValue',
      /Too many PATCH operations: 1001; at most 1000/,
    ],
  ])('%s → 400', (_label, input, scimType, detail) => {
    expectScimError(() => applyPatch(base, input, genericUsers), 400, scimType as never, detail);
  });

  it.each<[string, unknown]>([
    ['empty Operations', body()],
    ['no schemas member', { Operations: [] }],
    ['lower-case member names', { schemas: [SCIM_SCHEMAS.patchOp.toUpperCase()], operations: [] }],
  ])('%s is accepted with changed=false', (_label, input) => {
    expect(applyPatch(base, input, genericUsers)).toEqual({ resource: base, changed: false });
  });

  it('accepts exactly 1000 operations', () => {
    const ops = Array.from({ length: MAX_PATCH_OPERATIONS }, (_, i) => ({ op: 'replace', path: 'title', value: `t${i}` }));
    expect(applyPatch(base, body(...ops), genericUsers).resource.title).toBe('t999');
  });
});

describe('applyPatch: ops on simple attributes', () => {
  it.each<[string, Op[], Partial<ScimResource>]>([
    ['Replace (capitalised)', [{ op: 'Replace', path: 'displayName', value: 'Al' }], { displayName: 'Al' }],
    ['REPLACE', [{ op: 'REPLACE', path: 'displayName', value: 'Al' }], { displayName: 'Al' }],
    ['Add to absent', [{ op: 'Add', path: 'title', value: 'CEO' }], { title: 'CEO' }],
    ['add to present replaces (single-valued)', [{ op: 'add', path: 'displayName', value: 'B' }], { displayName: 'B' }],
    ['case-insensitive path', [{ op: 'replace', path: 'DISPLAYNAME', value: 'C' }], { displayName: 'C' }],
    ['URN-qualified core path', [{ op: 'replace', path: `${CORE_USER}:displayName`, value: 'D' }], { displayName: 'D' }],
    ['stores strings exactly (no trim)', [{ op: 'replace', path: 'displayName', value: '  Spaced  ' }], { displayName: '  Spaced  ' }],
    ['"False" string for boolean', [{ op: 'Replace', path: 'active', value: 'False' }], { active: false }],
    ['"TRUE" string for boolean', [{ op: 'replace', path: 'active', value: 'TRUE' }], { active: true }],
    ['real boolean', [{ op: 'replace', path: 'active', value: false }], { active: false }],
    [
      'sub-attribute',
      [{ op: 'Replace', path: 'name.familyName', value: 'NewName' }],
      { name: { givenName: 'Alice', familyName: 'NewName' } },
    ],
    [
      'sub-attribute creates parent',
      [
        { op: 'remove', path: 'name' },
        { op: 'add', path: 'name.givenName', value: 'G' },
      ],
      { name: { givenName: 'G' } },
    ],
    ['remove simple', [{ op: 'Remove', path: 'displayName' }], { displayName: undefined }],
    ['remove sub-attribute', [{ op: 'remove', path: 'name.givenName' }], { name: { familyName: 'Jensen' } }],
    [
      'remove last sub-attribute drops parent',
      [
        { op: 'remove', path: 'name.givenName' },
        { op: 'remove', path: 'name.familyName' },
      ],
      { name: undefined },
    ],
    ['remove absent is a no-op', [{ op: 'remove', path: 'title' }], {}],
    ['replace with null unassigns', [{ op: 'replace', path: 'displayName', value: null }], { displayName: undefined }],
    ['add null is a no-op', [{ op: 'add', path: 'displayName', value: null }], {}],
    [
      'complex merge keeps other sub-attributes',
      [{ op: 'replace', path: 'name', value: { familyName: 'J2' } }],
      { name: { givenName: 'Alice', familyName: 'J2' } },
    ],
    [
      'complex add merges',
      [{ op: 'add', path: 'name', value: { middleName: 'M' } }],
      { name: { givenName: 'Alice', familyName: 'Jensen', middleName: 'M' } },
    ],
    [
      'unknown sub-attributes dropped',
      [{ op: 'add', path: 'name', value: { middleName: 'M', nope: 1 } }],
      { name: { givenName: 'Alice', familyName: 'Jensen', middleName: 'M' } },
    ],
    ['unknown attribute ignored', [{ op: 'Add', path: 'nickName2', value: 'x' }], {}],
    ['unknown filtered path ignored', [{ op: 'Add', path: 'foo[type eq "x"].bar', value: 'x' }], {}],
    ['writeOnly password can be set', [{ op: 'replace', path: 'password', value: 'p' }], { password: 'p' }],
    [
      'applies operations in order',
      [
        { op: 'replace', path: 'title', value: 'a' },
        { op: 'replace', path: 'title', value: 'b' },
      ],
      { title: 'b' },
    ],
  ])('%s', (_label, ops, expected) => {
    const result = patched(base, ops);
    expect(result).toEqual({ ...base, ...expected });
  });
});

describe('applyPatch: path-less operations', () => {
  it.each<[string, Op, Partial<ScimResource>]>([
    ['plain keys', { op: 'replace', value: { displayName: 'X', active: 'False' } }, { displayName: 'X', active: false }],
    [
      'dotted keys',
      { op: 'replace', value: { 'name.givenName': 'G', 'NAME.familyName': 'F' } },
      { name: { givenName: 'G', familyName: 'F' } },
    ],
    [
      'full extension-URN keys',
      { op: 'replace', value: { [`${ENTERPRISE}:employeeNumber`]: '99', [`${ENTERPRISE}:department`]: 'R&D' } },
      { [ENTERPRISE]: { employeeNumber: '99', manager: { value: 'm1', $ref: 'https://x/Users/m1' }, department: 'R&D' } },
    ],
    [
      'extension URN key holding an object',
      { op: 'add', value: { [ENTERPRISE]: { department: 'Ops', manager: 'm2' } } },
      { [ENTERPRISE]: { employeeNumber: '1', manager: { value: 'm2' }, department: 'Ops' } },
    ],
    [
      'readOnly and schemas keys are ignored',
      { op: 'replace', value: { id: 'other', meta: { version: 'x' }, schemas: ['x'], groups: [{ value: 'g' }], title: 'T' } },
      { title: 'T' },
    ],
    ['unknown keys ignored', { op: 'replace', value: { foo: 1, title: 'T' } }, { title: 'T' }],
    [
      'emails array replaced wholesale',
      { op: 'replace', value: { emails: [{ value: 'n@x', type: 'home' }] } },
      { emails: [{ value: 'n@x', type: 'home' }] },
    ],
    [
      'emails add appends',
      { op: 'add', value: { emails: [{ value: 'n@x', type: 'home' }] } },
      {
        emails: [
          { value: 'alice@contoso.com', type: 'work', primary: true },
          { value: 'n@x', type: 'home' },
        ],
      },
    ],
    ['complex value merged', { op: 'replace', value: { name: { givenName: 'Z' } } }, { name: { givenName: 'Z', familyName: 'Jensen' } }],
    [
      'extension object replaced with null is removed',
      { op: 'replace', value: { [ENTERPRISE]: null } },
      { schemas: [CORE_USER], [ENTERPRISE]: undefined },
    ],
  ])('%s', (_label, op, expected) => {
    expect(patched(base, [op])).toEqual({ ...base, ...expected });
  });

  it('adds the extension URN to schemas when extension data appears', () => {
    const plain: ScimResource = { schemas: [CORE_USER], userName: 'u' };
    expect(patched(plain, [{ op: 'replace', value: { [`${ENTERPRISE}:employeeNumber`]: '5' } }])).toEqual({
      schemas: [CORE_USER, ENTERPRISE],
      userName: 'u',
      [ENTERPRISE]: { employeeNumber: '5' },
    });
  });

  it('removes the extension URN from schemas when its data is gone', () => {
    const result = patched(base, [
      { op: 'remove', path: `${ENTERPRISE}:employeeNumber` },
      { op: 'remove', path: 'manager' },
    ]);
    expect(result.schemas).toEqual([CORE_USER]);
    expect(result[ENTERPRISE]).toBeUndefined();
  });

  it('path equal to the extension URN', () => {
    expect(patched(base, [{ op: 'replace', path: ENTERPRISE, value: { costCenter: 'C1' } }])[ENTERPRISE]).toEqual({
      employeeNumber: '1',
      manager: { value: 'm1', $ref: 'https://x/Users/m1' },
      costCenter: 'C1',
    });
    expect(patched(base, [{ op: 'remove', path: ENTERPRISE }])[ENTERPRISE]).toBeUndefined();
  });
});

describe('applyPatch: multi-valued and filtered paths', () => {
  const emails = (resource: ScimResource): unknown => resource.emails;
  it.each<[string, Op[], unknown]>([
    [
      'replace on matching filter',
      [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' }],
      [{ value: 'new@contoso.com', type: 'work', primary: true }],
    ],
    [
      'filter is case-insensitive on type',
      [{ op: 'replace', path: 'emails[type eq "WORK"].value', value: 'n' }],
      [{ value: 'n', type: 'work', primary: true }],
    ],
    [
      'replace creates element from eq filter (Entra)',
      [{ op: 'replace', path: 'emails[type eq "home"].value', value: 'h@x' }],
      [
        { value: 'alice@contoso.com', type: 'work', primary: true },
        { type: 'home', value: 'h@x' },
      ],
    ],
    [
      'add creates element from eq filter',
      [{ op: 'Add', path: 'emails[type eq "other"].value', value: 'o@x' }],
      [
        { value: 'alice@contoso.com', type: 'work', primary: true },
        { type: 'other', value: 'o@x' },
      ],
    ],
    [
      'multi-clause eq seed',
      [{ op: 'add', path: 'emails[type eq "home" and primary eq "False"].value', value: 'h@x' }],
      [
        { value: 'alice@contoso.com', type: 'work', primary: true },
        { type: 'home', primary: false, value: 'h@x' },
      ],
    ],
    [
      'filter without sub-attribute merges',
      [{ op: 'replace', path: 'emails[type eq "work"]', value: { value: 'w2@x' } }],
      [{ value: 'w2@x', type: 'work', primary: true }],
    ],
    [
      'filter without sub-attribute creates',
      [{ op: 'add', path: 'emails[type eq "home"]', value: { value: 'h@x' } }],
      [
        { value: 'alice@contoso.com', type: 'work', primary: true },
        { type: 'home', value: 'h@x' },
      ],
    ],
    ['remove by filter', [{ op: 'remove', path: 'emails[type eq "work"]' }], undefined],
    [
      'remove by filter matching nothing is a no-op',
      [{ op: 'remove', path: 'emails[type eq "home"]' }],
      [{ value: 'alice@contoso.com', type: 'work', primary: true }],
    ],
    [
      'remove sub-attribute by filter',
      [{ op: 'remove', path: 'emails[type eq "work"].primary' }],
      [{ value: 'alice@contoso.com', type: 'work' }],
    ],
    ['remove without value clears', [{ op: 'remove', path: 'emails' }], undefined],
    ['remove with value removes those values', [{ op: 'remove', path: 'emails', value: [{ value: 'ALICE@contoso.com' }] }], undefined],
    [
      'add appends without duplicates',
      [
        {
          op: 'add',
          path: 'emails',
          value: [
            { value: 'alice@contoso.com', type: 'work' },
            { value: 'b@x', type: 'home' },
          ],
        },
      ],
      [
        { value: 'alice@contoso.com', type: 'work', primary: true },
        { value: 'b@x', type: 'home' },
      ],
    ],
    [
      'add single object is wrapped',
      [{ op: 'add', path: 'emails', value: { value: 'b@x' } }],
      [{ value: 'alice@contoso.com', type: 'work', primary: true }, { value: 'b@x' }],
    ],
    [
      'new primary demotes the old one',
      [{ op: 'add', path: 'emails', value: [{ value: 'b@x', primary: true }] }],
      [
        { value: 'alice@contoso.com', type: 'work', primary: false },
        { value: 'b@x', primary: true },
      ],
    ],
    ['replace array', [{ op: 'replace', path: 'emails', value: [{ value: 'z@x' }] }], [{ value: 'z@x' }]],
    ['replace with empty array unassigns', [{ op: 'replace', path: 'emails', value: [] }], undefined],
    [
      'sub-attribute without filter sets on every element',
      [{ op: 'replace', path: 'emails.type', value: 'other' }],
      [{ value: 'alice@contoso.com', type: 'other', primary: true }],
    ],
  ])('%s', (_label, ops, expected) => {
    expect(emails(patched(base, ops))).toEqual(expected);
  });

  it.each<[string, Op]>([
    ['non-eq filter', { op: 'replace', path: 'emails[type co "ho"].value', value: 'x' }],
    ['or filter', { op: 'replace', path: 'emails[type eq "a" or type eq "b"].value', value: 'x' }],
    ['ne filter', { op: 'add', path: 'emails[type ne "work"].value', value: 'x' }],
    ['pr filter', { op: 'replace', path: 'emails[display pr]', value: { value: 'x' } }],
  ])('non-matching %s → 400 noTarget', (_label, op) => {
    expectScimError(() => patched(base, [op]), 400, 'noTarget', /matches the filter/);
  });

  it('phone numbers / addresses from Entra mappings', () => {
    const result = patched({ schemas: [CORE_USER], userName: 'u' }, [
      { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '+1 555' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 666' },
      { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
    ]);
    expect(result).toEqual({
      schemas: [CORE_USER],
      userName: 'u',
      phoneNumbers: [
        { type: 'work', value: '+1 555' },
        { type: 'mobile', value: '+1 666' },
      ],
      addresses: [{ type: 'work', postalCode: '98052', locality: 'Redmond' }],
    });
  });

  it('roles: items whose value is a JSON string are stored as sent', () => {
    const role = '{"id":"8e3b","value":"Admin","displayName":"Admin"}';
    expect(patched(base, [{ op: 'Add', path: 'roles', value: [{ value: role }] }]).roles).toEqual([{ value: role }]);
    expect(patched(base, [{ op: 'Add', path: 'roles', value: [role] }]).roles).toEqual([{ value: role }]);
    expect(patched(base, [{ op: 'add', path: 'roles[primary eq "True"].value', value: 'Admin' }]).roles).toEqual([
      { primary: true, value: 'Admin' },
    ]);
  });
});

describe('applyPatch: manager', () => {
  it.each<[string, Op, unknown]>([
    ['bare string via URN path', { op: 'Add', path: `${ENTERPRISE}:manager`, value: 'm2' }, { value: 'm2' }],
    ['bare string via short path', { op: 'Replace', path: 'manager', value: 'm3' }, { value: 'm3' }],
    [
      'older doc: array with $ref',
      { op: 'Add', path: 'manager', value: [{ $ref: 'https://x/Users/m4', value: 'm4' }] },
      { $ref: 'https://x/Users/m4', value: 'm4' },
    ],
    [
      'RFC complex value merges',
      { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: 'm5' } },
      { value: 'm5', $ref: 'https://x/Users/m1' },
    ],
    [
      'manager.value path',
      { op: 'replace', path: `${ENTERPRISE}:manager.value`, value: 'm6' },
      { value: 'm6', $ref: 'https://x/Users/m1' },
    ],
    [
      'readOnly displayName in value dropped',
      { op: 'replace', path: 'manager', value: { value: 'm7', displayName: 'X' } },
      { value: 'm7', $ref: 'https://x/Users/m1' },
    ],
    ['remove', { op: 'remove', path: `${ENTERPRISE}:manager` }, undefined],
  ])('%s', (_label, op, expected) => {
    expect((patched(base, [op])[ENTERPRISE] as Record<string, unknown>).manager).toEqual(expected);
  });
});

describe('applyPatch: Group members', () => {
  const group: ScimResource = { schemas: [SCIM_SCHEMAS.group], id: 'g1', displayName: 'Sales', members: [{ value: 'u1', type: 'User' }] };
  it.each<[string, Op[], unknown]>([
    [
      'Add with $ref null',
      [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u2' }] }],
      [{ value: 'u1', type: 'User' }, { value: 'u2' }],
    ],
    [
      'Add several at once',
      [
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: 'u2' },
            { $ref: null, value: 'u3' },
          ],
        },
      ],
      [{ value: 'u1', type: 'User' }, { value: 'u2' }, { value: 'u3' }],
    ],
    [
      'Add existing member: no duplicate',
      [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] }],
      [{ value: 'u1', type: 'User' }],
    ],
    [
      'Add same member twice in one op',
      [{ op: 'Add', path: 'members', value: [{ value: 'u2' }, { value: 'u2' }] }],
      [{ value: 'u1', type: 'User' }, { value: 'u2' }],
    ],
    [
      'member ids are caseExact',
      [{ op: 'Add', path: 'members', value: [{ value: 'U1' }] }],
      [{ value: 'u1', type: 'User' }, { value: 'U1' }],
    ],
    ['Remove by value list', [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }], undefined],
    [
      'Remove by value list, unknown member: no-op',
      [{ op: 'Remove', path: 'members', value: [{ value: 'zz' }] }],
      [{ value: 'u1', type: 'User' }],
    ],
    ['remove by filter', [{ op: 'remove', path: 'members[value eq "u1"]' }], undefined],
    [
      'remove by filter twice (idempotent)',
      [
        { op: 'remove', path: 'members[value eq "u1"]' },
        { op: 'remove', path: 'members[value eq "u1"]' },
      ],
      undefined,
    ],
    ['remove by filter matching nothing', [{ op: 'remove', path: 'members[value eq "nobody"]' }], [{ value: 'u1', type: 'User' }]],
    ['remove all members', [{ op: 'remove', path: 'members' }], undefined],
    ['replace members', [{ op: 'replace', path: 'members', value: [{ value: 'u9' }] }], [{ value: 'u9' }]],
  ])('%s', (_label, ops, expected) => {
    expect(patched(group, ops, genericGroups).members).toEqual(expected);
  });

  it('rename', () => {
    expect(patched(group, [{ op: 'Replace', path: 'displayName', value: 'Sales EU' }], genericGroups).displayName).toBe('Sales EU');
  });

  it('changed=false when re-adding an existing member', () => {
    expect(applyPatch(group, body({ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] }), genericGroups).changed).toBe(
      false,
    );
  });
});

describe('applyPatch: mutability and values', () => {
  it.each<[string, Op, string, RegExp]>([
    ['replace id', { op: 'replace', path: 'id', value: 'x' }, 'mutability', /'id' is readOnly/],
    ['remove id', { op: 'remove', path: 'id' }, 'mutability', /readOnly/],
    ['replace meta', { op: 'replace', path: 'meta', value: {} }, 'mutability', /'meta' is readOnly/],
    ['replace meta sub-attribute', { op: 'replace', path: 'meta.version', value: 'x' }, 'mutability', /'meta.version' is readOnly/],
    ['add groups', { op: 'add', path: 'groups', value: [{ value: 'g' }] }, 'mutability', /'groups' is readOnly/],
    ['manager.displayName', { op: 'replace', path: 'manager.displayName', value: 'x' }, 'mutability', /manager.displayName' is readOnly/],
    ['remove required userName', { op: 'remove', path: 'userName' }, 'mutability', /Required attribute 'userName' cannot be removed/],
    ['replace userName with null', { op: 'replace', path: 'userName', value: null }, 'mutability', /Required attribute 'userName'/],
    ['boolean as "yes"', { op: 'replace', path: 'active', value: 'yes' }, 'invalidValue', /'active' expects a boolean, got string/],
    ['string as number', { op: 'replace', path: 'displayName', value: 5 }, 'invalidValue', /'displayName' expects a string, got number/],
    ['string as object', { op: 'replace', path: 'displayName', value: { a: 1 } }, 'invalidValue', /expects a string, got object/],
    ['single-valued as array', { op: 'replace', path: 'displayName', value: ['a', 'b'] }, 'invalidValue', /single-valued/],
    ['complex as number', { op: 'replace', path: 'name', value: 5 }, 'invalidValue', /'name' expects an object/],
    [
      'sub-attribute type',
      { op: 'add', path: 'emails', value: [{ value: 'a', primary: 'sometimes' }] },
      'invalidValue',
      /'emails.primary' expects a boolean/,
    ],
    [
      'extension object as string',
      { op: 'add', value: { [ENTERPRISE]: 'x' } },
      'invalidValue',
      /must be an object of extension attributes/,
    ],
  ])('%s → 400 %s', (_label, op, scimType, detail) => {
    expectScimError(() => patched(base, [op]), 400, scimType as never, detail);
  });

  it.each<[string, Op, Partial<ScimResource>]>([
    ['sets an immutable attribute the first time', { op: 'add', path: 'serial', value: 'S1' }, { serial: 'S1' }],
    ['integer', { op: 'add', path: 'count', value: 3 }, { count: 3 }],
    ['decimal', { op: 'add', path: 'weight', value: 1.5 }, { weight: 1.5 }],
    [
      'dateTime kept as sent',
      { op: 'add', path: 'madeAt', value: '2020-01-01T00:00:00.5+02:00' },
      { madeAt: '2020-01-01T00:00:00.5+02:00' },
    ],
    ['simple multi-valued', { op: 'add', path: 'tags', value: ['a', 'A', 'b'] }, { tags: ['a', 'b'] }],
  ])('widget: %s', (_label, op, expected) => {
    expect(patched({ name: 'w' }, [op], widgets)).toEqual({ name: 'w', ...expected });
  });

  it.each<[string, Op, RegExp]>([
    ['change immutable', { op: 'replace', path: 'serial', value: 'S2' }, /'serial' is immutable/],
    ['remove immutable', { op: 'remove', path: 'serial' }, /'serial' is immutable/],
    ['change immutable sub-attribute', { op: 'replace', path: 'spec.code', value: 'c2' }, /'spec.code' is immutable/],
  ])('widget: %s → 400 mutability', (_label, op, detail) => {
    expectScimError(() => patched({ name: 'w', serial: 'S1', spec: { code: 'c1' } }, [op], widgets), 400, 'mutability', detail);
  });

  it.each<[string, Op]>([
    ['integer as string', { op: 'add', path: 'count', value: '3' }],
    ['integer as decimal', { op: 'add', path: 'count', value: 3.5 }],
    ['bad dateTime', { op: 'add', path: 'madeAt', value: 'yesterday' }],
  ])('widget: %s → invalidValue', (_label, op) => {
    expectScimError(() => patched({ name: 'w' }, [op], widgets), 400, 'invalidValue');
  });

  it('replacing an immutable attribute with the same value is fine', () => {
    expect(applyPatch({ name: 'w', serial: 'S1' }, body({ op: 'replace', path: 'serial', value: 'S1' }), widgets).changed).toBe(false);
  });
});

describe('applyPatch: changed flag and purity', () => {
  it.each<[string, Op[], boolean]>([
    ['same value', [{ op: 'replace', path: 'displayName', value: 'Alice' }], false],
    ['"True" for already-true', [{ op: 'Replace', path: 'active', value: 'True' }], false],
    ['same email via filter', [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'alice@contoso.com' }], false],
    ['remove absent', [{ op: 'remove', path: 'title' }], false],
    ['ignored unknown', [{ op: 'add', path: 'foo', value: 1 }], false],
    ['different value', [{ op: 'replace', path: 'displayName', value: 'alice' }], true],
    [
      'set then restore',
      [
        { op: 'replace', path: 'displayName', value: 'X' },
        { op: 'replace', path: 'displayName', value: 'Alice' },
      ],
      false,
    ],
  ])('%s → changed=%s', (_label, ops, changed) => {
    expect(applyPatch(base, body(...ops), genericUsers).changed).toBe(changed);
  });

  it('never mutates its input', () => {
    const input = JSON.parse(JSON.stringify(base)) as ScimResource;
    const frozen = JSON.stringify(input);
    applyPatch(
      input,
      body(
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'x' },
        { op: 'replace', path: 'name.givenName', value: 'x' },
        { op: 'add', path: 'manager', value: 'x' },
        { op: 'remove', path: 'displayName' },
      ),
      genericUsers,
    );
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it('kintone ignores attributes it does not have', () => {
    const user: ScimResource = { schemas: [CORE_USER], userName: 'a', active: true };
    const result = applyPatch(
      user,
      body(
        { op: 'Add', path: 'nickName', value: 'Babs' },
        { op: 'Add', path: `${ENTERPRISE}:employeeNumber`, value: '1' },
        { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '1' },
        { op: 'Replace', path: 'active', value: 'False' },
      ),
      kintoneUsers,
    );
    expect(result).toEqual({ resource: { schemas: [CORE_USER], userName: 'a', active: false }, changed: true });
  });
});

describe('applyPatch: prototype safety', () => {
  it.each<[string, string]>([
    ['body', '{"__proto__":{"polluted":1},"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}'],
    ['operation', '{"Operations":[{"__proto__":{"polluted":1},"op":"add","path":"title","value":"t"}]}'],
    [
      'path-less value',
      '{"Operations":[{"op":"replace","value":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"title":"t"}}]}',
    ],
    ['complex value', '{"Operations":[{"op":"replace","path":"name","value":{"__proto__":{"polluted":1},"givenName":"g"}}]}'],
    ['path __proto__', '{"Operations":[{"op":"add","path":"__proto__","value":{"polluted":1}}]}'],
    ['path constructor', '{"Operations":[{"op":"add","path":"constructor","value":{"prototype":{"polluted":1}}}]}'],
    ['path constructor.prototype', '{"Operations":[{"op":"add","path":"constructor.prototype","value":{"polluted":1}}]}'],
    ['path name.__proto__', '{"Operations":[{"op":"add","path":"name.__proto__","value":{"polluted":1}}]}'],
    ['extension object', `{"Operations":[{"op":"add","value":{"${ENTERPRISE}":{"__proto__":{"polluted":1},"department":"d"}}}]}`],
    ['multi-valued element', '{"Operations":[{"op":"add","path":"emails","value":[{"__proto__":{"polluted":1},"value":"v"}]}]}'],
  ])('%s', (_label, json) => {
    let result: ScimResource | undefined;
    try {
      result = applyPatch(base, JSON.parse(json), genericUsers).resource;
    } catch (err) {
      // a path like name.__proto__ is a syntax error; that's fine as long as it is a ScimError
      expect((err as Error).name).toBe('ScimError');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    if (result) {
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      expect(JSON.stringify(result)).not.toContain('polluted');
    }
  });
});

describe('applyPatch: large groups', () => {
  it('adds and removes 1000 members in a 20k-member group quickly', () => {
    const members = Array.from({ length: 20000 }, (_, i) => ({ value: `u${i}`, type: 'User' }));
    const group: ScimResource = { schemas: [SCIM_SCHEMAS.group], displayName: 'Big', members };
    const adds = Array.from({ length: 1000 }, (_, i) => ({ $ref: null, value: `u${19500 + i}` })); // 500 existing, 500 new
    const removes = Array.from({ length: 1000 }, (_, i) => ({ value: `u${i}` }));
    const start = performance.now();
    const result = applyPatch(
      group,
      body({ op: 'Add', path: 'members', value: adds }, { op: 'Remove', path: 'members', value: removes }),
      genericGroups,
    );
    expect(performance.now() - start).toBeLessThan(1500);
    const ids = (result.resource.members as { value: string }[]).map((m) => m.value);
    expect(ids).toHaveLength(20000 + 500 - 1000);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('u0');
    expect(ids).toContain('u20499');
  });
});
