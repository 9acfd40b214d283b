import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, createTestDatabase, TestDatabase } from '@app/persistence';
import { getProfile, ResourceSchema, ScimError } from '@app/scim';
import { SCIM_TARGET_ENTITIES, SCIM_TARGET_MIGRATIONS } from '../database';
import { Tenant } from '../tenants/tenant.registry';
import { type IndexedEquality, ResourceRepository } from './resource.repository';
import { RECENT_UNITS, ResourceService } from './resource.service';

/** The repository against a real database: PostgreSQL when DATABASE_URL is set (CI), PGlite otherwise. */
describe('ResourceRepository (real database)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let repo: ResourceRepository;
  const now = new Date('2026-01-01T00:00:00Z');
  const data = (userName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName });
  const indexed = (userName: string | null) => ({ userName, displayName: null, externalId: null });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource(
      buildDataSourceOptions(
        { databaseUrl: db.databaseUrl, dataDir: db.dataDir },
        { name: 'scim-target', entities: SCIM_TARGET_ENTITIES, migrations: SCIM_TARGET_MIGRATIONS },
      ),
    );
    await ds.initialize();
    await ds.query(`INSERT INTO scim_target.tenants (name, profile, token) VALUES ('a', 'generic', 'ta'), ('b', 'generic', 'tb')`);
    repo = new ResourceRepository(ds);
    repo.onModuleInit();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('runs the migrations once and records them', async () => {
    const rows = await ds.query(`SELECT name FROM scim_target_migrations`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual([
      'InitialSchema1764000000000',
      'GroupNameUniqueness1764200000000',
      'TokenEndpoint1764300000000',
    ]);
  });

  it('uses named prepared statements exactly when on PostgreSQL', () => {
    expect((repo as unknown as { pool?: unknown }).pool !== undefined).toBe(db.kind === 'postgres');
  });

  it('inserts and finds by id; unknown or malformed ids find nothing', async () => {
    const id = randomUUID();
    const row = await repo.insert('a', 'User', id, data('find@x.com'), indexed('find@x.com'), now);
    expect(row).toMatchObject({ id, version: 1, data: data('find@x.com') });
    expect(new Date(row.created).toISOString()).toBe(now.toISOString());
    expect(await repo.findById('a', 'User', id)).toMatchObject({ id });
    expect(await repo.findById('b', 'User', id)).toBeUndefined();
    expect(await repo.findById('a', 'Group', id)).toBeUndefined();
    expect(await repo.findById('a', 'User', randomUUID())).toBeUndefined();
    expect(await repo.findById('a', 'User', "x' OR 1=1 --")).toBeUndefined();
  });

  it('enforces userName uniqueness case-insensitively, per tenant', async () => {
    await repo.insert('a', 'User', randomUUID(), data('Dup@X.com'), indexed('Dup@X.com'), now);
    await expect(repo.insert('a', 'User', randomUUID(), data('dup@x.COM'), indexed('dup@x.COM'), now)).rejects.toMatchObject({
      status: 409,
      scimType: 'uniqueness',
    });
    await expect(repo.insert('b', 'User', randomUUID(), data('dup@x.com'), indexed('dup@x.com'), now)).resolves.toBeDefined();
  });

  it('enforces Group displayName uniqueness case-insensitively, per tenant, unless the tenant allows duplicates', async () => {
    const group = (displayName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName });
    const named = (displayName: string) => ({ userName: null, displayName, externalId: null });
    await ds.query(`INSERT INTO scim_target.tenants (name, profile, token) VALUES ('g1', 'generic', 'tg1'), ('g2', 'generic', 'tg2')`);
    await repo.insert('g1', 'Group', randomUUID(), group('Sales'), named('Sales'), now);
    await expect(repo.insert('g1', 'Group', randomUUID(), group('SALES'), named('SALES'), now)).rejects.toMatchObject({
      status: 409,
      scimType: 'uniqueness',
      detail: 'A group named "SALES" (in any case) already exists',
    });
    await expect(repo.insert('g2', 'Group', randomUUID(), group('sales'), named('sales'), now)).resolves.toBeDefined();
    // Users' displayName is not unique.
    await repo.insert('g1', 'User', randomUUID(), data('s1@x.com'), { userName: 's1@x.com', displayName: 'Sales', externalId: null }, now);
    await repo.insert('g1', 'User', randomUUID(), data('s2@x.com'), { userName: 's2@x.com', displayName: 'Sales', externalId: null }, now);
    // Renaming onto a taken name is refused too.
    const other = await repo.insert('g1', 'Group', randomUUID(), group('Other'), named('Other'), now);
    await expect(repo.update('g1', 'Group', other.id, 1, group('sales'), named('sales'), now)).rejects.toMatchObject({ status: 409 });

    await ds.query(
      `INSERT INTO scim_target.tenants (name, profile, token, allow_duplicate_group_names) VALUES ('c', 'generic', 'tc', true)`,
    );
    await repo.insert('c', 'Group', randomUUID(), group('Twice'), named('Twice'), now);
    await expect(repo.insert('c', 'Group', randomUUID(), group('twice'), named('twice'), now)).resolves.toBeDefined();
  });

  it('creates one of many concurrent groups of the same name', async () => {
    const group = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Race' };
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        repo.insert('g2', 'Group', randomUUID(), group, { userName: null, displayName: 'Race', externalId: null }, now),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected'))
      expect(r.reason).toMatchObject({ status: 409 });
  });

  it('answers 404 for a group of a tenant that no longer exists', async () => {
    const group = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Orphan' };
    await expect(
      repo.insert('gone', 'Group', randomUUID(), group, { userName: null, displayName: 'Orphan', externalId: null }, now),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it('updates optimistically: a stale version writes nothing', async () => {
    const id = randomUUID();
    await repo.insert('a', 'User', id, data('opt@x.com'), indexed('opt@x.com'), now);
    const v2 = await repo.update('a', 'User', id, 1, data('opt2@x.com'), indexed('opt2@x.com'), now);
    expect(v2).toMatchObject({ version: 2, data: data('opt2@x.com') });
    expect(await repo.update('a', 'User', id, 1, data('lost@x.com'), indexed('lost@x.com'), now)).toBeUndefined();
    expect((await repo.findById('a', 'User', id))?.data).toEqual(data('opt2@x.com'));
    await repo.insert('a', 'User', randomUUID(), data('taken@x.com'), indexed('taken@x.com'), now);
    await expect(repo.update('a', 'User', id, 2, data('TAKEN@x.com'), indexed('TAKEN@x.com'), now)).rejects.toBeInstanceOf(ScimError);
  });

  it('scans in keyset pages, in insertion order, without missing or repeating rows', async () => {
    const ids: string[] = [];
    const values = [];
    for (let i = 0; i < 2500; i++) {
      const id = randomUUID();
      ids.push(id);
      values.push(`('b', '${id}', 'Group', ${i}, '{}'::jsonb, 1, now(), now())`);
    }
    await ds.query(
      `INSERT INTO scim_target.resources (tenant, id, resource_type, display_name, data, version, created, last_modified) VALUES ${values.join(',')}`,
    );
    const seen: string[] = [];
    for await (const row of repo.scan('b', 'Group', [], 1000)) seen.push(row.id);
    expect(seen).toEqual(ids);
    const one: string[] = [];
    for await (const row of repo.scan('b', 'Group', [{ column: 'displayName', value: '1234' }])) one.push(row.id);
    expect(one).toEqual([ids[1234]]);
    expect(await repo.count('b', 'Group')).toBe(2500);
    expect((await repo.page('b', 'Group', 2498, 10)).map((r) => r.id)).toEqual(ids.slice(2498));
    for await (const _ of repo.scan('b', 'Group', [{ column: 'id', value: 'not-a-uuid' }])) throw new Error('must find nothing');
  });

  it('scans the rows equal to any of several values (an `or` of equalities), case-insensitively where the attribute is', async () => {
    const scan = async (tenant: string, type: string, eq: IndexedEquality) => {
      const found: string[] = [];
      for await (const row of repo.scan(tenant, type, [eq])) found.push(row.id);
      return found.sort();
    };
    const users = await Promise.all(
      ['Any.One@x.com', 'any.two@x.com', 'any.three@x.com'].map((u) => repo.insert('a', 'User', randomUUID(), data(u), indexed(u), now)),
    );
    const [one, two, three] = users.map((u) => u.id);
    expect(await scan('a', 'User', { column: 'userName', anyOf: ['any.one@X.COM', 'ANY.TWO@x.com', 'nobody@x.com'] })).toEqual(
      [one, two].sort(),
    );
    expect(await scan('b', 'User', { column: 'userName', anyOf: ['any.one@x.com'] })).toEqual([]);
    expect(await scan('a', 'User', { column: 'id', anyOf: [three, 'not-a-uuid', randomUUID()] })).toEqual([three]);
    expect(await scan('a', 'User', { column: 'id', anyOf: ['not-a-uuid'] })).toEqual([]);
    expect(await scan('a', 'User', { column: 'userName', anyOf: [] })).toEqual([]);
  });

  it('deletes one row, then all rows of a tenant only', async () => {
    const id = randomUUID();
    await repo.insert('a', 'User', id, data('del@x.com'), indexed('del@x.com'), now);
    expect(await repo.delete('a', 'User', id)).toBe(true);
    expect(await repo.delete('a', 'User', id)).toBe(false);
    await repo.deleteAll('b');
    expect(await repo.count('b', 'Group')).toBe(0);
    expect(await repo.count('a', 'User')).toBeGreaterThan(0);
  });

  it('deletes conditionally on the version in one statement (If-Match), unconditionally without versions', async () => {
    const id = randomUUID();
    await repo.insert('a', 'User', id, data('cond@x.com'), indexed('cond@x.com'), now);
    await repo.update('a', 'User', id, 1, data('cond2@x.com'), indexed('cond2@x.com'), now);
    expect(await repo.delete('a', 'User', id, [1])).toBe(false); // changed meanwhile: version 2 now
    expect(await repo.delete('a', 'User', id, [])).toBe(false);
    expect(await repo.delete('b', 'User', id, [2])).toBe(false); // another tenant's row is out of reach
    expect(await repo.findById('a', 'User', id)).toMatchObject({ version: 2, data: data('cond2@x.com') });
    expect(await repo.delete('a', 'User', id, [1, 2])).toBe(true);
    expect(await repo.findById('a', 'User', id)).toBeUndefined();
    expect(await repo.delete('a', 'User', id, [2])).toBe(false);
    expect(await repo.delete('a', 'User', 'not-a-uuid', [1])).toBe(false);

    const other = randomUUID();
    await repo.insert('a', 'User', other, data('uncond@x.com'), indexed('uncond@x.com'), now);
    await repo.update('a', 'User', other, 1, data('uncond2@x.com'), indexed('uncond2@x.com'), now);
    expect(await repo.delete('a', 'User', other)).toBe(true);
  });

  describe('ResourceService.delete with If-Match', () => {
    const tenant = { name: 'a' } as Tenant;
    const users = getProfile('generic').resourceSchemas.get('Users') as ResourceSchema;

    it('never deletes a version written after the one If-Match names (no check-then-delete gap)', async () => {
      const service = new ResourceService(repo);
      const id = randomUUID();
      await repo.insert('a', 'User', id, data('race@x.com'), indexed('race@x.com'), now);
      // A concurrent PATCH lands right after any read the service makes before deleting.
      let concurrentWrite: unknown;
      const findById = jest.spyOn(repo, 'findById').mockImplementationOnce(async (...args) => {
        findById.mockRestore();
        const row = await repo.findById(...args);
        concurrentWrite = await repo.update('a', 'User', id, 1, data('race2@x.com'), indexed('race2@x.com'), now);
        return row;
      });
      try {
        const outcome = await service.delete(tenant, users, id, 'W/"1"').then(
          () => 204,
          (e: ScimError) => e.status,
        );
        findById.mockRestore();
        const after = await repo.findById('a', 'User', id);
        if (concurrentWrite) {
          // The write landed first: the delete pinned to version 1 must not remove version 2.
          expect({ outcome, after: after?.version }).toEqual({ outcome: 412, after: 2 });
        } else {
          expect({ outcome, after }).toEqual({ outcome: 204, after: undefined });
        }
      } finally {
        findById.mockRestore();
      }
    });

    it('answers 412 for a stale or foreign ETag, 404 for a missing resource, and deletes on a match or *', async () => {
      const service = new ResourceService(repo);
      const status = (id: string, ifMatch?: string) =>
        service.delete(tenant, users, id, ifMatch).then(
          () => 204,
          (e: ScimError) => e.status,
        );
      const id = randomUUID();
      await repo.insert('a', 'User', id, data('etag@x.com'), indexed('etag@x.com'), now);
      await repo.update('a', 'User', id, 1, data('etag2@x.com'), indexed('etag2@x.com'), now);
      for (const stale of ['W/"1"', '"1"', 'W/"99999999999999999999"', 'W/"02"', 'garbage', '']) {
        expect({ stale, status: await status(id, stale) }).toEqual({ stale, status: 412 });
      }
      expect(await status(randomUUID(), 'W/"1"')).toBe(404);
      expect(await status(id, 'W/"7", "2"')).toBe(204);
      expect(await status(id, 'W/"2"')).toBe(404);
      const starred = randomUUID();
      await repo.insert('a', 'User', starred, data('star@x.com'), indexed('star@x.com'), now);
      expect(await status(starred, '*')).toBe(204);
      expect(await status(starred)).toBe(404);
    });
  });

  describe('ResourceService updates from the version it kept (another process writing meanwhile)', () => {
    const tenant = { name: 'a' } as Tenant;
    const users = getProfile('generic').resourceSchemas.get('Users') as ResourceSchema;
    const base = 'https://target.example/scim';
    const patch = (...Operations: object[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });
    const user = (userName: string, extra: Record<string, unknown> = {}) => ({ ...data(userName), displayName: 'Kept', ...extra });
    const outcome = <T>(p: Promise<T>) =>
      p.then(
        (value) => ({ status: 200, value }),
        (e: ScimError) => ({ status: e.status, value: undefined }),
      );

    /** This process (`mine`) reads the user, another (`theirs`) changes it, then this one sends `body`. */
    const cases: {
      name: string;
      stored?: Record<string, unknown>;
      theirs: (service: ResourceService, id: string) => Promise<unknown>;
      body: object;
      ifMatch?: (keptVersion: number) => string;
      expected: {
        status: number;
        displayName?: string;
        title?: string | undefined;
        nickName?: string | undefined;
        emailType?: string | undefined;
        version?: number;
      };
    }[] = [
      {
        name: 'their change to another attribute is kept, mine lands on top',
        theirs: (other, id) =>
          other.patch(tenant, users, id, patch({ op: 'Replace', path: 'displayName', value: 'Theirs' }), undefined, base, {}),
        body: patch({ op: 'Replace', path: 'title', value: 'Mine' }),
        expected: { status: 200, displayName: 'Theirs', title: 'Mine', version: 3 },
      },
      {
        name: 'a value equal to the kept one but not to the stored one is written',
        theirs: (other, id) =>
          other.patch(tenant, users, id, patch({ op: 'Replace', path: 'displayName', value: 'Theirs' }), undefined, base, {}),
        body: patch({ op: 'Replace', path: 'displayName', value: 'Kept' }),
        expected: { status: 200, displayName: 'Kept', version: 3 },
      },
      {
        name: 'removing what only the stored version has removes it',
        theirs: (other, id) => other.patch(tenant, users, id, patch({ op: 'Add', path: 'nickName', value: 'Nick' }), undefined, base, {}),
        body: patch({ op: 'Remove', path: 'nickName' }),
        expected: { status: 200, nickName: undefined, version: 3 },
      },
      {
        name: 'a path the kept version has no target for, but the stored one has, is applied to the stored one',
        theirs: (other, id) =>
          other.patch(
            tenant,
            users,
            id,
            patch({ op: 'Add', path: 'emails', value: [{ value: 'x1@x.com', type: 'home' }] }),
            undefined,
            base,
            {},
          ),
        body: patch({ op: 'Replace', path: 'emails[value sw "x1"].type', value: 'work' }),
        expected: { status: 200, emailType: 'work', version: 3 },
      },
      {
        name: 'a resource they deleted is not found',
        theirs: (other, id) => other.delete(tenant, users, id, undefined),
        body: patch({ op: 'Replace', path: 'title', value: 'Mine' }),
        expected: { status: 404 },
      },
      {
        name: 'If-Match naming the kept version after their write fails the precondition',
        theirs: (other, id) =>
          other.patch(tenant, users, id, patch({ op: 'Replace', path: 'displayName', value: 'Theirs' }), undefined, base, {}),
        body: patch({ op: 'Replace', path: 'title', value: 'Mine' }),
        ifMatch: (kept) => `W/"${kept}"`,
        expected: { status: 412, displayName: 'Theirs', version: 2 },
      },
      {
        name: 'nothing written by them: mine is written on the kept version',
        theirs: async () => undefined,
        body: patch({ op: 'Replace', path: 'title', value: 'Mine' }),
        expected: { status: 200, displayName: 'Kept', title: 'Mine', version: 2 },
      },
    ];

    it.each(cases)('$name', async ({ theirs, body, ifMatch, expected }) => {
      const mine = new ResourceService(repo);
      const other = new ResourceService(repo);
      const id = randomUUID();
      const userName = `kept-${id}@x.com`;
      await repo.insert('a', 'User', id, user(userName), indexed(userName), now);
      const kept = await mine.get(tenant, users, id, base, {});
      await theirs(other, id);
      const result = await outcome(mine.patch(tenant, users, id, body, ifMatch?.(1), base, {}));
      const stored = await repo.findById('a', 'User', id);
      expect({
        status: result.status,
        ...(stored && {
          displayName: stored.data.displayName,
          title: stored.data.title,
          nickName: stored.data.nickName,
          emailType: (stored.data.emails as { type?: string }[] | undefined)?.[0]?.type,
          version: stored.version,
        }),
      }).toEqual({ ...pick(expected), status: expected.status });
      expect(kept.etag).toBe('W/"1"');
    });

    /** The expectation's fields, with absent optional attributes as undefined, as the stored row reads. */
    function pick(expected: (typeof cases)[number]['expected']): Record<string, unknown> {
      if (expected.status === 404) return {};
      return { displayName: 'Kept', title: undefined, nickName: undefined, emailType: undefined, ...expected };
    }

    it('keeps no group larger than its whole bound: a PATCH after the GET of one reads it again', async () => {
      const groups = getProfile('generic').resourceSchemas.get('Groups') as ResourceSchema;
      const mine = new ResourceService(repo);
      const reads = async (members: number) => {
        const id = randomUUID();
        const name = `big-${id}`;
        const value = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name, members: [] as object[] };
        for (let i = 0; i < members; i++) value.members.push({ value: randomUUID() });
        await repo.insert('a', 'Group', id, value, { userName: null, displayName: name, externalId: null }, now);
        const findById = jest.spyOn(repo, 'findById');
        try {
          await mine.get(tenant, groups, id, base, {});
          await mine.patch(tenant, groups, id, patch({ op: 'Replace', path: 'displayName', value: `${name}-2` }), undefined, base, {});
          return findById.mock.calls.length;
        } finally {
          findById.mockRestore();
        }
      };
      expect({ small: await reads(3), huge: await reads(RECENT_UNITS) }).toEqual({ small: 1, huge: 2 });
    });

    it('reads the row once for a GET and the PATCH after it, when nobody wrote in between', async () => {
      const mine = new ResourceService(repo);
      const id = randomUUID();
      await repo.insert('a', 'User', id, user(`once-${id}@x.com`), indexed(`once-${id}@x.com`), now);
      const findById = jest.spyOn(repo, 'findById');
      try {
        await mine.get(tenant, users, id, base, {});
        const patched = await mine.patch(tenant, users, id, patch({ op: 'Replace', path: 'title', value: 'T' }), undefined, base, {});
        expect({ reads: findById.mock.calls.length, etag: patched.etag, title: patched.body.title }).toEqual({
          reads: 1,
          etag: 'W/"2"',
          title: 'T',
        });
      } finally {
        findById.mockRestore();
      }
    });
  });

  it('analyzes the table as it grows, so a lookup by id plans on the primary key', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 600; i++) {
      const id = randomUUID();
      ids.push(id);
      await repo.insert(
        'b',
        'User',
        id,
        data(`grow${i}@x.com`),
        { userName: `grow${i}@x.com`, displayName: `Grow ${i}`, externalId: `g${i}` },
        now,
      );
    }
    await repo.onModuleDestroy(); // waits for the background ANALYZE
    const [{ n }] = await ds.query(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'scim_target.resources'::regclass`);
    expect(Number(n)).toBeGreaterThan(400); // -1 until a table is first analyzed
    const plan = (await ds.query(
      `EXPLAIN SELECT id FROM scim_target.resources WHERE tenant = 'b' AND id = '${ids[300]}' AND resource_type = 'User'`,
    )) as Array<{ 'QUERY PLAN': string }>;
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('resources_pkey');
    expect(await repo.findById('b', 'User', ids[300])).toMatchObject({ id: ids[300] });
  });
});
