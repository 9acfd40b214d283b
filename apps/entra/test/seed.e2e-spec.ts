import { DataSource } from 'typeorm';
import { httpRequest } from '@app/testing';
import { DEFAULT_ACCESS_ROLE_ID, KINTONE_TEMPLATE_ID } from '../src/applications/templates';
import {
  DEMO_APP_NAME,
  DEMO_ASSIGNED_GROUP,
  planTenant,
  SeedConflictError,
  SeedOptions,
  SeedService,
  SeedValidationError,
} from '../src/seed';
import { newUser, startTestEntra, TestEntra } from './harness';

const USERS = 300;
const GROUPS = 30;
const SEED = 'e2e-seed';

/** Every page of a collection, following @odata.nextLink verbatim. */
async function listAll(entra: TestEntra, path: string): Promise<any[]> {
  const out: any[] = [];
  let url: string | undefined = `${entra.graphUrl}${path}`;
  while (url) {
    const res: any = await httpRequest('GET', url, { token: entra.identity.adminToken });
    expect(res.status).toBe(200);
    out.push(...res.body.value);
    url = res.body['@odata.nextLink'];
  }
  return out;
}

async function changeCounts(db: DataSource): Promise<Record<string, number>> {
  const rows: { objectType: string; n: number }[] = await db.query(
    `SELECT object_type AS "objectType", count(*)::int AS n FROM entra.changes GROUP BY object_type`,
  );
  return Object.fromEntries(rows.map((r) => [r.objectType, r.n]));
}

describe('seeded tenant (SeedService.seed)', () => {
  let entra: TestEntra;
  let seeder: SeedService;
  let db: DataSource;
  let kintoneSpId: string;
  let options: SeedOptions;
  let deltaLink: string | undefined;

  beforeAll(async () => {
    entra = await startTestEntra();
    seeder = entra.app.get(SeedService);
    db = entra.app.get(DataSource);
    const created = await entra.graph('POST', `/applicationTemplates/${KINTONE_TEMPLATE_ID}/instantiate`, {
      body: { displayName: 'Kintone' },
    });
    expect(created.status).toBe(201);
    kintoneSpId = created.body.servicePrincipal.id;
    // A delta round started before seeding must report every seeded user (only where /users/delta exists).
    const latest = await entra.graph('GET', '/users/delta?$deltatoken=latest');
    deltaLink = latest.status === 200 ? latest.body['@odata.deltaLink'] : undefined;
    options = { users: USERS, groups: GROUPS, seed: SEED, assignTo: { servicePrincipalId: kintoneSpId, users: 10, groups: 2 } };
  }, 60_000);
  afterAll(() => entra.stop());

  it('is deterministic: the same seed plans the same tenant, another seed another one', () => {
    const a = planTenant(options, new Date('2026-01-01T00:00:00Z'));
    const b = planTenant(options, new Date('2027-06-01T00:00:00Z'));
    const strip = (p: typeof a) => ({
      users: p.users.map(({ createdDateTime: _c, ...u }) => u),
      groups: p.groups.map(({ createdDateTime: _c, ...g }) => g),
      memberships: p.memberships,
      assignments: p.assignments,
    });
    expect(strip(b)).toEqual(strip(a));
    const other = planTenant({ ...options, seed: 'another seed' }, new Date());
    expect(other.users.map((u) => u.userPrincipalName)).not.toEqual(a.users.map((u) => u.userPrincipalName));
    expect(other.users[0].id).not.toBe(a.users[0].id);
    // The users of a seed do not depend on the number of groups asked for.
    expect(planTenant({ ...options, groups: 3, assignTo: undefined }, new Date()).users.map((u) => u.id)).toEqual(a.users.map((u) => u.id));
  });

  it('creates the planned users, groups, memberships and assignments, with a change-log row each', async () => {
    const result = await seeder.seed(options);
    expect(result).toMatchObject({
      users: USERS,
      groups: GROUPS,
      disabledUsers: Math.round(USERS * 0.05),
      usersWithManager: USERS - 1,
      assignedUsers: 10,
      assignedGroups: 2,
      servicePrincipalId: kintoneSpId,
    });
    expect(result.changes).toBe(USERS + GROUPS + result.memberships + 12);
    expect(await changeCounts(db)).toEqual({ user: USERS, group: GROUPS, membership: result.memberships, assignment: 12 });
    // Every row carries the seq of its change.
    const orphans: unknown[] = await db.query(
      `SELECT id FROM entra.users u WHERE NOT EXISTS (SELECT 1 FROM entra.changes c WHERE c.seq = u.change_seq AND c.object_id = u.id AND c.kind = 'created')
       UNION ALL
       SELECT id FROM entra.groups g WHERE NOT EXISTS (SELECT 1 FROM entra.changes c WHERE c.seq = g.change_seq AND c.object_id = g.id AND c.kind = 'created')`,
    );
    expect(orphans).toEqual([]);
    const seqs: { lo: string; hi: string; n: string }[] = await db.query(
      `SELECT min(seq)::text AS lo, max(seq)::text AS hi, count(*)::text AS n FROM entra.changes`,
    );
    expect(seqs[0]).toEqual({ lo: result.firstSeq, hi: result.lastSeq, n: String(result.changes) });
  });

  it('serves the same UPNs the seed plans, through the Graph API', async () => {
    const listed = await listAll(entra, '/users?$select=id,userPrincipalName,accountEnabled,department&$top=120');
    const planned = planTenant(options, new Date());
    expect(listed.map((u) => u.userPrincipalName).sort()).toEqual(planned.users.map((u) => u.userPrincipalName).sort());
    expect(new Set(listed.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(USERS);
    expect(listed.map((u) => u.id).sort()).toEqual(planned.users.map((u) => u.id).sort());
    for (const u of listed) expect(u.userPrincipalName).toMatch(/^[a-z0-9]+\.[a-z0-9]+\d*@provsim\.onmicrosoft\.com$/);
  });

  it('has ~5 % disabled accounts', async () => {
    const disabled = await listAll(entra, '/users?$filter=accountEnabled eq false&$select=id');
    expect(disabled).toHaveLength(Math.round(USERS * 0.05));
  });

  it('has a manager hierarchy: one root, every manager a seeded user, no cycles', async () => {
    const rows: { id: string; managerId: string | null }[] = await db.query(
      `SELECT id::text, manager_id::text AS "managerId" FROM entra.users`,
    );
    const manager = new Map(rows.map((r) => [r.id, r.managerId]));
    expect(rows.filter((r) => r.managerId === null)).toHaveLength(1);
    for (const { id, managerId } of rows) {
      if (managerId) expect(manager.has(managerId)).toBe(true);
      const seen = new Set<string>([id]);
      for (let m = manager.get(id); m; m = manager.get(m)) {
        expect(seen.has(m)).toBe(false);
        seen.add(m);
      }
    }
    const someone = rows.find((r) => r.managerId)!;
    const res = await entra.graph('GET', `/users/${someone.id}/manager`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(someone.managerId);
    const root = rows.find((r) => !r.managerId)!;
    const me = await entra.graph('GET', `/users/${root.id}?$select=jobTitle,department`);
    expect(me.body).toMatchObject({ jobTitle: 'Chief Executive Officer', department: 'Executive Office' });
  });

  it('has groups of varied sizes; department groups hold their department', async () => {
    const groups = await listAll(entra, '/groups?$select=id,displayName,securityEnabled,mailEnabled&$top=999');
    expect(groups).toHaveLength(GROUPS);
    const sizes: { id: string; n: number }[] = await db.query(
      `SELECT g.id::text, count(m.member_id)::int AS n FROM entra.groups g LEFT JOIN entra.group_members m ON m.group_id = g.id GROUP BY g.id`,
    );
    const distinct = new Set(sizes.map((s) => s.n));
    expect(distinct.size).toBeGreaterThan(10);
    const engineering = groups.find((g) => g.displayName === 'Engineering Department');
    expect(engineering).toMatchObject({ securityEnabled: true });
    const members = await entra.graph('GET', `/groups/${engineering.id}/members`);
    expect(members.status).toBe(200);
    const users = await listAll(entra, `/users?$filter=department eq 'Engineering'&$select=id`);
    expect(users.length).toBeGreaterThan(0);
    expect(members.body.value.map((m: any) => m.id).sort()).toEqual(users.map((u) => u.id).sort());
    // One group nests the department groups; some groups are mail-only distribution lists.
    const nested = groups.find((g) => g.displayName === 'All Department Groups');
    const nestedMembers = await entra.graph('GET', `/groups/${nested.id}/members`);
    expect(nestedMembers.body.value.every((m: any) => m['@odata.type'] === '#microsoft.graph.group')).toBe(true);
    expect(nestedMembers.body.value).toHaveLength(12);
  });

  it('assigns the asked number of users and security groups to the app', async () => {
    const res = await entra.graph('GET', `/servicePrincipals/${kintoneSpId}/appRoleAssignedTo`);
    expect(res.status).toBe(200);
    const byType = (t: string) => res.body.value.filter((a: any) => a.principalType === t);
    expect(byType('User')).toHaveLength(10);
    expect(byType('Group')).toHaveLength(2);
    for (const a of res.body.value)
      expect(a).toMatchObject({ resourceId: kintoneSpId, appRoleId: DEFAULT_ACCESS_ROLE_ID, resourceDisplayName: 'Kintone' });
    for (const g of byType('Group'))
      expect((await entra.graph('GET', `/groups/${g.principalId}?$select=securityEnabled`)).body.securityEnabled).toBe(true);
  });

  it('is seen by /users/delta (when the delta API is there)', async () => {
    if (!deltaLink) return; // GET /users/delta not served by this build
    const ids = new Set<string>();
    let url: string | undefined = deltaLink;
    while (url) {
      const res: any = await httpRequest('GET', url, { token: entra.identity.adminToken, headers: { prefer: 'odata.maxpagesize=999' } });
      expect(res.status).toBe(200);
      for (const u of res.body.value) ids.add(u.id);
      url = res.body['@odata.nextLink'];
    }
    expect(ids.size).toBe(USERS);
  });

  it('refuses a second run of the same seed, atomically', async () => {
    const before = await changeCounts(db);
    await expect(seeder.seed(options)).rejects.toBeInstanceOf(SeedConflictError);
    expect(await changeCounts(db)).toEqual(before);
    // Another seed and domain fit in next to it.
    const more = await seeder.seed({ users: 20, groups: 2, seed: 'more', domain: 'fabrikam.example' });
    expect(more.users).toBe(20);
    const res = await entra.graph('GET', `/users?$count=true&$top=1`, { headers: { ConsistencyLevel: 'eventual' } });
    expect(res.body['@odata.count']).toBe(USERS + 20);
  });

  it('rejects bad options with a clear message', async () => {
    await expect(seeder.seed({ users: 0, groups: 1, seed: 1 })).rejects.toThrow(/users must be a whole number from 1/);
    await expect(seeder.seed({ users: 10, groups: -1, seed: 1 })).rejects.toThrow(/groups must be a whole number/);
    await expect(seeder.seed({ users: 10, groups: 1, seed: '' })).rejects.toThrow(/seed must be/);
    await expect(seeder.seed({ users: 10, groups: 1, seed: 1, domain: 'not a domain' })).rejects.toThrow(/domain/);
    await expect(
      seeder.seed({ users: 10, groups: 1, seed: 1, assignTo: { servicePrincipalId: kintoneSpId, users: 11, groups: 0 } }),
    ).rejects.toThrow(/assignTo.users/);
    await expect(
      seeder.seed({ users: 10, groups: 0, seed: 1, assignTo: { servicePrincipalId: kintoneSpId, users: 1, groups: 1 } }),
    ).rejects.toThrow(SeedValidationError);
    await expect(
      seeder.seed({
        users: 10,
        groups: 0,
        seed: 1,
        assignTo: { servicePrincipalId: '00000000-0000-0000-0000-0000000000aa', users: 1, groups: 0 },
      }),
    ).rejects.toThrow(/does not exist/);
  });

  it('leaves a directory with users alone when asked for the demo tenant', async () => {
    const before = await changeCounts(db);
    expect(await seeder.seedDemoTenantIfEmpty()).toEqual({ seeded: false, reason: 'the directory already has users' });
    expect(await changeCounts(db)).toEqual(before);
  });
});

describe('demo tenant (SeedService.seedDemoTenantIfEmpty)', () => {
  let entra: TestEntra;
  let seeder: SeedService;

  beforeAll(async () => {
    entra = await startTestEntra();
    seeder = entra.app.get(SeedService);
  }, 60_000);
  afterAll(() => entra.stop());

  it('seeds an empty directory once, however often it is called', async () => {
    const [first, second] = await Promise.all([seeder.seedDemoTenantIfEmpty(), seeder.seedDemoTenantIfEmpty()]);
    expect(first).toEqual(second); // one shared run
    expect(first).toMatchObject({
      seeded: true,
      users: 25,
      groups: 3,
      assignedGroups: 1,
      assignedUsers: 4,
      assignedGroup: DEMO_ASSIGNED_GROUP,
    });
    const again = await seeder.seedDemoTenantIfEmpty();
    expect(again.seeded).toBe(false);
    expect(await entra.app.get(DataSource).query(`SELECT count(*)::int AS n FROM entra.users`)).toEqual([{ n: 25 }]);
    expect((await entra.graph('GET', `/servicePrincipals?$filter=displayName eq '${DEMO_APP_NAME}'`)).body.value).toHaveLength(1);
  });

  it('looks like a small company: managers, a few disabled users, Kintone assigned to a group and to users', async () => {
    const users = await listAll(entra, '/users?$select=id,userPrincipalName,accountEnabled,jobTitle&$top=999');
    expect(users).toHaveLength(25);
    expect(users.filter((u) => !u.accountEnabled).length).toBeGreaterThanOrEqual(2);
    expect(users.map((u) => u.userPrincipalName)).toContain('adele.vance@provsim.onmicrosoft.com');
    const withManager = await Promise.all(users.map((u) => entra.graph('GET', `/users/${u.id}/manager`)));
    expect(withManager.filter((r) => r.status === 200)).toHaveLength(24);

    const sps = await entra.graph('GET', `/servicePrincipals?$filter=displayName eq 'Kintone'`);
    const sp = sps.body.value[0];
    expect(sp.applicationTemplateId).toBe(KINTONE_TEMPLATE_ID);
    const assigned = (await entra.graph('GET', `/servicePrincipals/${sp.id}/appRoleAssignedTo`)).body.value;
    const group = assigned.find((a: any) => a.principalType === 'Group');
    expect(group).toMatchObject({ principalDisplayName: DEMO_ASSIGNED_GROUP, appRoleId: DEFAULT_ACCESS_ROLE_ID });
    expect(assigned.filter((a: any) => a.principalType === 'User')).toHaveLength(4);
    const members = (await entra.graph('GET', `/groups/${group.principalId}/members`)).body.value;
    expect(members.length).toBeGreaterThanOrEqual(5);
    const groups = await listAll(entra, '/groups?$select=displayName');
    expect(groups.map((g) => g.displayName).sort()).toEqual(['All Company', 'Engineering', 'Sales and Marketing']);
  });

  it('records every demo object in the change log', async () => {
    const counts = await changeCounts(entra.app.get(DataSource));
    expect(counts.user).toBe(25);
    expect(counts.group).toBe(3);
    expect(counts.assignment).toBe(5);
    expect(counts.membership).toBeGreaterThan(25);
  });

  it('is not seeded when the directory had users first', async () => {
    const other = await startTestEntra();
    try {
      expect((await other.graph('POST', '/users', { body: newUser('first@provsim.onmicrosoft.com') })).status).toBe(201);
      expect((await other.app.get(SeedService).seedDemoTenantIfEmpty()).seeded).toBe(false);
    } finally {
      await other.stop();
    }
  });
});
