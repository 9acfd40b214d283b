/**
 * Replays the requests Microsoft Entra provisioning sends (shared reference, section 4) through
 * the library and asserts the stored result.
 */
import { applyPatch } from './patch';
import { conjunctiveEqualities, evaluateFilter, parseFilter, validateFilter } from './filter';
import { normalizeResource, parseAttributeList, projectResource } from './resource';
import { SCIM_SCHEMAS } from './errors';
import { ResourceSchema, ScimResource } from './schema';
import { Profile } from './profiles';
import { CORE_USER, ENTERPRISE, generic, genericGroups, genericUsers, kintone, kintoneUsers } from './test-fixtures';

const PATCH_OP = SCIM_SCHEMAS.patchOp;

/** §4.3 POST /Users (tutorial example incl. the null keys some templates send). */
const createUserBody = JSON.parse(`{
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  "externalId": "alice",
  "userName": "Alice@contoso.com",
  "active": true,
  "displayName": "Alice Jensen",
  "title": null,
  "addresses": null,
  "emails": [{ "primary": true, "type": "work", "value": "Alice@contoso.com" }],
  "meta": { "resourceType": "User" },
  "name": { "formatted": "Alice Jensen", "familyName": "Jensen", "givenName": "Alice" },
  "roles": [],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Sales" }
}`) as unknown;

function store(profile: Profile, schema: ResourceSchema, body: unknown): ScimResource {
  const normalized = normalizeResource(body, schema, 'create');
  // what the app adds
  return { ...normalized, id: 'u-1', meta: { resourceType: schema.resourceType.name, version: 'W/"1"' } };
}

function patch(resource: ScimResource, schema: ResourceSchema, json: string): { resource: ScimResource; changed: boolean } {
  return applyPatch(resource, JSON.parse(json), schema);
}

describe('§4.2 test connection: filter for a random GUID', () => {
  it.each<[string, Profile, ResourceSchema, string]>([
    ['kintone users', kintone, kintoneUsers, 'userName eq "8ba2c8c4-7f8e-4b5e-9a5e-2f3f0e6a1d2c"'],
    ['generic users', generic, genericUsers, 'userName eq "8ba2c8c4-7f8e-4b5e-9a5e-2f3f0e6a1d2c"'],
    ['generic groups', generic, genericGroups, 'displayName eq "8ba2c8c4-7f8e-4b5e-9a5e-2f3f0e6a1d2c"'],
  ])('%s', (_label, profile, schema, filter) => {
    const node = parseFilter(filter);
    validateFilter(node, schema, (p) => profile.isFilterable(schema, p));
    expect(conjunctiveEqualities(node, schema)).toHaveLength(1);
    expect(evaluateFilter(node, { userName: 'someone', displayName: 'x' }, schema)).toBe(false);
  });
});

describe('§4.3 create user', () => {
  it('kintone stores only Kintone attributes, exactly as sent', () => {
    expect(normalizeResource(createUserBody, kintoneUsers, 'create')).toEqual({
      schemas: [CORE_USER],
      externalId: 'alice',
      userName: 'Alice@contoso.com',
      active: true,
      displayName: 'Alice Jensen',
      emails: [{ primary: true, type: 'work', value: 'Alice@contoso.com' }],
      name: { familyName: 'Jensen', givenName: 'Alice' },
    });
  });

  it('generic stores core + enterprise data', () => {
    expect(normalizeResource(createUserBody, genericUsers, 'create')).toEqual({
      schemas: [CORE_USER, ENTERPRISE],
      externalId: 'alice',
      userName: 'Alice@contoso.com',
      active: true,
      displayName: 'Alice Jensen',
      emails: [{ primary: true, type: 'work', value: 'Alice@contoso.com' }],
      name: { formatted: 'Alice Jensen', familyName: 'Jensen', givenName: 'Alice' },
      [ENTERPRISE]: { employeeNumber: '701984', department: 'Sales' },
    });
  });

  it('match-by-userName then finds the user case-insensitively (kintone)', () => {
    const user = store(kintone, kintoneUsers, createUserBody);
    const node = parseFilter('userName eq "alice@contoso.com"');
    validateFilter(node, kintoneUsers, (p) => kintone.isFilterable(kintoneUsers, p));
    expect(evaluateFilter(node, user, kintoneUsers)).toBe(true);
    expect(conjunctiveEqualities(node, kintoneUsers)).toEqual([{ path: 'userName', value: 'alice@contoso.com' }]);
  });

  it('generic: match by externalId and by work email', () => {
    const user = store(generic, genericUsers, createUserBody);
    for (const f of ['externalId eq "alice"', 'emails[type eq "work"].value eq "alice@contoso.com"']) {
      const node = parseFilter(f);
      validateFilter(node, genericUsers, (p) => generic.isFilterable(genericUsers, p));
      expect(evaluateFilter(node, user, genericUsers)).toBe(true);
    }
  });
});

describe('§4.4 update user (default PATCH shapes)', () => {
  const update = `{"schemas":["${PATCH_OP}"],
   "Operations":[
     {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"new@contoso.com"},
     {"op":"Replace","path":"name.familyName","value":"NewName"},
     {"op":"Add","path":"nickName","value":"Babs"}]}`;

  it('kintone', () => {
    const user = store(kintone, kintoneUsers, createUserBody);
    const { resource, changed } = patch(user, kintoneUsers, update);
    expect(changed).toBe(true);
    expect(resource).toEqual({
      ...user,
      emails: [{ primary: true, type: 'work', value: 'new@contoso.com' }],
      name: { familyName: 'NewName', givenName: 'Alice' },
    });
  });

  it('generic', () => {
    const user = store(generic, genericUsers, createUserBody);
    const { resource } = patch(user, genericUsers, update);
    expect(resource).toMatchObject({
      emails: [{ primary: true, type: 'work', value: 'new@contoso.com' }],
      name: { familyName: 'NewName', givenName: 'Alice' },
      nickName: 'Babs',
    });
  });

  it('work email added when the user had none (Add on a filtered path creates the element)', () => {
    const user = store(kintone, kintoneUsers, { userName: 'bob@contoso.com' });
    const { resource } = patch(
      user,
      kintoneUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"Add","path":"emails[type eq \\"work\\"].value","value":"bob@contoso.com"}]}`,
    );
    expect(resource.emails).toEqual([{ type: 'work', value: 'bob@contoso.com' }]);
  });

  it('extension attributes via full URN path', () => {
    const user = store(generic, genericUsers, createUserBody);
    const { resource } = patch(
      user,
      genericUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[
      {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"42"},
      {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"}]}`,
    );
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: '42', department: 'R&D' });
  });

  it.each([
    [
      'observed: bare id with URN path (Add)',
      `{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"mgr-7"}`,
      { value: 'mgr-7' },
    ],
    [
      'observed: bare id with URN path (Replace)',
      `{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"mgr-7"}`,
      { value: 'mgr-7' },
    ],
    [
      'older doc: path manager with $ref array',
      `{"op":"Add","path":"manager","value":[{"$ref":"https://t/scim/Users/mgr-7","value":"mgr-7"}]}`,
      { $ref: 'https://t/scim/Users/mgr-7', value: 'mgr-7' },
    ],
  ])('manager: %s', (_label, op, manager) => {
    const user = store(generic, genericUsers, createUserBody);
    const { resource } = patch(user, genericUsers, `{"schemas":["${PATCH_OP}"],"Operations":[${op}]}`);
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: '701984', department: 'Sales', manager });
    expect(resource.schemas).toEqual([CORE_USER, ENTERPRISE]);
  });

  it('manager on kintone is ignored', () => {
    const user = store(kintone, kintoneUsers, createUserBody);
    const { resource, changed } = patch(
      user,
      kintoneUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"mgr-7"}]}`,
    );
    expect(changed).toBe(false);
    expect(resource).toEqual(user);
  });

  it('roles serialised as JSON strings are stored as sent; assertive replace with objects', () => {
    const user = store(generic, genericUsers, createUserBody);
    const added = patch(
      user,
      genericUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"Add","path":"roles","value":[{"value":"{\\"id\\":\\"7a6f\\",\\"value\\":\\"Admin\\",\\"displayName\\":\\"Admin\\"}"}]}]}`,
    ).resource;
    expect(added.roles).toEqual([{ value: '{"id":"7a6f","value":"Admin","displayName":"Admin"}' }]);
    const replaced = patch(
      added,
      genericUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","path":"roles","value":[{"primary":true,"type":"WindowsAzureActiveDirectoryRole","display":"Admin","value":"Admin"}]}]}`,
    ).resource;
    expect(replaced.roles).toEqual([{ primary: true, type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' }]);
  });

  it('re-sending current values reports changed=false', () => {
    const user = store(kintone, kintoneUsers, createUserBody);
    const { changed } = patch(
      user,
      kintoneUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[
      {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"Alice@contoso.com"},
      {"op":"Replace","path":"displayName","value":"Alice Jensen"},
      {"op":"Replace","path":"active","value":"True"}]}`,
    );
    expect(changed).toBe(false);
  });
});

describe('§4.5 disable / enable', () => {
  it.each<[string, string, boolean]>([
    ['default: "False" string', `{"op":"Replace","path":"active","value":"False"}`, false],
    ['flag: real boolean', `{"op":"replace","path":"active","value":false}`, false],
    ['re-enable default', `{"op":"Replace","path":"active","value":"True"}`, true],
    ['re-enable flag', `{"op":"replace","path":"active","value":true}`, true],
  ])('%s', (_label, op, active) => {
    for (const [profile, schema] of [
      [kintone, kintoneUsers],
      [generic, genericUsers],
    ] as const) {
      const user = store(profile, schema, { ...(createUserBody as object), active: !active });
      const { resource, changed } = patch(user, schema, `{"schemas":["${PATCH_OP}"],"Operations":[${op}]}`);
      expect(resource.active).toBe(active);
      expect(changed).toBe(true);
    }
  });
});

describe('§4.7 groups', () => {
  const createGroupBody = JSON.parse(`{
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    "displayName": "Sales",
    "meta": { "resourceType": "Group" }
  }`) as unknown;

  const group = (): ScimResource => store(generic, genericGroups, createGroupBody);

  it('create (no members)', () => {
    expect(normalizeResource(createGroupBody, genericGroups, 'create')).toEqual({
      schemas: [SCIM_SCHEMAS.group],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Sales',
    });
  });

  it('match by displayName with excludedAttributes=members', () => {
    const g = patch(
      group(),
      genericGroups,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"u-1"}]}]}`,
    ).resource;
    const node = parseFilter('displayName eq "Sales"');
    validateFilter(node, genericGroups, (p) => generic.isFilterable(genericGroups, p));
    expect(evaluateFilter(node, g, genericGroups)).toBe(true);
    expect(projectResource(g, genericGroups, { excludedAttributes: parseAttributeList('members') })).not.toHaveProperty('members');
  });

  it('rename', () => {
    const { resource } = patch(
      group(),
      genericGroups,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"Replace","path":"displayName","value":"Sales EMEA"}]}`,
    );
    expect(resource.displayName).toBe('Sales EMEA');
  });

  it('add members (batched), then remove (default and flag shapes)', () => {
    const added = patch(
      group(),
      genericGroups,
      `{"schemas":["${PATCH_OP}"],"Operations":[
      {"op":"Add","path":"members","value":[{"$ref":null,"value":"u-1"},{"$ref":null,"value":"u-2"}]},
      {"op":"Add","path":"members","value":[{"$ref":null,"value":"u-3"}]}]}`,
    ).resource;
    expect(added.members).toEqual([{ value: 'u-1' }, { value: 'u-2' }, { value: 'u-3' }]);

    const again = patch(
      added,
      genericGroups,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"u-1"}]}]}`,
    );
    expect(again.changed).toBe(false);

    const removedDefault = patch(
      added,
      genericGroups,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"u-1"}]}]}`,
    ).resource;
    expect(removedDefault.members).toEqual([{ value: 'u-2' }, { value: 'u-3' }]);

    const removedFlag = patch(
      removedDefault,
      genericGroups,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"remove","path":"members[value eq \\"u-2\\"]"}]}`,
    ).resource;
    expect(removedFlag.members).toEqual([{ value: 'u-3' }]);

    const repeated = patch(
      removedFlag,
      genericGroups,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"remove","path":"members[value eq \\"u-2\\"]"},{"op":"Remove","path":"members","value":[{"value":"u-1"}]}]}`,
    );
    expect(repeated).toEqual({ resource: removedFlag, changed: false });
  });

  it('reference check: id eq … and members eq …', () => {
    const g = {
      ...patch(
        group(),
        genericGroups,
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"u-1"}]}]}`,
      ).resource,
      id: 'g-1',
    };
    const node = parseFilter('id eq "g-1" and members eq "u-1"');
    validateFilter(node, genericGroups, (p) => generic.isFilterable(genericGroups, p));
    expect(evaluateFilter(node, g, genericGroups)).toBe(true);
    expect(evaluateFilter(parseFilter('id eq "g-1" and members eq "u-2"'), g, genericGroups)).toBe(false);
    expect(conjunctiveEqualities(node, genericGroups)).toEqual([{ path: 'id', value: 'g-1' }]);
  });
});

describe('§4.10 aadOptscim062020 shapes', () => {
  it('path-less replace with plain, dotted and URN keys; filtered paths in their own op', () => {
    const user = store(generic, genericUsers, createUserBody);
    const { resource } = patch(
      user,
      genericUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[
      {"op":"replace","value":{
        "displayName":"Alice J",
        "name.givenName":"Alicia",
        "name.familyName":"J",
        "active":false,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"999",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":"mgr-9"}},
      {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"alicia@contoso.com"},
      {"op":"add","path":"title","value":"Engineer"}]}`,
    );
    expect(resource).toEqual({
      ...user,
      displayName: 'Alice J',
      name: { formatted: 'Alice Jensen', givenName: 'Alicia', familyName: 'J' },
      active: false,
      emails: [{ primary: true, type: 'work', value: 'alicia@contoso.com' }],
      title: 'Engineer',
      [ENTERPRISE]: { employeeNumber: '999', department: 'Sales', manager: { value: 'mgr-9' } },
    });
  });

  it('same body on kintone keeps only Kintone attributes', () => {
    const user = store(kintone, kintoneUsers, createUserBody);
    const { resource } = patch(
      user,
      kintoneUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[
      {"op":"replace","value":{"displayName":"Alice J","name.givenName":"Alicia","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"999"}},
      {"op":"add","path":"title","value":"Engineer"}]}`,
    );
    expect(resource).toEqual({ ...user, displayName: 'Alice J', name: { familyName: 'Jensen', givenName: 'Alicia' } });
  });

  it('path-less replace with an extension-URN key holding an object', () => {
    const user = store(generic, genericUsers, createUserBody);
    const { resource } = patch(
      user,
      genericUsers,
      `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Ops","costCenter":"C-1"}}}]}`,
    );
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: '701984', department: 'Ops', costCenter: 'C-1' });
  });
});
