import { normalizeResource, omitNeverReturned, parseAttributeList, projectResource } from './resource';
import { SCIM_SCHEMAS } from './errors';
import { ResourceSchema, ScimResource } from './schema';
import { complex, str } from './attribute-builders';
import { CORE_USER, ENTERPRISE, expectScimError, genericGroups, genericUsers, kintoneUsers, widgets } from './test-fixtures';

describe('normalizeResource', () => {
  it.each<[string, Record<string, unknown>, ScimResource]>([
    ['minimal', { userName: 'a' }, { schemas: [CORE_USER], userName: 'a' }],
    [
      'case-insensitive names → canonical',
      { USERNAME: 'a', DisplayName: 'D', NAME: { GIVENNAME: 'G' } },
      { schemas: [CORE_USER], userName: 'a', displayName: 'D', name: { givenName: 'G' } },
    ],
    [
      'strings exactly as sent',
      { userName: '  A@X.com ', displayName: 'ÄÖ\tx' },
      { schemas: [CORE_USER], userName: '  A@X.com ', displayName: 'ÄÖ\tx' },
    ],
    [
      '"True"/"false" booleans',
      { userName: 'a', active: 'True', emails: [{ value: 'v', primary: 'false' }] },
      { schemas: [CORE_USER], userName: 'a', active: true, emails: [{ value: 'v', primary: false }] },
    ],
    [
      'nulls are absent',
      { userName: 'a', title: null, addresses: null, name: { givenName: null, familyName: 'F' }, emails: [null] },
      { schemas: [CORE_USER], userName: 'a', name: { familyName: 'F' } },
    ],
    [
      'readOnly dropped',
      { userName: 'a', id: 'x', meta: { resourceType: 'User' }, groups: [{ value: 'g' }] },
      { schemas: [CORE_USER], userName: 'a' },
    ],
    [
      'unknown dropped',
      { userName: 'a', foo: 1, 'name.foo': 2, emails: [{ value: 'v', foo: 1 }] },
      { schemas: [CORE_USER], userName: 'a', emails: [{ value: 'v' }] },
    ],
    [
      'schemas rebuilt from data',
      { schemas: ['urn:whatever'], userName: 'a', [ENTERPRISE]: { department: 'D' } },
      { schemas: [CORE_USER, ENTERPRISE], userName: 'a', [ENTERPRISE]: { department: 'D' } },
    ],
    [
      'empty extension not listed',
      { schemas: [CORE_USER, ENTERPRISE], userName: 'a', [ENTERPRISE]: {} },
      { schemas: [CORE_USER], userName: 'a' },
    ],
    [
      'extension as full-URN keys',
      { userName: 'a', [`${ENTERPRISE}:employeeNumber`]: '7', [`${ENTERPRISE.toLowerCase()}:manager`]: 'm' },
      { schemas: [CORE_USER, ENTERPRISE], userName: 'a', [ENTERPRISE]: { employeeNumber: '7', manager: { value: 'm' } } },
    ],
    [
      'extension URN key any case',
      { userName: 'a', [ENTERPRISE.toUpperCase()]: { DEPARTMENT: 'D' } },
      { schemas: [CORE_USER, ENTERPRISE], userName: 'a', [ENTERPRISE]: { department: 'D' } },
    ],
    [
      'dotted keys',
      { userName: 'a', 'name.givenName': 'G', 'name.familyName': 'F' },
      { schemas: [CORE_USER], userName: 'a', name: { givenName: 'G', familyName: 'F' } },
    ],
    [
      'single multi-valued value wrapped',
      { userName: 'a', emails: { value: 'v' } },
      { schemas: [CORE_USER], userName: 'a', emails: [{ value: 'v' }] },
    ],
    [
      'bare strings for a complex multi-valued attribute mean {value}',
      { userName: 'a', emails: ['x'] },
      { schemas: [CORE_USER], userName: 'a', emails: [{ value: 'x' }] },
    ],
    ['empty array is absent', { userName: 'a', emails: [] }, { schemas: [CORE_USER], userName: 'a' }],
    ['password stored (never returned)', { userName: 'a', password: 'p' }, { schemas: [CORE_USER], userName: 'a', password: 'p' }],
    [
      'manager readOnly displayName dropped',
      { userName: 'a', [ENTERPRISE]: { manager: { value: 'm', displayName: 'Boss' } } },
      { schemas: [CORE_USER, ENTERPRISE], userName: 'a', [ENTERPRISE]: { manager: { value: 'm' } } },
    ],
  ])('generic User: %s', (_label, input, expected) => {
    expect(normalizeResource(input, genericUsers, 'create')).toEqual(expected);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not an object', 'x', 'invalidSyntax', /must be a JSON object/],
    ['array', [], 'invalidSyntax', /must be a JSON object/],
    ['missing userName', { displayName: 'x' }, 'invalidValue', /'userName' is required/],
    ['null userName', { userName: null }, 'invalidValue', /'userName' is required/],
    ['userName number', { userName: 5 }, 'invalidValue', /'userName' expects a string, got number/],
    ['active "yes"', { userName: 'a', active: 'yes' }, 'invalidValue', /'active' expects a boolean/],
    ['emails number', { userName: 'a', emails: [5] }, 'invalidValue', /'emails.value' expects a string, got number/],
    ['emails nested array', { userName: 'a', emails: [['x']] }, 'invalidValue', /'emails' expects an object, got array/],
    ['name array', { userName: 'a', name: [{ givenName: 'a' }, { givenName: 'b' }] }, 'invalidValue', /single-valued/],
    ['extension not object', { userName: 'a', [ENTERPRISE]: 'x' }, 'invalidValue', /must be an object/],
    ['employeeNumber number', { userName: 'a', [ENTERPRISE]: { employeeNumber: 7 } }, 'invalidValue', /employeeNumber' expects a string/],
  ])('generic User: %s → 400 %s', (_label, input, scimType, detail) => {
    expectScimError(() => normalizeResource(input, genericUsers, 'create'), 400, scimType as never, detail);
  });

  it('Group requires displayName', () => {
    expectScimError(() => normalizeResource({ members: [] }, genericGroups, 'create'), 400, 'invalidValue', /'displayName' is required/);
    expect(normalizeResource({ displayName: 'G', members: [{ value: 'u', $ref: null }] }, genericGroups, 'create')).toEqual({
      schemas: [SCIM_SCHEMAS.group],
      displayName: 'G',
      members: [{ value: 'u' }],
    });
  });

  it('kintone drops everything it does not model', () => {
    expect(
      normalizeResource(
        {
          userName: 'a',
          title: 'CEO',
          nickName: 'x',
          name: { givenName: 'G', formatted: 'G F' },
          [ENTERPRISE]: { department: 'D' },
          emails: [{ value: 'v', display: 'x' }],
        },
        kintoneUsers,
        'create',
      ),
    ).toEqual({ schemas: [CORE_USER], userName: 'a', name: { givenName: 'G' }, emails: [{ value: 'v' }] });
  });

  describe('replace mode', () => {
    it.each<[string, Record<string, unknown>, ScimResource]>([
      ['same immutable value', { name: 'w', serial: 'S' }, { schemas: ['urn:example:Widget'], name: 'w', serial: 'S' }],
      ['omitted immutable value is kept', { name: 'w2' }, { schemas: ['urn:example:Widget'], name: 'w2', serial: 'S' }],
    ])('%s', (_label, input, expected) => {
      expect(normalizeResource(input, widgets, 'replace', { name: 'w', serial: 'S' })).toEqual(expected);
    });
    it('changed immutable → 400 mutability', () => {
      expectScimError(
        () => normalizeResource({ name: 'w', serial: 'T' }, widgets, 'replace', { name: 'w', serial: 'S' }),
        400,
        'mutability',
        /'serial' is immutable/,
      );
      expectScimError(
        () => normalizeResource({ name: 'w', spec: { code: 'b' } }, widgets, 'replace', { name: 'w', spec: { code: 'a' } }),
        400,
        'mutability',
        /'spec.code' is immutable/,
      );
    });
    it('immutable may be set when it had no value', () => {
      expect(normalizeResource({ name: 'w', serial: 'T' }, widgets, 'replace', { name: 'w' })).toMatchObject({ serial: 'T' });
    });
    it('create ignores existing', () => {
      expect(normalizeResource({ name: 'w', serial: 'T' }, widgets, 'create', { name: 'w', serial: 'S' })).toMatchObject({ serial: 'T' });
    });
  });

  it.each([
    ['__proto__ at the root', '{"__proto__":{"polluted":1},"userName":"a"}'],
    ['constructor/prototype at the root', '{"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1},"userName":"a"}'],
    ['__proto__ in a complex value', '{"userName":"a","name":{"__proto__":{"polluted":1},"givenName":"g"}}'],
    ['__proto__ in an element', '{"userName":"a","emails":[{"__proto__":{"polluted":1},"value":"v"}]}'],
    ['__proto__ in the extension', `{"userName":"a","${ENTERPRISE}":{"__proto__":{"polluted":1},"department":"d"}}`],
    ['dotted __proto__ key', '{"userName":"a","name.__proto__":{"polluted":1},"__proto__.polluted":1}'],
  ])('prototype safety: %s', (_label, json) => {
    const result = normalizeResource(JSON.parse(json), genericUsers, 'create');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain('polluted');
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result.userName).toBe('a');
  });
});

describe('parseAttributeList', () => {
  it.each<[string | undefined, string[] | undefined]>([
    [undefined, undefined],
    ['', undefined],
    [' , ', undefined],
    ['members', ['members']],
    ['userName, name.givenName ,emails', ['userName', 'name.givenName', 'emails']],
    [`${ENTERPRISE}:manager`, [`${ENTERPRISE}:manager`]],
  ])('%p → %p', (text, expected) => {
    expect(parseAttributeList(text)).toEqual(expected);
  });
});

describe('projectResource', () => {
  const user: ScimResource = {
    schemas: [CORE_USER, ENTERPRISE],
    id: 'u1',
    externalId: 'e1',
    userName: 'alice',
    name: { givenName: 'A', familyName: 'J' },
    displayName: 'Alice',
    password: 'secret',
    emails: [{ value: 'a@x', type: 'work', primary: true }],
    meta: { resourceType: 'User', version: 'W/"1"' },
    [ENTERPRISE]: { employeeNumber: '7', manager: { value: 'm' } },
  };
  const { password: _password, ...withoutPassword } = user;

  it.each<[string, { attributes?: string[]; excludedAttributes?: string[] }, ScimResource]>([
    ['default: everything but returned:never', {}, withoutPassword],
    [
      'attributes=displayName',
      { attributes: ['displayName'] },
      { schemas: user.schemas, id: 'u1', userName: 'alice', displayName: 'Alice' },
    ],
    [
      'attributes case-insensitive + URN form',
      { attributes: ['DISPLAYNAME', `${CORE_USER}:externalId`] },
      { schemas: user.schemas, id: 'u1', externalId: 'e1', userName: 'alice', displayName: 'Alice' },
    ],
    [
      'attributes sub-attribute',
      { attributes: ['name.givenName', 'emails.value'] },
      { schemas: user.schemas, id: 'u1', userName: 'alice', name: { givenName: 'A' }, emails: [{ value: 'a@x' }] },
    ],
    [
      'attributes extension attribute',
      { attributes: [`${ENTERPRISE}:manager`] },
      { schemas: user.schemas, id: 'u1', userName: 'alice', [ENTERPRISE]: { manager: { value: 'm' } } },
    ],
    [
      'attributes short extension name',
      { attributes: ['employeeNumber'] },
      { schemas: user.schemas, id: 'u1', userName: 'alice', [ENTERPRISE]: { employeeNumber: '7' } },
    ],
    [
      'attributes whole extension',
      { attributes: [ENTERPRISE] },
      { schemas: user.schemas, id: 'u1', userName: 'alice', [ENTERPRISE]: { employeeNumber: '7', manager: { value: 'm' } } },
    ],
    ['attributes=password never returned', { attributes: ['password'] }, { schemas: user.schemas, id: 'u1', userName: 'alice' }],
    ['unknown names ignored', { attributes: ['nope', '__proto__'] }, { schemas: user.schemas, id: 'u1', userName: 'alice' }],
    [
      'excluded emails + name.familyName',
      { excludedAttributes: ['emails', 'name.familyName'] },
      {
        schemas: user.schemas,
        id: 'u1',
        externalId: 'e1',
        userName: 'alice',
        name: { givenName: 'A' },
        displayName: 'Alice',
        meta: user.meta,
        [ENTERPRISE]: user[ENTERPRISE],
      },
    ],
    ['cannot exclude returned:always', { excludedAttributes: ['id', 'userName', 'schemas'] }, withoutPassword],
    [
      'exclude extension attribute',
      { excludedAttributes: [`${ENTERPRISE}:employeeNumber`, 'manager'] },
      (({ [ENTERPRISE]: _e, ...rest }) => rest)(withoutPassword),
    ],
    [
      'attributes wins over excludedAttributes',
      { attributes: ['displayName'], excludedAttributes: ['displayName'] },
      { schemas: user.schemas, id: 'u1', userName: 'alice', displayName: 'Alice' },
    ],
    ['empty lists = default', { attributes: [], excludedAttributes: [] }, withoutPassword],
  ])('%s', (_label, opts, expected) => {
    expect(projectResource(user, genericUsers, opts)).toEqual(expected);
  });

  it('Group excludedAttributes=members keeps displayName', () => {
    const group: ScimResource = {
      schemas: [SCIM_SCHEMAS.group],
      id: 'g',
      displayName: 'Sales',
      externalId: 'x',
      members: [{ value: 'u' }],
    };
    expect(projectResource(group, genericGroups, { excludedAttributes: ['members'] })).toEqual({
      schemas: [SCIM_SCHEMAS.group],
      id: 'g',
      displayName: 'Sales',
      externalId: 'x',
    });
    expect(projectResource(group, genericGroups, { attributes: ['externalId'] })).toEqual({
      schemas: [SCIM_SCHEMAS.group],
      id: 'g',
      displayName: 'Sales',
      externalId: 'x',
    });
  });

  it('does not share structure with the stored resource', () => {
    const out = projectResource(user, genericUsers, {});
    (out.name as Record<string, unknown>).givenName = 'changed';
    expect((user.name as Record<string, unknown>).givenName).toBe('A');
  });
});

describe('omitNeverReturned (answers without projection parameters)', () => {
  const user: ScimResource = {
    schemas: [CORE_USER, ENTERPRISE],
    id: 'u1',
    userName: 'alice',
    name: { givenName: 'A' },
    password: 'secret',
    emails: [{ value: 'a@x', primary: true }],
    meta: { resourceType: 'User', version: 'W/"1"' },
    [ENTERPRISE]: { employeeNumber: '7' },
  };

  it('drops password and nothing else, without touching the input', () => {
    const { password: _password, ...expected } = user;
    const out = omitNeverReturned(user, genericUsers);
    expect(out).toEqual(expected);
    expect(out).not.toHaveProperty('password');
    expect(user.password).toBe('secret');
  });

  it('agrees with the default projection', () => {
    expect(omitNeverReturned(user, genericUsers)).toEqual(projectResource(user, genericUsers, {}));
  });

  it('returns the resource itself when there is nothing to drop (no copy on the hot path)', () => {
    const { password: _password, ...plain } = user;
    expect(omitNeverReturned(plain, genericUsers)).toBe(plain);
    const group: ScimResource = { schemas: [SCIM_SCHEMAS.group], id: 'g', displayName: 'Sales' };
    expect(omitNeverReturned(group, genericGroups)).toBe(group);
    const kintoneUser: ScimResource = { schemas: [CORE_USER], id: 'k', userName: 'k' };
    expect(omitNeverReturned(kintoneUser, kintoneUsers)).toBe(kintoneUser);
  });

  it('drops never-returned extension attributes and sub-attributes too', () => {
    const EXT = 'urn:example:Secrets';
    const vault = new ResourceSchema(
      {
        id: 'Vault',
        name: 'Vault',
        endpoint: '/Vaults',
        description: 'test',
        schema: 'urn:example:Vault',
        schemaExtensions: [{ schema: EXT, required: false }],
      },
      [
        {
          id: 'urn:example:Vault',
          name: 'Vault',
          description: 'test-only',
          attributes: [
            str('label'),
            complex('keys', [str('value'), str('secret', { returned: 'never' })], { multiValued: true }),
            complex('owner', [str('name'), str('pin', { returned: 'never' })]),
          ],
        },
        { id: EXT, name: 'Secrets', description: 'test-only', attributes: [str('pin', { returned: 'never' }), str('hint')] },
      ],
    );
    expect(vault.neverReturned.map((a) => a.canonicalPath)).toEqual(['keys.secret', 'owner.pin', `${EXT}:pin`]);
    const stored: ScimResource = {
      schemas: ['urn:example:Vault', EXT],
      label: 'L',
      keys: [{ value: 'k1', secret: 's1' }, { value: 'k2' }],
      owner: { name: 'O', pin: '1234' },
      [EXT]: { pin: '9999', hint: 'H' },
    };
    const expected = {
      schemas: stored.schemas,
      label: 'L',
      keys: [{ value: 'k1' }, { value: 'k2' }],
      owner: { name: 'O' },
      [EXT]: { hint: 'H' },
    };
    expect(omitNeverReturned(stored, vault)).toEqual(expected);
    expect(projectResource(stored, vault, {})).toEqual(expected);
    expect(stored[EXT]).toEqual({ pin: '9999', hint: 'H' });
    expect((stored.owner as Record<string, unknown>).pin).toBe('1234');
  });
});
