import { httpRequest } from '@app/testing';
import { newUser, startTestEntra, TestEntra } from './harness';

const eventual = { headers: { ConsistencyLevel: 'eventual' } };
const ids = (body: { value: { id: string }[] }) => body.value.map((o) => o.id).sort();
const ref = (kind: string, key: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/${kind}/${key}` });

/** Users by id or userPrincipalName, the directory's navigation properties, $count segments, /organization, /beta. */
describe('Graph directory keys and navigations', () => {
  let entra: TestEntra;
  let boss: { id: string };
  let adele: { id: string };
  let lynne: { id: string };
  let sales: { id: string };
  let retail: { id: string };

  const group = async (displayName: string, mailNickname: string) =>
    (await entra.graph('POST', '/groups', { body: { displayName, mailNickname, mailEnabled: false, securityEnabled: true } })).body;
  const addMember = async (groupId: string, memberId: string) =>
    expect((await entra.graph('POST', `/groups/${groupId}/members/$ref`, { body: ref('directoryObjects', memberId) })).status).toBe(204);

  beforeAll(async () => {
    entra = await startTestEntra();
    boss = (await entra.graph('POST', '/users', { body: newUser('miriam.graham@contoso.com', { displayName: 'Miriam Graham' }) })).body;
    adele = (
      await entra.graph('POST', '/users', { body: newUser('adele.vance@contoso.com', { displayName: 'Adele Vance', givenName: 'Adele' }) })
    ).body;
    lynne = (await entra.graph('POST', '/users', { body: newUser('lynne.robbins@fabrikam.com', { displayName: 'Lynne Robbins' }) })).body;
    sales = await group('Sales', 'sales');
    retail = await group('Retail', 'retail');
    await addMember(sales.id, adele.id);
    await addMember(sales.id, retail.id);
    await addMember(retail.id, lynne.id);
    for (const report of [adele, lynne]) {
      expect((await entra.graph('PUT', `/users/${report.id}/manager/$ref`, { body: ref('users', boss.id) })).status).toBe(204);
    }
  });
  afterAll(() => entra.stop());

  describe('/users/{id | userPrincipalName}', () => {
    it.each([
      ['as stored', 'adele.vance@contoso.com'],
      ['in another case', 'ADELE.Vance@Contoso.COM'],
      ['URL-encoded', 'adele.vance%40contoso.com'],
      ['URL-encoded in another case', 'Adele.Vance%40CONTOSO.com'],
    ])('GET finds a user by userPrincipalName %s', async (_name, key) => {
      const res = await entra.graph('GET', `/users/${key}?$select=id,userPrincipalName`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        '@odata.context': `${entra.url}/v1.0/$metadata#users/$entity`,
        id: adele.id,
        userPrincipalName: 'adele.vance@contoso.com',
      });
    });

    it('finds a userPrincipalName of the longest length Graph allows (113 characters), encoded or not', async () => {
      const upn = `${'a'.repeat(64)}@${'d'.repeat(44)}.com`;
      expect(upn).toHaveLength(113);
      const { body: long } = await entra.graph('POST', '/users', { body: newUser(upn) });
      for (const key of [upn, encodeURIComponent(upn), [...upn].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')]) {
        const res = await entra.graph('GET', `/users/${key}?$select=id`);
        expect([key.length, res.status, res.body.id]).toEqual([key.length, 200, long.id]);
      }
    });

    it('answers an unknown userPrincipalName or id with 404 Request_ResourceNotFound', async () => {
      for (const key of ['nobody@contoso.com', 'nobody%40contoso.com', '00000000-0000-4000-8000-00000000dead', 'not-a-key']) {
        const res = await entra.graph('GET', `/users/${key}`);
        expect([key, res.status, res.body.error.code]).toEqual([key, 404, 'Request_ResourceNotFound']);
      }
    });

    it('PATCH, manager GET/PUT/DELETE $ref, memberOf, appRoleAssignments and DELETE take a userPrincipalName', async () => {
      const { body: temp } = await entra.graph('POST', '/users', { body: newUser('Temp.Worker@contoso.com') });
      expect((await entra.graph('PATCH', '/users/temp.worker%40contoso.com', { body: { jobTitle: 'Temp' } })).status).toBe(204);
      expect((await entra.graph('GET', `/users/${temp.id}?$select=jobTitle`)).body.jobTitle).toBe('Temp');

      expect(
        (await entra.graph('PUT', '/users/TEMP.WORKER@contoso.com/manager/$ref', { body: ref('users', 'miriam.graham@contoso.com') }))
          .status,
      ).toBe(204);
      const manager = await entra.graph('GET', '/users/temp.worker@contoso.com/manager');
      expect(manager.body).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: boss.id });
      expect((await entra.graph('DELETE', '/users/temp.worker%40contoso.com/manager/$ref')).status).toBe(204);
      expect((await entra.graph('GET', `/users/${temp.id}/manager`)).status).toBe(404);

      await addMember(sales.id, temp.id);
      const memberOf = await entra.graph('GET', '/users/temp.worker@contoso.com/memberOf');
      expect(ids(memberOf.body)).toEqual([sales.id]);
      const assignments = await entra.graph('GET', '/users/temp.worker@contoso.com/appRoleAssignments');
      expect(assignments.status).toBe(200);
      expect(assignments.body.value).toEqual([]);

      expect((await entra.graph('DELETE', '/users/temp.worker%40contoso.com')).status).toBe(204);
      expect((await entra.graph('GET', '/users/temp.worker@contoso.com')).status).toBe(404);
      expect((await entra.graph('GET', `/users/${temp.id}/memberOf`)).status).toBe(404);
      expect((await entra.graph('PATCH', '/users/temp.worker@contoso.com', { body: { jobTitle: 'x' } })).status).toBe(404);
    });

    it('adds a member by a users/{userPrincipalName} reference', async () => {
      const g = await group('By UPN', 'byupn');
      const { body: joiner } = await entra.graph('POST', '/users', { body: newUser('joiner@fabrikam.com') });
      expect((await entra.graph('POST', `/groups/${g.id}/members/$ref`, { body: ref('users', 'Joiner%40Fabrikam.com') })).status).toBe(204);
      expect(ids((await entra.graph('GET', `/groups/${g.id}/members`)).body)).toEqual([joiner.id]);
      expect((await entra.graph('POST', `/groups/${g.id}/members/$ref`, { body: ref('users', 'nobody@fabrikam.com') })).status).toBe(404);
    });
  });

  describe('navigation properties', () => {
    it('memberOf and transitiveMemberOf of a user, as directoryObjects', async () => {
      const direct = await entra.graph('GET', `/users/${lynne.id}/memberOf`);
      expect(direct.status).toBe(200);
      expect(direct.body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#directoryObjects`);
      expect(direct.body.value).toEqual([
        expect.objectContaining({ '@odata.type': '#microsoft.graph.group', id: retail.id, displayName: 'Retail' }),
      ]);
      const transitive = await entra.graph('GET', `/users/${lynne.id}/transitiveMemberOf`);
      expect(ids(transitive.body)).toEqual([retail.id, sales.id].sort());
      expect(transitive.body.value.every((o: Record<string, unknown>) => o['@odata.type'] === '#microsoft.graph.group')).toBe(true);
    });

    it('directReports of a manager', async () => {
      const res = await entra.graph('GET', `/users/${boss.id}/directReports`);
      expect(res.status).toBe(200);
      expect(res.body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#directoryObjects`);
      expect(ids(res.body)).toEqual([adele.id, lynne.id].sort());
      expect(res.body.value[0]).toMatchObject({ '@odata.type': '#microsoft.graph.user', userPrincipalName: expect.any(String) });
      expect((await entra.graph('GET', '/users/miriam.graham@contoso.com/directReports?$select=id')).body.value).toHaveLength(2);
      expect((await entra.graph('GET', `/users/${adele.id}/directReports`)).body.value).toEqual([]);
    });

    it('transitiveMembers of a group: users and groups at any depth, each once', async () => {
      const res = await entra.graph('GET', `/groups/${sales.id}/transitiveMembers`);
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual([adele.id, lynne.id, retail.id].sort());
      const types = Object.fromEntries(res.body.value.map((o: Record<string, string>) => [o.id, o['@odata.type']]));
      expect(types).toEqual({
        [adele.id]: '#microsoft.graph.user',
        [lynne.id]: '#microsoft.graph.user',
        [retail.id]: '#microsoft.graph.group',
      });
      // A cycle (Retail in Sales in Retail) ends; the group itself is never its own member.
      await addMember(retail.id, sales.id);
      try {
        expect(ids((await entra.graph('GET', `/groups/${sales.id}/transitiveMembers`)).body)).toEqual(
          [adele.id, lynne.id, retail.id].sort(),
        );
        expect(ids((await entra.graph('GET', `/users/${lynne.id}/transitiveMemberOf`)).body)).toEqual([retail.id, sales.id].sort());
      } finally {
        expect((await entra.graph('DELETE', `/groups/${retail.id}/members/${sales.id}/$ref`)).status).toBe(204);
      }
    });

    it('owners: an empty directoryObjects collection (provsim keeps no owners); 404 for an unknown group', async () => {
      const res = await entra.graph('GET', `/groups/${sales.id}/owners`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ '@odata.context': `${entra.url}/v1.0/$metadata#directoryObjects`, value: [] });
      expect((await entra.graph('GET', '/groups/00000000-0000-4000-8000-00000000dead/owners')).status).toBe(404);
    });

    it('navigations of unknown objects are 404 in Graph envelope', async () => {
      for (const path of [
        '/users/nobody@contoso.com/transitiveMemberOf',
        '/users/00000000-0000-4000-8000-00000000dead/directReports',
        '/groups/not-a-guid/transitiveMembers',
      ]) {
        const res = await entra.graph('GET', path);
        expect([path, res.status, res.body.error.code]).toEqual([path, 404, 'Request_ResourceNotFound']);
      }
    });
  });

  describe('members with $top, $select, $skiptoken and $count', () => {
    let big: { id: string };
    const memberIds: string[] = [];
    beforeAll(async () => {
      big = await group('Big', 'big');
      for (let i = 0; i < 5; i++) {
        const { body } = await entra.graph('POST', '/users', { body: newUser(`member${i}@contoso.com`) });
        memberIds.push(body.id);
        await addMember(big.id, body.id);
      }
      const nested = await group('Nested', 'nested');
      await addMember(big.id, nested.id);
      memberIds.push(nested.id);
    });

    it('pages with $top and @odata.nextLink, every member once', async () => {
      const seen: string[] = [];
      let url: string | undefined = `${entra.graphUrl}/groups/${big.id}/members?$top=2&$select=id,displayName`;
      let pages = 0;
      while (url && pages < 10) {
        const res: any = await httpRequest('GET', url, { token: entra.identity.adminToken });
        expect(res.status).toBe(200);
        expect(res.body.value.length).toBeLessThanOrEqual(2);
        for (const o of res.body.value) expect(Object.keys(o).sort()).toEqual(['@odata.type', 'displayName', 'id']);
        seen.push(...res.body.value.map((o: { id: string }) => o.id));
        url = res.body['@odata.nextLink'];
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual([...memberIds].sort());
    });

    it('$select keeps the properties each type has', async () => {
      const res = await entra.graph('GET', `/groups/${big.id}/members?$select=userPrincipalName,description`);
      expect(res.status).toBe(200);
      const user = res.body.value.find((o: Record<string, string>) => o['@odata.type'] === '#microsoft.graph.user');
      const grp = res.body.value.find((o: Record<string, string>) => o['@odata.type'] === '#microsoft.graph.group');
      expect(Object.keys(user).sort()).toEqual(['@odata.type', 'id', 'userPrincipalName']);
      expect(Object.keys(grp).sort()).toEqual(['@odata.type', 'description', 'id']);
    });

    it('$count=true needs ConsistencyLevel: eventual; bad $top, $select and $skiptoken are 400', async () => {
      const counted = await entra.graph('GET', `/groups/${big.id}/members?$count=true&$top=1`, eventual);
      expect(counted.body['@odata.count']).toBe(6);
      expect(counted.body.value).toHaveLength(1);
      for (const query of ['$count=true', '$top=0', '$top=1000', '$top=x', '$select=favouriteColour', '$skiptoken=garbage']) {
        const res = await entra.graph('GET', `/groups/${big.id}/members?${query}`);
        expect([query, res.status, typeof res.body.error?.code]).toEqual([query, 400, 'string']);
      }
    });
  });

  describe('$count segments', () => {
    it('/users/$count, /groups/$count and /groups/{id}/members/$count answer a text/plain number', async () => {
      const users = await entra.graph('GET', '/users/$count', eventual);
      expect(users.status).toBe(200);
      expect(users.headers['content-type']).toMatch(/^text\/plain/);
      const all = await entra.graph('GET', '/users?$top=999');
      expect(users.text).toBe(String(all.body.value.length));
      const groups = await entra.graph('GET', '/groups/$count', eventual);
      expect(groups.text).toBe(String((await entra.graph('GET', '/groups?$top=999')).body.value.length));
      const members = await entra.graph('GET', `/groups/${sales.id}/members/$count`, eventual);
      expect(members.text).toBe('2');
      const filtered = await entra.graph(
        'GET',
        `/users/$count?$filter=${encodeURIComponent("startswith(userPrincipalName,'adele')")}`,
        eventual,
      );
      expect(filtered.text).toBe('1');
    });

    it("without ConsistencyLevel: eventual they are Graph's 400", async () => {
      for (const path of ['/users/$count', '/groups/$count', `/groups/${sales.id}/members/$count`]) {
        const res = await entra.graph('GET', path);
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'Request_BadRequest', message: '$count is not currently supported.' });
      }
    });
  });

  describe('/organization', () => {
    it('lists one organization: the tenant id, a name and its verified domains', async () => {
      const res = await entra.graph('GET', '/organization');
      expect(res.status).toBe(200);
      expect(res.body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#organization`);
      expect(res.body.value).toHaveLength(1);
      const org = res.body.value[0];
      expect(org).toMatchObject({ id: entra.identity.tenantId, displayName: expect.any(String), tenantType: 'AAD' });
      expect(org.verifiedDomains).toEqual(
        expect.arrayContaining([
          {
            capabilities: 'Email, OfficeCommunicationsOnlineService',
            isDefault: true,
            isInitial: true,
            name: 'provsim.onmicrosoft.com',
            type: 'Managed',
          },
          expect.objectContaining({ name: 'contoso.com', isInitial: false, isDefault: false, type: 'Managed' }),
          expect.objectContaining({ name: 'fabrikam.com', isInitial: false }),
        ]),
      );
      const one = await entra.graph('GET', `/organization/${entra.identity.tenantId}?$select=id,verifiedDomains`);
      expect(one.status).toBe(200);
      expect(one.body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#organization(id,verifiedDomains)/$entity`);
      expect(Object.keys(one.body).sort()).toEqual(['@odata.context', 'id', 'verifiedDomains']);
      expect((await entra.graph('GET', '/organization/00000000-0000-4000-8000-00000000dead')).status).toBe(404);
    });
  });

  describe('/beta', () => {
    it('serves users and groups with the same handlers, naming beta in @odata.context', async () => {
      const beta = (path: string, options = {}) =>
        httpRequest('GET', `${entra.url}/beta${path}`, { token: entra.identity.adminToken, ...options });
      const user = await beta('/users/adele.vance%40contoso.com');
      expect(user.status).toBe(200);
      expect(user.body).toMatchObject({ '@odata.context': `${entra.url}/beta/$metadata#users/$entity`, id: adele.id });
      const list = await beta('/groups?$select=id,displayName');
      expect(list.body['@odata.context']).toBe(`${entra.url}/beta/$metadata#groups(id,displayName)`);
      const members = await beta(`/groups/${sales.id}/members`);
      expect(members.body['@odata.context']).toBe(`${entra.url}/beta/$metadata#directoryObjects`);
      expect(ids(members.body)).toEqual([adele.id, retail.id].sort());
      expect((await beta('/users/$count', eventual)).status).toBe(200);
      expect((await beta(`/users/${lynne.id}/transitiveMemberOf`)).body.value).toHaveLength(2);
      const delta = await beta('/groups/delta?$select=displayName');
      expect(delta.body['@odata.deltaLink']).toMatch(new RegExp(`^${entra.url}/beta/groups/delta\\?\\$deltatoken=`));
      expect((await beta('/organization')).body['@odata.context']).toBe(`${entra.url}/beta/$metadata#organization`);
      const created = await httpRequest('POST', `${entra.url}/beta/users`, {
        token: entra.identity.adminToken,
        contentType: 'application/json',
        body: newUser('beta.user@contoso.com'),
      });
      expect(created.status).toBe(201);
      expect(created.body['@odata.context']).toBe(`${entra.url}/beta/$metadata#users/$entity`);
      expect((await httpRequest('GET', `${entra.url}/beta/users/${adele.id}`)).status).toBe(401);
    });
  });
});
