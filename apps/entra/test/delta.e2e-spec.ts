import { httpRequest, TestResponse } from '@app/testing';
import { newUser, startTestEntra, TestEntra } from './harness';

type Item = Record<string, any> & { id: string };
interface Round {
  items: Item[];
  pages: TestResponse[];
  deltaLink: string;
}

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

describe('Graph delta queries (/users/delta, /groups/delta)', () => {
  let entra: TestEntra;
  beforeAll(async () => {
    entra = await startTestEntra();
  });
  afterAll(() => entra.stop());

  const get = (url: string, headers: Record<string, string> = {}) => httpRequest('GET', url, { token: entra.identity.adminToken, headers });

  /**
   * Follows nextLinks to the deltaLink. `between` runs after every page but the last (concurrent writers).
   * Asserts the shape of every page and that no object comes twice in one round.
   */
  async function round(url: string, opts: { pageSize?: number; between?: (page: number) => Promise<void> } = {}): Promise<Round> {
    const headers: Record<string, string> = opts.pageSize ? { Prefer: `odata.maxpagesize=${opts.pageSize}` } : {};
    const items: Item[] = [];
    const pages: TestResponse[] = [];
    for (let next: string | undefined = url; next;) {
      const res = await get(next, headers);
      expect(res.status).toBe(200);
      pages.push(res);
      if (opts.pageSize) expect(res.body.value.length).toBeLessThanOrEqual(opts.pageSize);
      items.push(...res.body.value);
      const nextLink: string | undefined = res.body['@odata.nextLink'];
      const deltaLink: string | undefined = res.body['@odata.deltaLink'];
      expect(Boolean(nextLink) !== Boolean(deltaLink)).toBe(true); // exactly one of them
      if (deltaLink) {
        const ids = items.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length); // each object at most once per round
        return { items, pages, deltaLink };
      }
      expect(pages.length).toBeLessThan(1000);
      next = nextLink;
      if (opts.between) await opts.between(pages.length);
    }
    throw new Error('unreachable');
  }

  async function createUser(upn: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await entra.graph('POST', '/users', { body: newUser(upn, extra) });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function createGroup(name: string): Promise<string> {
    const res = await entra.graph('POST', '/groups', {
      body: { displayName: name, mailNickname: name.replace(/\W/g, ''), mailEnabled: false, securityEnabled: true },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function expectStatus(promise: Promise<TestResponse>, status: number): Promise<void> {
    const res = await promise;
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
  }

  /** Every current user (ground truth), by plain keyset paging of GET /users. */
  async function allUsers(): Promise<Map<string, Item>> {
    const out = new Map<string, Item>();
    for (let next: string | undefined = `${entra.graphUrl}/users?$top=999&$select=id,displayName,jobTitle`; next;) {
      const res = await get(next);
      for (const u of res.body.value) out.set(u.id, u);
      next = res.body['@odata.nextLink'];
    }
    return out;
  }

  /** What a sync client does with a round: removed → drop, otherwise replace its copy. */
  function apply(replica: Map<string, Item>, items: Item[]): void {
    for (const item of items) {
      if (item['@removed']) replica.delete(item.id);
      else replica.set(item.id, { ...replica.get(item.id), ...item });
    }
  }

  it('first round: every user exactly once, in pages of odata.maxpagesize (or $top), deltaLink on the last page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push(await createUser(`first${i}@contoso.com`, { jobTitle: `t${i}` }));

    const r = await round(`${entra.graphUrl}/users/delta`, { pageSize: 5 });
    expect(r.pages.map((p) => p.body.value.length)).toEqual([5, 5, 5, 5, 3]);
    expect(r.pages[0].headers['preference-applied']).toBe('odata.maxpagesize=5');
    expect(r.items.map((u) => u.id).sort()).toEqual([...ids].sort());
    expect(r.pages[0].body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#users`);
    expect(r.pages[0].body['@odata.nextLink']).toMatch(new RegExp(`^${entra.graphUrl}/users/delta\\?\\$skiptoken=[^&]+$`));
    expect(r.deltaLink).toMatch(new RegExp(`^${entra.graphUrl}/users/delta\\?\\$deltatoken=[^&]+$`));
    // Graph's default user properties, no extras
    const first = r.items.find((u) => u.id === ids[0])!;
    expect(first).toMatchObject({ id: ids[0], userPrincipalName: 'first0@contoso.com', jobTitle: 't0', businessPhones: [] });
    expect(first).not.toHaveProperty('department');

    // $top works as well; the size sticks to the round through its nextLinks
    const byTop = await round(`${entra.graphUrl}/users/delta?$top=10`);
    expect(byTop.pages.map((p) => p.body.value.length)).toEqual([10, 10, 3]);
    // default page size 100
    const whole = await round(`${entra.graphUrl}/users/delta`);
    expect(whole.pages).toHaveLength(1);
    expect(whole.items).toHaveLength(23);

    // nothing changed since: an empty round with a fresh deltaLink
    const again = await round(r.deltaLink);
    expect(again.items).toEqual([]);
    expect(again.pages).toHaveLength(1);
  });

  it('between rounds: update, soft delete, restore, purge and create each show up exactly once, in current state', async () => {
    const updated = await createUser('upd@contoso.com');
    const softDeleted = await createUser('soft@contoso.com');
    const restored = await createUser('restored@contoso.com');
    const purged = await createUser('purged@contoso.com');
    const untouched = await createUser('untouched@contoso.com');
    await expectStatus(entra.graph('DELETE', `/users/${restored}`), 204);
    const base = await round(`${entra.graphUrl}/users/delta`, { pageSize: 7 });
    expect(base.items.map((u) => u.id)).toEqual(expect.arrayContaining([updated, softDeleted, purged, untouched]));
    expect(base.items.map((u) => u.id)).not.toContain(restored); // in the recycle bin: not listed

    await expectStatus(entra.graph('PATCH', `/users/${updated}`, { body: { jobTitle: 'Engineer' } }), 204);
    await expectStatus(entra.graph('PATCH', `/users/${updated}`, { body: { jobTitle: 'Lead Engineer' } }), 204);
    await expectStatus(entra.graph('DELETE', `/users/${softDeleted}`), 204);
    await expectStatus(entra.graph('POST', `/directory/deletedItems/${restored}/restore`), 200);
    await expectStatus(entra.graph('DELETE', `/users/${purged}`), 204);
    await expectStatus(entra.graph('DELETE', `/directory/deletedItems/${purged}`), 204);
    const created = await createUser('created@contoso.com');

    const next = await round(base.deltaLink, { pageSize: 2 });
    expect(next.pages.length).toBe(3);
    const byId = new Map(next.items.map((u) => [u.id, u]));
    expect([...byId.keys()]).toEqual([updated, softDeleted, restored, purged, created]); // by latest change
    expect(byId.get(updated)).toMatchObject({ id: updated, jobTitle: 'Lead Engineer', userPrincipalName: 'upd@contoso.com' });
    expect(byId.get(updated)).not.toHaveProperty('@removed');
    expect(byId.get(softDeleted)).toEqual({ '@odata.type': '#microsoft.graph.user', id: softDeleted, '@removed': { reason: 'changed' } });
    expect(byId.get(restored)).toMatchObject({ id: restored, userPrincipalName: 'restored@contoso.com' });
    expect(byId.get(restored)).not.toHaveProperty('@removed');
    expect(byId.get(purged)).toEqual({ '@odata.type': '#microsoft.graph.user', id: purged, '@removed': { reason: 'deleted' } });
    expect(byId.get(created)).toMatchObject({ id: created, userPrincipalName: 'created@contoso.com' });
    expect(byId.has(untouched)).toBe(false);

    // the old deltaLink still replays the same changes; the new one has nothing
    expect((await round(base.deltaLink)).items.map((u) => u.id)).toEqual([updated, softDeleted, restored, purged, created]);
    expect((await round(next.deltaLink)).items).toEqual([]);
  });

  it('$select limits every round to the selection plus id and is carried by the links', async () => {
    const id = await createUser('selected@contoso.com', { jobTitle: 'Analyst', department: 'Finance' });
    const first = await round(`${entra.graphUrl}/users/delta?$select=displayName,Department`, { pageSize: 3 });
    expect(first.pages.length).toBeGreaterThan(1);
    expect(first.pages[0].body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#users(displayName,department)`);
    expect(first.pages[0].body['@odata.nextLink']).not.toContain('select');
    for (const item of first.items) expect(Object.keys(item).sort()).toEqual(['department', 'displayName', 'id']);
    expect(first.items.find((u) => u.id === id)).toEqual({ displayName: 'selected', department: 'Finance', id });

    await expectStatus(entra.graph('PATCH', `/users/${id}`, { body: { department: 'Legal', jobTitle: 'Counsel' } }), 204);
    const next = await round(first.deltaLink);
    expect(next.items).toEqual([{ displayName: 'selected', department: 'Legal', id }]);

    // the same $select again is fine; another one does not belong to the token
    const same = await get(`${next.deltaLink}&$select=displayName,department`);
    expect(same.status).toBe(200);
    const other = await get(`${next.deltaLink}&$select=displayName`);
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('Request_BadRequest');
    expect((await get(`${entra.graphUrl}/users/delta?$select=favouriteColour`)).status).toBe(400);
  });

  it('$deltatoken=latest: an empty page whose deltaLink starts from now', async () => {
    await createUser('before-latest@contoso.com');
    const latest = await get(`${entra.graphUrl}/users/delta?$deltatoken=latest`);
    expect(latest.status).toBe(200);
    expect(latest.body.value).toEqual([]);
    expect(latest.body['@odata.nextLink']).toBeUndefined();
    const after = await createUser('after-latest@contoso.com');
    const next = await round(latest.body['@odata.deltaLink']);
    expect(next.items.map((u) => u.id)).toEqual([after]);
  });

  it('groups: the first round lists members, later rounds members@delta; a membership change is a change of the group', async () => {
    const alice = await createUser('g.alice@contoso.com');
    const bob = await createUser('g.bob@contoso.com');
    const carol = await createUser('g.carol@contoso.com');
    const engineering = await createGroup('Engineering');
    const sales = await createGroup('Sales');
    const doomed = await createGroup('Doomed');
    const binned = await createGroup('Binned');
    const quiet = await createGroup('Quiet');
    for (const member of [alice, bob])
      await expectStatus(entra.graph('POST', `/groups/${engineering}/members/$ref`, { body: ref(member) }), 204);
    await expectStatus(entra.graph('POST', `/groups/${engineering}/members/$ref`, { body: ref(sales) }), 204);
    await expectStatus(entra.graph('POST', `/groups/${sales}/members/$ref`, { body: ref(carol) }), 204);

    const first = await round(`${entra.graphUrl}/groups/delta`, { pageSize: 2 });
    expect(first.pages[0].body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#groups`);
    expect(first.items.map((g) => g.id).sort()).toEqual([engineering, sales, doomed, binned, quiet].sort());
    const eng = first.items.find((g) => g.id === engineering)!;
    expect(eng).toMatchObject({ displayName: 'Engineering', securityEnabled: true });
    expect(eng['members@delta']).toEqual(
      expect.arrayContaining([
        { '@odata.type': '#microsoft.graph.user', id: alice },
        { '@odata.type': '#microsoft.graph.user', id: bob },
        { '@odata.type': '#microsoft.graph.group', id: sales },
      ]),
    );
    expect(eng['members@delta']).toHaveLength(3);
    expect(first.items.find((g) => g.id === quiet)).not.toHaveProperty('members@delta');

    await expectStatus(entra.graph('DELETE', `/groups/${engineering}/members/${bob}/$ref`), 204);
    await expectStatus(entra.graph('POST', `/groups/${engineering}/members/$ref`, { body: ref(carol) }), 204);
    await expectStatus(entra.graph('PATCH', `/groups/${sales}`, { body: { description: 'Sells' } }), 204);
    await expectStatus(entra.graph('DELETE', `/groups/${binned}`), 204);
    await expectStatus(entra.graph('DELETE', `/groups/${doomed}`), 204);
    await expectStatus(entra.graph('DELETE', `/directory/deletedItems/${doomed}`), 204);

    const next = await round(first.deltaLink, { pageSize: 1 });
    expect(next.items.map((g) => g.id)).toEqual([engineering, sales, binned, doomed]);
    const [engChange, salesChange, binnedChange, doomedChange] = next.items;
    expect(engChange).toMatchObject({ id: engineering, displayName: 'Engineering' });
    expect(engChange['members@delta']).toEqual(
      expect.arrayContaining([
        { '@odata.type': '#microsoft.graph.user', id: bob, '@removed': { reason: 'deleted' } },
        { '@odata.type': '#microsoft.graph.user', id: carol },
      ]),
    );
    expect(engChange['members@delta']).toHaveLength(2);
    expect(salesChange).toMatchObject({ id: sales, description: 'Sells' });
    expect(salesChange).not.toHaveProperty('members@delta');
    expect(binnedChange).toEqual({ '@odata.type': '#microsoft.graph.group', id: binned, '@removed': { reason: 'changed' } });
    expect(doomedChange).toEqual({ '@odata.type': '#microsoft.graph.group', id: doomed, '@removed': { reason: 'deleted' } });

    // restore brings the group back; a member added and removed within one round nets to a removal
    await expectStatus(entra.graph('POST', `/directory/deletedItems/${binned}/restore`), 200);
    await expectStatus(entra.graph('POST', `/groups/${quiet}/members/$ref`, { body: ref(alice) }), 204);
    await expectStatus(entra.graph('DELETE', `/groups/${quiet}/members/${alice}/$ref`), 204);
    const third = await round(next.deltaLink);
    expect(third.items.map((g) => g.id)).toEqual([binned, quiet]);
    expect(third.items[0]).toMatchObject({ id: binned, displayName: 'Binned' });
    expect(third.items[1]['members@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: alice, '@removed': { reason: 'deleted' } },
    ]);

    // $select on groups: members only when selected
    const selected = await round(`${entra.graphUrl}/groups/delta?$select=displayName`);
    for (const g of selected.items) expect(Object.keys(g).sort()).toEqual(['displayName', 'id']);
    const withMembers = await round(`${entra.graphUrl}/groups/delta?$select=displayName,members`);
    expect(withMembers.pages[0].body['@odata.context']).toBe(`${entra.url}/v1.0/$metadata#groups(displayName,members)`);
    expect(withMembers.items.find((g) => g.id === engineering)!['members@delta']).toHaveLength(3);
  });

  it('a member going to the recycle bin leaves its groups in groups delta, and comes back on restore', async () => {
    const dave = await createUser('bin.dave@contoso.com');
    const erin = await createUser('bin.erin@contoso.com');
    const parent = await createGroup('Parent');
    const child = await createGroup('Child');
    for (const member of [dave, erin, child])
      await expectStatus(entra.graph('POST', `/groups/${parent}/members/$ref`, { body: ref(member) }), 204);
    const start = await round(`${entra.graphUrl}/groups/delta?$deltatoken=latest`);

    await expectStatus(entra.graph('DELETE', `/users/${dave}`), 204);
    await expectStatus(entra.graph('DELETE', `/groups/${child}`), 204);
    const afterDelete = await round(start.deltaLink);
    const parentChange = afterDelete.items.find((g) => g.id === parent)!;
    expect(parentChange['members@delta']).toEqual(
      expect.arrayContaining([
        { '@odata.type': '#microsoft.graph.user', id: dave, '@removed': { reason: 'deleted' } },
        { '@odata.type': '#microsoft.graph.group', id: child, '@removed': { reason: 'deleted' } },
      ]),
    );
    expect(parentChange['members@delta']).toHaveLength(2);
    const listed = await entra.graph('GET', `/groups/${parent}/members`);
    expect(listed.body.value.map((m: Item) => m.id)).toEqual([erin]);

    await expectStatus(entra.graph('POST', `/directory/deletedItems/${dave}/restore`), 200);
    const afterRestore = await round(afterDelete.deltaLink);
    expect(afterRestore.items.map((g) => g.id)).toEqual([parent]);
    expect(afterRestore.items[0]['members@delta']).toEqual([{ '@odata.type': '#microsoft.graph.user', id: dave }]);

    // purging what is already in the bin changes no live group again
    await expectStatus(entra.graph('DELETE', `/directory/deletedItems/${child}`), 204);
    const afterPurge = await round(afterRestore.deltaLink);
    expect(afterPurge.items.map((g) => g.id)).toEqual([child]);
    expect(afterPurge.items[0]).toEqual({ '@odata.type': '#microsoft.graph.group', id: child, '@removed': { reason: 'deleted' } });
  });

  it('tampered tokens, tokens of another resource or $select, and a skiptoken used as deltatoken are 400 Request_BadRequest', async () => {
    const users = await round(`${entra.graphUrl}/users/delta`, { pageSize: 2 });
    const groups = await round(`${entra.graphUrl}/groups/delta`);
    const userSkip = new URL(users.pages[0].body['@odata.nextLink']).searchParams.get('$skiptoken')!;
    const userDelta = new URL(users.deltaLink).searchParams.get('$deltatoken')!;
    const groupDelta = new URL(groups.deltaLink).searchParams.get('$deltatoken')!;
    const tamper = (token: string) => {
      const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
      if (body.p.w !== undefined) body.p.w = '0';
      else body.p.h = '0';
      return Buffer.from(JSON.stringify(body)).toString('base64url');
    };
    const q = encodeURIComponent;
    const cases: [string, string][] = [
      ['users deltatoken on groups', `/groups/delta?$deltatoken=${q(userDelta)}`],
      ['groups deltatoken on users', `/users/delta?$deltatoken=${q(groupDelta)}`],
      ['users skiptoken on groups', `/groups/delta?$skiptoken=${q(userSkip)}`],
      ['edited watermark', `/users/delta?$deltatoken=${q(tamper(userDelta))}`],
      ['edited page position', `/users/delta?$skiptoken=${q(tamper(userSkip))}`],
      ['skiptoken as deltatoken', `/users/delta?$deltatoken=${q(userSkip)}`],
      ['deltatoken as skiptoken', `/users/delta?$skiptoken=${q(userDelta)}`],
      [
        'flipped character',
        `/users/delta?$deltatoken=${q(userDelta.slice(0, -2) + (userDelta.at(-2) === 'A' ? 'B' : 'A') + userDelta.at(-1))}`,
      ],
      ['garbage', '/users/delta?$deltatoken=not-a-token'],
      ['empty', '/users/delta?$skiptoken='],
      ['both tokens', `/users/delta?$deltatoken=${q(userDelta)}&$skiptoken=${q(userSkip)}`],
    ];
    for (const [name, path] of cases) {
      const res = await entra.graph('GET', path);
      expect({ name, status: res.status, code: res.body.error?.code }).toEqual({ name, status: 400, code: 'Request_BadRequest' });
    }
    expect((await get(`${entra.graphUrl}/users/delta?$filter=${q("displayName eq 'x'")}`)).status).toBe(400);
    // the genuine tokens still work
    expect((await entra.graph('GET', `/users/delta?$deltatoken=${q(userDelta)}`)).status).toBe(200);
    expect((await entra.graph('GET', `/users/delta?$skiptoken=${q(userSkip)}`)).status).toBe(200);
    // and need a bearer token like every Graph call
    expect((await httpRequest('GET', users.deltaLink)).status).toBe(401);
  });

  it('delta paging under concurrent writes: nothing missed, nothing twice in a round', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await createUser(`conc${i}@contoso.com`, { jobTitle: 'v0' }));
    const replica = new Map<string, Item>();
    const reference = { n: 0 };
    const pick = () => ids[(reference.n * 7919) % ids.length];

    /** Writers: creates (ids land before and after the cursor), updates of seen and unseen users, deletes, restores. */
    async function writes(page: number): Promise<void> {
      const ops: Promise<unknown>[] = [];
      for (let k = 0; k < 3; k++) {
        reference.n++;
        const n = reference.n;
        ops.push(createUser(`conc-new${n}@contoso.com`, { jobTitle: `new${n}` }).then((id) => ids.push(id)));
        ops.push(entra.graph('PATCH', `/users/${pick()}`, { body: { jobTitle: `p${page}-${n}` } }));
      }
      if (page % 3 === 0) {
        const victim = ids.splice(page % ids.length, 1)[0];
        ops.push(entra.graph('DELETE', `/users/${victim}`));
      }
      if (page % 4 === 0) {
        const victim = ids.splice((page * 3) % ids.length, 1)[0];
        ops.push(
          (async () => {
            await entra.graph('DELETE', `/users/${victim}`);
            await entra.graph('DELETE', `/directory/deletedItems/${victim}`);
          })(),
        );
      }
      if (page % 5 === 0) {
        const victim = ids[(page * 5) % ids.length];
        ops.push(
          (async () => {
            await entra.graph('DELETE', `/users/${victim}`);
            await entra.graph('POST', `/directory/deletedItems/${victim}/restore`);
            await entra.graph('PATCH', `/users/${victim}`, { body: { jobTitle: `restored${page}` } });
          })(),
        );
      }
      await Promise.all(ops);
    }

    const select = '$select=id,displayName,jobTitle';
    // A first round while writes go on (pages requested concurrently with the writers)…
    // A background writer runs throughout, unsynchronised with the pages.
    let stop = false;
    const background = (async () => {
      for (let n = 1000; !stop && n < 1015; n++) await writes(n);
    })();
    let link = `${entra.graphUrl}/users/delta?${select}`;
    let r = await round(link, { pageSize: 4, between: (page) => writes(page) });
    expect(r.pages.length).toBeGreaterThan(5);
    apply(replica, r.items);
    // …then change rounds, also written to while paging.
    for (let i = 0; i < 3; i++) {
      link = r.deltaLink;
      // (writes on the first pages only: every page written to adds more than a page of changes to the next round)
      r = await round(link, { pageSize: 3, between: (page) => (page <= 6 ? writes(100 * (i + 1) + page) : Promise.resolve()) });
      expect(r.items.length).toBeGreaterThan(0);
      apply(replica, r.items);
      if (i === 0) {
        stop = true;
        await background;
      }
    }
    // Writers stopped: one more round brings the replica up to date, the one after that is empty.
    r = await round(r.deltaLink, { pageSize: 5 });
    apply(replica, r.items);
    expect((await round(r.deltaLink)).items).toEqual([]);

    const truth = await allUsers();
    expect(replica.size).toBe(truth.size);
    for (const [id, user] of truth) expect({ id, jobTitle: replica.get(id)?.jobTitle }).toEqual({ id, jobTitle: user.jobTitle });
  });

  it('group members changed while a round pages through are not lost', async () => {
    const members: string[] = [];
    for (let i = 0; i < 6; i++) members.push(await createUser(`gm${i}@contoso.com`));
    const groups: string[] = [];
    for (let i = 0; i < 8; i++) groups.push(await createGroup(`Paged${i}`));
    const start = await round(`${entra.graphUrl}/groups/delta?$select=displayName,members`);
    const replica = new Map<string, Set<string>>();
    const applyGroups = (items: Item[]) => {
      for (const g of items) {
        if (g['@removed']) {
          replica.delete(g.id);
          continue;
        }
        const set = replica.get(g.id) ?? new Set<string>();
        for (const m of g['members@delta'] ?? []) {
          if (m['@removed']) set.delete(m.id);
          else set.add(m.id);
        }
        replica.set(g.id, set);
      }
    };
    applyGroups(start.items);
    // every group changes before the round, so all are in it; more membership changes land while it pages
    for (let i = 0; i < groups.length; i++)
      await expectStatus(entra.graph('POST', `/groups/${groups[i]}/members/$ref`, { body: ref(members[i % 6]) }), 204);
    let step = 0;
    const during = async () => {
      step++;
      for (const g of groups) {
        const m = members[(step + groups.indexOf(g)) % 6];
        const add = await entra.graph('POST', `/groups/${g}/members/$ref`, { body: ref(m) });
        if (add.status !== 204) await expectStatus(entra.graph('DELETE', `/groups/${g}/members/${m}/$ref`), 204);
      }
    };
    const r1 = await round(start.deltaLink, { pageSize: 2, between: during });
    expect(r1.items.map((g) => g.id).sort()).toEqual([...groups].sort());
    applyGroups(r1.items);
    const r2 = await round(r1.deltaLink);
    applyGroups(r2.items);
    for (const g of groups) {
      const truth = await entra.graph('GET', `/groups/${g}/members`);
      expect({ g, members: [...(replica.get(g) ?? [])].sort() }).toEqual({ g, members: truth.body.value.map((m: Item) => m.id).sort() });
    }
  });

  it.each(['/users/microsoft.graph.delta', '/users/delta()', '/groups/microsoft.graph.delta()'])(
    'also answers at %s (names SDKs use)',
    async (path) => {
      const res = await entra.graph('GET', `${path}?$deltatoken=latest`);
      expect(res.status).toBe(200);
      expect(res.body['@odata.deltaLink']).toMatch(new RegExp(`^${entra.graphUrl}/${path.split('/')[1]}/delta\\?\\$deltatoken=`));
    },
  );
});
