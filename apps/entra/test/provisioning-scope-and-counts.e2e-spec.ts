import { expectOk, startTestLoop, TestLoop } from './loop-harness';

const MINUTE = 60_000;
const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

/** "Sync all users and groups" (reference §2.1) and the connector data store counts (§1.6), on the generic SCIM profile. */
describe('provisioning: scope "Sync all" and synchronized entry counts', () => {
  jest.setTimeout(120_000);
  let loop: TestLoop;
  afterEach(() => loop?.stop());

  async function createGroup(name: string): Promise<string> {
    const res = await loop.entra.graph('POST', '/groups', {
      body: { displayName: name, mailNickname: name.replace(/\W/g, ''), securityEnabled: true, mailEnabled: false },
    });
    expectOk(res, 201);
    return res.body.id;
  }

  async function putSecrets(extra: { key: string; value: string }[]): Promise<void> {
    expectOk(
      await loop.entra.graph('PUT', `/servicePrincipals/${loop.spId}/synchronization/secrets`, {
        body: {
          value: [{ key: 'BaseAddress', value: loop.target.scimBaseUrl }, { key: 'SecretToken', value: loop.target.token }, ...extra],
        },
      }),
      204,
    );
  }

  async function targetGroups(): Promise<any[]> {
    return (await loop.readTarget('/Groups?count=1000')).body.Resources ?? [];
  }

  function counts(job: any): Record<string, number> {
    return Object.fromEntries((job.status.synchronizedEntryCountByType ?? []).map((c: any) => [c.key.split(' ')[0], c.value]));
  }

  it('SyncAll "true" then restart: every user and group the scoping filter admits is provisioned, assigned or not', async () => {
    loop = await startTestLoop({ profile: 'generic' });
    const assigned = await loop.createUser('all-assigned@contoso.com', { department: 'Sales' });
    await loop.createUser('all-unassigned@contoso.com', { department: 'Sales' });
    await loop.createUser('all-filtered@contoso.com', { department: 'Engineering' });
    await loop.assign(assigned);
    await createGroup('All unassigned group');
    await loop.cycle();
    expect((await loop.targetUsers()).map((u) => u.userName).filter((n: string) => n.startsWith('all-'))).toEqual([
      'all-assigned@contoso.com',
    ]);

    // Users: Sales only (a scoping filter narrows "Sync all", §2.1).
    const schema = (await loop.entra.graph('GET', `${loop.jobPath}/schema`)).body;
    const users = schema.synchronizationRules[0].objectMappings.find((m: any) => m.sourceObjectName === 'User');
    users.scope = {
      groups: [
        {
          name: 'Sales only',
          clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Sales'] } }],
        },
      ],
    };
    expectOk(await loop.entra.graph('PUT', `${loop.jobPath}/schema`, { body: schema }), 204);
    await putSecrets([{ key: 'SyncAll', value: 'true' }]);
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/restart`, { body: { criteria: { resetScope: 'Full' } } }), 204);
    await loop.cycle();
    let job = await loop.job();
    expect(job.status.lastExecution).toMatchObject({ state: 'Succeeded', error: null });
    expect(job.status.code).toBe('Active');
    const names = (await loop.targetUsers())
      .map((u) => u.userName)
      .filter((n: string) => n.startsWith('all-'))
      .sort();
    expect(names).toEqual(['all-assigned@contoso.com', 'all-unassigned@contoso.com']);
    expect((await targetGroups()).map((g) => g.displayName)).toContain('All unassigned group');

    // Incremental cycles see new objects of the directory too.
    await loop.createUser('all-later@contoso.com', { department: 'Sales' });
    const later = await createGroup('All later group');
    expectOk(await loop.entra.graph('POST', `/groups/${later}/members/$ref`, { body: ref(assigned) }), 204);
    await loop.advance(40 * MINUTE);
    job = await loop.job();
    expect(job.status.lastExecution.state).toBe('Succeeded');
    expect((await loop.targetUsers()).map((u) => u.userName)).toContain('all-later@contoso.com');
    const laterGroup = (await targetGroups()).find((g) => g.displayName === 'All later group');
    expect(laterGroup?.members?.length).toBe(1);
    expect(counts(job).group).toBeGreaterThanOrEqual(2);
  });
  it('synchronizedEntryCountByType only grows (hard delete, group delete) until a restart clears the connector data store', async () => {
    loop = await startTestLoop({ profile: 'generic' });
    const users: string[] = [];
    for (const name of ['cnt-a', 'cnt-b', 'cnt-c']) users.push(await loop.createUser(`${name}@contoso.com`));
    for (const id of users) await loop.assign(id);
    const group = await createGroup('Counted group');
    await loop.assign(group);
    await loop.cycle();
    expect(counts(await loop.job())).toEqual({ user: 3, group: 1 });

    // Hard delete of a user (purged from the recycle bin): deleted in the target, still counted.
    expectOk(await loop.entra.graph('DELETE', `/users/${users[0]}`), 204);
    expectOk(await loop.entra.graph('DELETE', `/directory/deletedItems/${users[0]}`), 204);
    // The group unassigned: deleted in the target, still counted.
    const assignments = (await loop.entra.graph('GET', `/servicePrincipals/${loop.spId}/appRoleAssignedTo`)).body.value as any[];
    expectOk(
      await loop.entra.graph(
        'DELETE',
        `/servicePrincipals/${loop.spId}/appRoleAssignedTo/${assignments.find((a) => a.principalId === group).id}`,
      ),
      204,
    );
    await loop.takeRequests();
    await loop.advance(40 * MINUTE);
    const requests = await loop.takeRequests();
    expect(
      requests
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.url.split('/')[1])
        .sort(),
    ).toEqual(['Groups', 'Users']);
    expect(counts(await loop.job())).toEqual({ user: 3, group: 1 });

    // A new object enters: the count grows from there.
    await loop.assign(await loop.createUser('cnt-d@contoso.com'));
    await loop.advance(40 * MINUTE);
    expect(counts(await loop.job())).toEqual({ user: 4, group: 1 });
    await loop.advance(40 * MINUTE);
    expect(counts(await loop.job())).toEqual({ user: 4, group: 1 });

    // Clearing the connector data store recounts on the next cycle.
    expectOk(await loop.entra.graph('POST', `${loop.jobPath}/restart`, { body: { criteria: { resetScope: 'ConnectorDataStore' } } }), 204);
    expect(counts(await loop.job())).toEqual({});
    await loop.cycle();
    expect(counts(await loop.job())).toEqual({ user: 3 });
  });
});
