import { newUser, startTestEntra, TestEntra } from './harness';

describe('Graph /v1.0/groups and the change log', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra();
  });
  afterAll(() => entra.stop());

  it('group CRUD, members add/list/remove by $ref, soft delete and restore', async () => {
    const created = await entra.graph('POST', '/groups', {
      body: { displayName: 'Sales', mailNickname: 'sales', mailEnabled: false, securityEnabled: true, description: 'Sales team' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: 'Sales', securityEnabled: true, mailEnabled: false, description: 'Sales team' });
    const gid = created.body.id;
    const { body: alice } = await entra.graph('POST', '/users', { body: newUser('alice@contoso.com') });
    const { body: bob } = await entra.graph('POST', '/users', { body: newUser('bob@contoso.com') });

    for (const user of [alice, bob]) {
      const add = await entra.graph('POST', `/groups/${gid}/members/$ref`, {
        body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` },
      });
      expect(add.status).toBe(204);
    }
    const again = await entra.graph('POST', `/groups/${gid}/members/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${alice.id}` },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/already exist/);
    const ghost = await entra.graph('POST', `/groups/${gid}/members/$ref`, {
      body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/00000000-0000-4000-8000-000000000000' },
    });
    expect(ghost.status).toBe(404);

    let members = await entra.graph('GET', `/groups/${gid}/members`);
    expect(members.body.value.map((m: { id: string }) => m.id).sort()).toEqual([alice.id, bob.id].sort());
    expect(members.body.value[0]['@odata.type']).toBe('#microsoft.graph.user');

    // a soft-deleted member disappears from the list and comes back on restore
    await entra.graph('DELETE', `/users/${bob.id}`);
    members = await entra.graph('GET', `/groups/${gid}/members`);
    expect(members.body.value.map((m: { id: string }) => m.id)).toEqual([alice.id]);
    await entra.graph('POST', `/directory/deletedItems/${bob.id}/restore`);
    members = await entra.graph('GET', `/groups/${gid}/members`);
    expect(members.body.value).toHaveLength(2);

    expect((await entra.graph('DELETE', `/groups/${gid}/members/${alice.id}/$ref`)).status).toBe(204);
    expect((await entra.graph('DELETE', `/groups/${gid}/members/${alice.id}/$ref`)).status).toBe(404);

    expect((await entra.graph('PATCH', `/groups/${gid}`, { body: { displayName: 'Sales EMEA' } })).status).toBe(204);
    expect((await entra.graph('GET', `/groups/${gid}`)).body.displayName).toBe('Sales EMEA');
    expect((await entra.graph('PATCH', `/groups/${gid}`, { body: { visibility: 'Public' } })).status).toBe(400);

    expect((await entra.graph('DELETE', `/groups/${gid}`)).status).toBe(204);
    expect((await entra.graph('GET', `/groups/${gid}`)).status).toBe(404);
    const bin = await entra.graph('GET', '/directory/deletedItems/microsoft.graph.group');
    expect(bin.body.value.map((g: { id: string }) => g.id)).toEqual([gid]);
    const restored = await entra.graph('POST', `/directory/deletedItems/${gid}/restore`);
    expect(restored.body).toMatchObject({ '@odata.type': '#microsoft.graph.group', id: gid, displayName: 'Sales EMEA' });
    await entra.graph('DELETE', `/groups/${gid}`);
    expect((await entra.graph('DELETE', `/directory/deletedItems/${gid}`)).status).toBe(204);
    expect((await entra.graph('GET', `/directory/deletedItems/${gid}`)).status).toBe(404);
  });

  it("requires Graph's mandatory group properties", async () => {
    const res = await entra.graph('POST', '/groups', { body: { displayName: 'No nickname' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('Request_BadRequest');
  });

  it('lists groups with $filter and $select', async () => {
    await entra.graph('POST', '/groups', {
      body: { displayName: 'Marketing', mailNickname: 'mkt', mailEnabled: true, securityEnabled: false },
    });
    const res = await entra.graph(
      'GET',
      `/groups?$filter=${encodeURIComponent("startswith(displayName,'mark') and mailEnabled eq true")}&$select=id,displayName`,
    );
    expect(res.status).toBe(200);
    expect(res.body.value).toEqual([{ id: expect.any(String), displayName: 'Marketing' }]);
  });
});
