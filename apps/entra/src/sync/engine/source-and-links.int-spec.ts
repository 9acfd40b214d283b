/**
 * What the engine reads and writes of its own tables, against a real database (PGlite, or PostgreSQL with
 * DATABASE_URL): the source reader's scope and change pages, the link store's links and escrows.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { openTestDataSource, type TestDataSource } from '@app/persistence';
import { ApplicationsRepository } from '../../applications/applications.repository';
import { ChangeLog } from '../../changes/change-log';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../../database';
import { GroupsRepository } from '../../groups/groups.repository';
import { UsersRepository } from '../../users/users.repository';
import { insertTestApp, insertTestJob } from '../../../test/engine-fixtures';
import { MIN_UUID } from './cycle-types';
import { LinkStore } from './link-store';
import { SourceReader, type ReadOptions } from './source-reader';

const AT = new Date('2026-02-01T08:00:00Z');
const DEFAULT_ACCESS = '00000000-0000-0000-0000-000000000000';

describe('SourceReader and LinkStore (real database)', () => {
  let db: TestDataSource;
  let ds: DataSource;
  let tx: EntityManager;
  let spId: string;
  let jobId: string;
  const ids: Record<string, string> = {};
  const apps = new ApplicationsRepository();
  const groups = new GroupsRepository();

  async function user(name: string): Promise<string> {
    const id = randomUUID();
    const seq = await new ChangeLog(tx).record('user', id, 'created', null, AT);
    await new UsersRepository().insert(
      tx,
      id,
      { userPrincipalName: `${name}@contoso.com`, displayName: name, mailNickname: name, accountEnabled: true },
      AT,
      seq,
    );
    return (ids[name] = id);
  }
  async function assign(principalId: string, type: 'User' | 'Group'): Promise<void> {
    await apps.insertAssignment(
      tx,
      { id: randomUUID(), appRoleId: DEFAULT_ACCESS, principalId, principalType: type, resourceId: spId },
      AT,
    );
    await new ChangeLog(tx).record('assignment', principalId, 'added', spId, AT);
  }
  const name = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;

  beforeAll(async () => {
    db = await openTestDataSource({ name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS });
    ds = db.ds;
    tx = ds.manager;
    spId = await insertTestApp(tx, 'scim', 'App', AT);
    jobId = `scim.${randomUUID()}`;
    await insertTestJob(tx, spId, 'scim', jobId, AT);
    await assign(await user('direct'), 'User');
    const member = await user('member');
    await user('linked');
    await user('outside');
    const groupId = (ids.sales = randomUUID());
    await groups.insert(
      tx,
      groupId,
      { displayName: 'Sales', mailNickname: 'sales', description: null, securityEnabled: true, mailEnabled: false },
      AT,
      await new ChangeLog(tx).record('group', groupId, 'created', null, AT),
    );
    await groups.addMember(tx, groupId, member, 'user');
    await assign(groupId, 'Group');
    await new LinkStore(tx).upsertLinks(
      jobId,
      [{ sourceId: ids.linked, objectType: 'User', targetId: 't-linked', managed: true, memberTargetIds: null }],
      AT,
    );
  });
  afterAll(async () => {
    await db.close();
  });

  const read = (syncAll: boolean): ReadOptions => ({ servicePrincipalId: spId, syncAll, withRoles: false });

  it.each([
    // syncAll, users the initial cycle reads (name: assigned)
    [false, { direct: true, member: true, linked: false }],
    [true, { direct: true, member: true, linked: true, outside: true }],
  ])('initial cycle, syncAll %p: the assigned users (directly or through a group) and the linked ones', async (syncAll, expected) => {
    const page = await new SourceReader(ds.manager).usersPage(jobId, read(syncAll), MIN_UUID, 100);
    expect(Object.fromEntries(page.map((s) => [name(s.id), s.assigned]))).toEqual(expected);
  });

  it('pages by id: two pages of 2 read the same users as one of 100, in id order', async () => {
    const reader = new SourceReader(ds.manager);
    const first = await reader.usersPage(jobId, read(false), MIN_UUID, 2);
    const second = await reader.usersPage(jobId, read(false), first[first.length - 1].id, 2);
    const all = await reader.usersPage(jobId, read(false), MIN_UUID, 100);
    expect([...first, ...second].map((s) => s.id)).toEqual(all.map((s) => s.id));
    expect(all.map((s) => s.id)).toEqual([...all.map((s) => s.id)].sort());
  });

  it('incremental: a membership change touches the group and the member', async () => {
    const reader = new SourceReader(ds.manager);
    const before = await reader.highWater();
    await groups.addMember(tx, ids.sales, ids.outside, 'user');
    await new ChangeLog(tx).record('membership', ids.sales, 'added', ids.outside, AT);
    const changes = await reader.changedSince(spId, before, await reader.highWater(), 100);
    expect({ users: changes.users.map(name), groups: changes.groups.map(name) }).toEqual({ users: ['outside'], groups: ['sales'] });
    expect(await reader.changedSince(spId, changes.lastSeq!, changes.lastSeq!, 100)).toEqual({ users: [], groups: [], lastSeq: null });
  });

  it('links: only new ones count as entering the connector data store', async () => {
    const store = new LinkStore(ds.manager);
    const link = (id: string, targetId: string) => ({
      sourceId: id,
      objectType: 'User' as const,
      targetId,
      managed: true,
      memberTargetIds: null,
    });
    expect(await store.upsertLinks(jobId, [link(ids.direct, 't-direct'), link(ids.linked, 't-linked-2')], AT)).toEqual({ User: 1 });
    expect((await store.linksOf(jobId, [ids.linked])).get(ids.linked)?.targetId).toBe('t-linked-2');
    expect(await store.countLinks(jobId)).toEqual([{ key: 'User', value: 2 }]);
    expect([...(await store.targetIdsOf(jobId, [ids.direct, ids.outside])).entries()]).toEqual([[ids.direct, 't-direct']]);
  });

  it('escrows: due once their retry time has come, gone when cleared', async () => {
    const store = new LinkStore(ds.manager);
    const retry = new Date(AT.getTime() + 40 * 60 * 1000);
    await store.upsertEscrows(jobId, [{ sourceId: ids.member, objectType: 'User', at: AT, nextRetryAt: retry, error: { code: 'X' } }]);
    expect(await store.dueEscrows(jobId, new Date(retry.getTime() - 1), 10)).toEqual([]);
    expect(await store.dueEscrows(jobId, retry, 10)).toEqual([{ sourceId: ids.member, objectType: 'User' }]);
    expect(await store.countEscrows(jobId)).toBe(1);
    await store.clearEscrows(jobId, [ids.member]);
    expect(await store.countEscrows(jobId)).toBe(0);
  });
});
