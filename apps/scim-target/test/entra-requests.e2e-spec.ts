import { randomUUID } from 'node:crypto';
import { startTestScimTarget, TestScimTarget } from './harness';

/**
 * Replays, as-is, the requests the Entra provisioning service sends (reference §4.2–4.7 and the
 * aadOptscim062020 shapes of §4.10) against the running app, and checks answers and stored state.
 */
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const q = encodeURIComponent;

function entraCreateBody(upn: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER, ENTERPRISE],
    externalId: upn.split('@')[0],
    userName: upn,
    active: true,
    addresses: null,
    title: null,
    displayName: 'Barbara Jensen',
    emails: [{ primary: true, type: 'work', value: upn }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Barbara Jensen', familyName: 'Jensen', givenName: 'Barbara' },
    [ENTERPRISE]: { department: 'Sales', employeeNumber: '701984' },
    ...extra,
  };
}

describe.each(['kintone', 'generic'])('Entra user requests against the %s profile', (profile) => {
  let target: TestScimTarget;
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: profile });
  });
  afterAll(() => target.stop());

  it('§4.2 test connection: filter on a random GUID answers 200 and an empty ListResponse', async () => {
    const res = await target.scim('GET', `/Users?filter=${q(`userName eq "${randomUUID()}"`)}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toEqual({ schemas: [LIST], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 });
  });

  it('§4.3 create: match finds nothing, POST answers 201 with id and Location, the next match finds it', async () => {
    const upn = 'bjensen@contoso.com';
    const miss = await target.scim('GET', `/Users?filter=${q(`userName eq "${upn}"`)}`);
    expect(miss.body.totalResults).toBe(0);

    const created = await target.scim('POST', '/Users', { body: entraCreateBody(upn) });
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(String));
    expect(created.headers.location).toBe(`${target.scimBaseUrl}/Users/${created.body.id}`);
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.body).toMatchObject({
      userName: upn,
      active: true,
      displayName: 'Barbara Jensen',
      externalId: 'bjensen',
      emails: [{ primary: true, type: 'work', value: upn }],
      meta: { resourceType: 'User', location: created.headers.location, version: 'W/"1"' },
    });
    // nulls mean "absent"; the kintone profile has neither title nor addresses at all.
    expect(created.body).not.toHaveProperty('title');
    expect(created.body).not.toHaveProperty('addresses');
    if (profile === 'kintone') {
      expect(created.body.name).toEqual({ familyName: 'Jensen', givenName: 'Barbara' });
      expect(created.body).not.toHaveProperty(ENTERPRISE);
      expect(created.body.schemas).toEqual([USER]);
    } else {
      expect(created.body.name).toEqual({ formatted: 'Barbara Jensen', familyName: 'Jensen', givenName: 'Barbara' });
      expect(created.body[ENTERPRISE]).toEqual({ department: 'Sales', employeeNumber: '701984' });
      expect(created.body.schemas).toEqual([USER, ENTERPRISE]);
    }

    const hit = await target.scim('GET', `/Users?filter=${q(`userName eq "${upn.toUpperCase()}"`)}`);
    expect(hit.body.totalResults).toBe(1);
    expect(hit.body.Resources[0].id).toBe(created.body.id);
  });

  it('§4.3 a second create with the same userName (any case) is 409 uniqueness', async () => {
    const res = await target.scim('POST', '/Users', { body: entraCreateBody('BJensen@Contoso.com') });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('§4.4 default PATCH: one capitalised op per path, filtered email path, Add for new values', async () => {
    const { body: user } = await target.scim('POST', '/Users', { body: entraCreateBody('update@contoso.com') });
    const res = await target.scim('PATCH', `/Users/${user.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
          { op: 'Replace', path: 'name.familyName', value: 'NewName' },
          { op: 'Add', path: 'nickName', value: 'Babs' },
          { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '42' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    const { body: after } = await target.scim('GET', `/Users/${user.id}`);
    expect(after.emails).toEqual([{ primary: true, type: 'work', value: 'new@contoso.com' }]);
    expect(after.name.familyName).toBe('NewName');
    if (profile === 'generic') {
      expect(after.nickName).toBe('Babs');
      expect(after[ENTERPRISE].employeeNumber).toBe('42');
    } else {
      expect(after).not.toHaveProperty('nickName');
      expect(after).not.toHaveProperty(ENTERPRISE);
    }
  });

  it('§4.4 re-sending identical values changes nothing (no new version): values are stored as sent', async () => {
    const { body: user } = await target.scim('POST', '/Users', { body: entraCreateBody('Verbatim@Contoso.com') });
    const res = await target.scim('PATCH', `/Users/${user.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Replace', path: 'userName', value: 'Verbatim@Contoso.com' },
          { op: 'Replace', path: 'displayName', value: 'Barbara Jensen' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.body.userName).toBe('Verbatim@Contoso.com');
  });

  it('§4.5 disable with "False" (default) and enable with a real boolean (flag)', async () => {
    const { body: user } = await target.scim('POST', '/Users', { body: entraCreateBody('toggle@contoso.com') });
    const off = await target.scim('PATCH', `/Users/${user.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const on = await target.scim('PATCH', `/Users/${user.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] },
    });
    expect(on.body.active).toBe(true);
    // A disabled user is still returned by GET and by the matching filter.
    await target.scim('PATCH', `/Users/${user.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    });
    const found = await target.scim('GET', `/Users?filter=${q('userName eq "toggle@contoso.com"')}`);
    expect(found.body.Resources[0].active).toBe(false);
  });

  it('§4.6 DELETE answers 204, then the user is gone (404 in the SCIM envelope)', async () => {
    const { body: user } = await target.scim('POST', '/Users', { body: entraCreateBody('gone@contoso.com') });
    const del = await target.scim('DELETE', `/Users/${user.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    const get = await target.scim('GET', `/Users/${user.id}`);
    expect(get.status).toBe(404);
    expect(get.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    expect((await target.scim('DELETE', `/Users/${user.id}`)).status).toBe(404);
  });

  it('§4.10 aadOptscim062020: one path-less replace with dotted and URN keys, filtered paths on their own', async () => {
    const { body: user } = await target.scim('POST', '/Users', { body: entraCreateBody('flag@contoso.com') });
    const res = await target.scim('PATCH', `/Users/${user.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: 'replace',
            value: {
              displayName: 'Babs Jensen',
              'name.givenName': 'Babs',
              active: false,
              [`${ENTERPRISE}:department`]: 'Marketing',
            },
          },
          { op: 'replace', path: 'emails[type eq "work"].value', value: 'babs@contoso.com' },
          { op: 'add', path: 'externalId', value: 'babs' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      displayName: 'Babs Jensen',
      name: { givenName: 'Babs', familyName: 'Jensen' },
      active: false,
      externalId: 'babs',
      emails: [{ primary: true, type: 'work', value: 'babs@contoso.com' }],
    });
    if (profile === 'generic') expect(res.body[ENTERPRISE].department).toBe('Marketing');
  });

  it('accepts an empty Operations list', async () => {
    const { body: user } = await target.scim('POST', '/Users', { body: entraCreateBody('empty-ops@contoso.com') });
    const res = await target.scim('PATCH', `/Users/${user.id}`, { body: { schemas: [PATCH_OP], Operations: [] } });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('W/"1"');
  });
});

describe('kintone profile specifics', () => {
  let target: TestScimTarget;
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'kintone' });
  });
  afterAll(() => target.stop());

  it('userName is the only filterable attribute', async () => {
    const res = await target.scim('GET', `/Users?filter=${q('externalId eq "x"')}`);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidFilter');
  });

  it('has no Groups endpoint', async () => {
    const res = await target.scim('GET', `/Groups?excludedAttributes=members&filter=${q('displayName eq "Sales"')}`);
    expect(res.status).toBe(404);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    // Not even a 405 with an Allow header for other methods: the path does not exist here.
    for (const [method, path] of [
      ['PUT', '/Groups'],
      ['POST', `/Groups/${randomUUID()}`],
    ]) {
      const refused = await target.scim(method, path, { body: {} });
      expect({ method, status: refused.status, allow: refused.headers.allow }).toEqual({ method, status: 404, allow: undefined });
    }
    const users = await target.scim('PUT', '/Users', { body: {} });
    expect({ status: users.status, allow: users.headers.allow }).toEqual({ status: 405, allow: 'GET, POST' });
  });

  it('discovery documents describe the profile', async () => {
    const types = await target.scim('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { name: string }) => r.name)).toEqual(['User']);
    const schemas = await target.scim('GET', '/Schemas');
    const user = schemas.body.Resources.find((s: { id: string }) => s.id === USER);
    const names = user.attributes.map((a: { name: string }) => a.name).sort();
    // externalId is a common attribute (RFC 7643 §3.1): accepted and stored, not listed in the schema.
    expect(names).toEqual(['active', 'displayName', 'emails', 'name', 'userName']);
    expect(names).not.toContain('nickName');
    const config = await target.scim('GET', '/ServiceProviderConfig');
    expect(config.body.patch.supported).toBe(true);
    expect(config.body.filter.supported).toBe(true);
  });
});

describe('generic profile: manager and groups (§4.4, §4.7)', () => {
  let target: TestScimTarget;
  const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'generic' });
  });
  afterAll(() => target.stop());

  it('manager as a bare string, by URN path and by plain path', async () => {
    const { body: boss } = await target.scim('POST', '/Users', { body: entraCreateBody('boss@contoso.com') });
    const { body: user } = await target.scim('POST', '/Users', { body: entraCreateBody('report@contoso.com') });
    const res = await target.scim('PATCH', `/Users/${user.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: boss.id }] },
    });
    expect(res.status).toBe(200);
    expect(res.body[ENTERPRISE].manager).toEqual({ value: boss.id });
    const again = await target.scim('PATCH', `/Users/${user.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'manager', value: boss.id }] },
    });
    expect(again.body[ENTERPRISE].manager).toEqual({ value: boss.id });
  });

  it('older manager shape, roles as JSON strings (default) and as objects (Assertive replace)', async () => {
    const { body: boss } = await target.scim('POST', '/Users', { body: entraCreateBody('boss2@contoso.com') });
    const { body: user } = await target.scim('POST', '/Users', { body: entraCreateBody('roles@contoso.com') });
    const roleJson = JSON.stringify({ id: 'b0b3a1e5-0000-4000-8000-000000000001', value: 'Admin', displayName: 'Admin' });
    const res = await target.scim('PATCH', `/Users/${user.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Add', path: 'manager', value: [{ $ref: `../Users/${boss.id}`, value: boss.id }] },
          { op: 'Add', path: 'roles', value: [{ value: roleJson }] },
          { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
          { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body[ENTERPRISE].manager.value).toBe(boss.id);
    expect(res.body.roles).toEqual([{ value: roleJson }]);
    expect(res.body.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0100' }]);
    expect(res.body.addresses).toEqual([{ type: 'work', postalCode: '98052' }]);
    const assertive = await target.scim('PATCH', `/Users/${user.id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [
          {
            op: 'replace',
            path: 'roles',
            value: [{ primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Reader', value: 'Reader' }],
          },
        ],
      },
    });
    expect(assertive.body.roles).toEqual([{ primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Reader', value: 'Reader' }]);
  });

  it('renaming a user onto a taken userName is 409 uniqueness and changes nothing', async () => {
    const { body: a } = await target.scim('POST', '/Users', { body: entraCreateBody('first@contoso.com') });
    await target.scim('POST', '/Users', { body: entraCreateBody('second@contoso.com') });
    const res = await target.scim('PATCH', `/Users/${a.id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'userName', value: 'SECOND@contoso.com' }] },
    });
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
    expect((await target.scim('GET', `/Users/${a.id}`)).body).toMatchObject({ userName: 'first@contoso.com', meta: { version: 'W/"1"' } });
  });

  it('concurrent member adds to one group are all kept (no lost update)', async () => {
    const users = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) => (await target.scim('POST', '/Users', { body: entraCreateBody(`member${i}@contoso.com`) })).body.id as string,
      ),
    );
    const { body: group } = await target.scim('POST', '/Groups', { body: { schemas: [GROUP], displayName: 'Concurrent' } });
    const answers = await Promise.all(
      users.map((value) =>
        target.scim('PATCH', `/Groups/${group.id}`, {
          body: { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value }] }] },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(users.map(() => 204));
    const { body: after } = await target.scim('GET', `/Groups/${group.id}`);
    expect(after.members.map((m: { value: string }) => m.value).sort()).toEqual([...users].sort());
    expect(after.meta.version).toBe('W/"21"');
  });

  it('group lifecycle exactly as Entra drives it', async () => {
    const users = await Promise.all(
      ['g1@contoso.com', 'g2@contoso.com', 'g3@contoso.com'].map(
        async (upn) => (await target.scim('POST', '/Users', { body: entraCreateBody(upn) })).body.id as string,
      ),
    );
    const match = await target.scim('GET', `/Groups?excludedAttributes=members&filter=${q('displayName eq "Sales"')}`);
    expect(match.status).toBe(200);
    expect(match.body.totalResults).toBe(0);

    const created = await target.scim('POST', '/Groups', {
      body: {
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        displayName: 'Sales',
        meta: { resourceType: 'Group' },
        schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      },
    });
    expect(created.status).toBe(201);
    const gid = created.body.id;
    expect(created.body.schemas).toEqual([GROUP]);
    expect(created.body.members ?? []).toEqual([]);

    const rename = await target.scim('PATCH', `/Groups/${gid}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'displayName', value: 'Sales EMEA' }] },
    });
    expect(rename.status).toBe(204);

    const add = await target.scim('PATCH', `/Groups/${gid}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: 'Add', path: 'members', value: users.map((value) => ({ $ref: null, value })) }],
      },
    });
    expect(add.status).toBe(204);

    const check = await target.scim('GET', `/Groups?filter=${q(`id eq "${gid}" and members eq "${users[0]}"`)}&excludedAttributes=members`);
    expect(check.body.totalResults).toBe(1);
    expect(check.body.Resources[0]).not.toHaveProperty('members');

    // default removal shape, then the flag's filtered-path shape
    await target.scim('PATCH', `/Groups/${gid}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: users[0] }] }] },
    });
    await target.scim('PATCH', `/Groups/${gid}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${users[1]}"]` }] },
    });
    const got = await target.scim('GET', `/Groups/${gid}`);
    expect(got.body.displayName).toBe('Sales EMEA');
    expect(got.body.members.map((m: { value: string }) => m.value)).toEqual([users[2]]);
    const without = await target.scim('GET', `/Groups/${gid}?excludedAttributes=members`);
    expect(without.body).not.toHaveProperty('members');

    expect((await target.scim('DELETE', `/Groups/${gid}`)).status).toBe(204);
    expect((await target.scim('GET', `/Groups/${gid}`)).status).toBe(404);
  });
});
