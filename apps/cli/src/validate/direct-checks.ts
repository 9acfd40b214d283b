import { randomBytes, randomUUID } from 'node:crypto';
import {
  AD_SCIM_GROUP_URN,
  CORE_GROUP_URN,
  CORE_USER_URN,
  ENTERPRISE_USER_URN,
  MANAGER_PATH,
  PATCH_OP_URN,
  currentManagerId,
  getMembers,
  mapForCreate,
  parseTargetPath,
  readAtPath,
  type ScimResource,
} from '@app/provisioning-core';
import type { CheckDefinition } from './framework';
import { CheckFailure, CheckSkipped } from './framework';
import type { ScimAnswer, ScimClient } from './http';
import { isCommonAttribute, type ValidateProfile } from './profile';

/** What the direct checks share: the client, the chosen mappings, and the objects created so far. */
export interface DirectContext {
  client: ScimClient;
  profile: ValidateProfile;
  groups: boolean;
  /** A short random tag in every name this run creates, so runs never collide and leftovers are recognisable. */
  runId: string;
  user?: { id: string; userName: string; body: ScimResource };
  pageUsers: string[];
  group?: { id: string; displayName: string };
  /** Every object created, for the clean-up at the end. */
  created: { users: Set<string>; groups: Set<string> };
}

export function newDirectContext(client: ScimClient, profile: ValidateProfile, groups: boolean): DirectContext {
  return {
    client,
    profile,
    groups,
    runId: randomBytes(4).toString('hex'),
    pageUsers: [],
    created: { users: new Set(), groups: new Set() },
  };
}

const LIST_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH_OK = [200, 204];
const mandatoryUnlessFlagged = (ctx: DirectContext): boolean => !ctx.client.flagged;
const mandatoryWhenFlagged = (ctx: DirectContext): boolean => ctx.client.flagged;

// ---------------------------------------------------------------------------------------------------------------
// helpers

function answered(a: ScimAnswer): string {
  const detail = a.body && typeof a.body === 'object' ? (a.body as { detail?: unknown }).detail : undefined;
  return `HTTP ${a.status}${typeof detail === 'string' ? ` ("${detail}")` : ''}`;
}

function expectStatus(a: ScimAnswer, allowed: number[], what: string, expected: string, fix: string): void {
  if (!allowed.includes(a.status)) throw new CheckFailure(`${what} answered ${answered(a)}`, expected, fix);
}

function asObject(value: unknown): ScimResource | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ScimResource) : undefined;
}

function ciGet(obj: ScimResource | undefined, key: string): unknown {
  if (!obj) return undefined;
  const k = Object.keys(obj).find((name) => name.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : obj[k];
}

/** The ListResponse's resources, after checking its shape. */
function listOf(a: ScimAnswer, what: string): { total: number; resources: ScimResource[]; body: ScimResource } {
  const body = asObject(a.body);
  const schemas = ciGet(body, 'schemas');
  const total = ciGet(body, 'totalResults');
  const resources = ciGet(body, 'Resources') ?? [];
  if (!body || !Array.isArray(schemas) || !schemas.includes(LIST_URN) || typeof total !== 'number' || !Array.isArray(resources)) {
    throw new CheckFailure(
      `${what} did not answer a ListResponse`,
      `200 with {"schemas":["${LIST_URN}"],"totalResults":n,"Resources":[…]}`,
      'Answer every GET on a collection with a SCIM ListResponse (RFC 7644 §3.4.2), also when nothing matches (totalResults 0).',
    );
  }
  return { total, resources: resources.map((r) => asObject(r) ?? {}), body };
}

async function getUser(ctx: DirectContext, id: string): Promise<ScimResource> {
  const a = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
  expectStatus(a, [200], `GET /Users/${id}`, '200 with the user', 'GET /Users/{id} must return the user, whatever its active state.');
  return asObject(a.body) ?? {};
}

function readValue(resource: ScimResource, path: string): unknown {
  return readAtPath(resource, parseTargetPath(path));
}

function userFilter(userName: string): [string, string] {
  return ['filter', `userName eq "${userName.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`];
}

/** A source user as the tenant would hand it to the mappings. */
function sourceUser(ctx: DirectContext, tag: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const upn = `provsim.${ctx.runId}.${tag}@example.com`;
  return {
    objectId: randomUUID(),
    userPrincipalName: upn,
    mail: upn,
    mailNickname: `provsim${ctx.runId}${tag}`,
    displayName: `Validate ${tag} ${ctx.runId}`,
    givenName: 'Validate',
    surname: `${tag}-${ctx.runId}`,
    jobTitle: 'Engineer',
    department: 'Research',
    employeeId: '100001',
    preferredLanguage: 'en-US',
    city: 'Seattle',
    country: 'US',
    accountEnabled: true,
    IsSoftDeleted: false,
    manager: null,
    ...extra,
  };
}

function createBody(ctx: DirectContext, source: Record<string, unknown>): ScimResource {
  try {
    return mapForCreate(ctx.profile.user.mapping, ctx.profile.user.defs, source, {
      now: new Date(),
      random: Math.random,
      newGuid: randomUUID,
    }).resource;
  } catch (error) {
    throw new CheckFailure(`the mapping could not build a create request: ${(error as Error).message}`);
  }
}

async function createUser(
  ctx: DirectContext,
  tag: string,
): Promise<{ id: string; userName: string; answer: ScimAnswer; body: ScimResource }> {
  const body = createBody(ctx, sourceUser(ctx, tag));
  const answer = await ctx.client.post('/Users', body);
  const id = ciGet(asObject(answer.body), 'id');
  if ((answer.status === 200 || answer.status === 201) && typeof id === 'string') ctx.created.users.add(id);
  return { id: typeof id === 'string' ? id : '', userName: String(body.userName), answer, body };
}

/** Mapped single-valued string attributes without element filter (what simple Replace/Add operations can target). */
function simpleStringAttributes(ctx: DirectContext): string[] {
  const defs = ctx.profile.user.defs;
  return ctx.profile.user.mapping.attributeMappings
    .map((m) => m.targetAttributeName)
    .filter((name) => {
      if (isCommonAttribute(name) || name.toLowerCase() === 'username') return false;
      const p = parseTargetPath(name);
      const def = defs.find((d) => d.name.toLowerCase() === name.toLowerCase());
      return p.filter === null && (def?.type ?? 'String') === 'String' && !def?.multivalued && name !== MANAGER_PATH;
    });
}

function mapsManager(ctx: DirectContext): boolean {
  return ctx.profile.user.mapping.attributeMappings.some((m) => m.targetAttributeName.toLowerCase() === MANAGER_PATH.toLowerCase());
}

async function patchUser(ctx: DirectContext, operations: unknown[]): Promise<ScimAnswer> {
  return ctx.client.patch(`/Users/${encodeURIComponent(ctx.user!.id)}`, { schemas: [PATCH_OP_URN], Operations: operations });
}

async function expectValues(ctx: DirectContext, id: string, wanted: Record<string, unknown>, how: string, fix: string): Promise<void> {
  const resource = await getUser(ctx, id);
  const wrong = Object.entries(wanted).filter(([path, value]) => readValue(resource, path) !== value);
  if (wrong.length > 0) {
    throw new CheckFailure(
      `${how} answered success but a GET afterwards shows ${wrong.map(([p, v]) => `${p} = ${JSON.stringify(readValue(resource, p))} (sent ${JSON.stringify(v)})`).join(', ')}`,
      'the values sent, stored as sent and returned by GET',
      fix,
    );
  }
}

async function managerOf(ctx: DirectContext, id: string): Promise<string | null> {
  return currentManagerId(await getUser(ctx, id));
}

async function groupMembers(ctx: DirectContext, groupId: string): Promise<string[]> {
  const a = await ctx.client.get(`/Groups/${encodeURIComponent(groupId)}`);
  expectStatus(a, [200], `GET /Groups/${groupId}`, '200 with the group', 'GET /Groups/{id} must return the group.');
  return getMembers(asObject(a.body) ?? {});
}

/** Membership as Entra checks it: `filter=id eq "<gid>" and members eq "<uid>"`, falling back to the members list. */
async function isMember(ctx: DirectContext, groupId: string, userId: string): Promise<boolean> {
  const a = await ctx.client.get('/Groups', [
    ['excludedAttributes', 'members'],
    ['filter', `id eq "${groupId}" and members eq "${userId}"`],
  ]);
  if (a.status === 200) {
    const total = ciGet(asObject(a.body), 'totalResults');
    if (typeof total === 'number') return total > 0;
  }
  return (await groupMembers(ctx, groupId)).includes(userId);
}

function needGroups(ctx: DirectContext): void {
  if (!ctx.groups) throw new CheckSkipped('group checks run with --groups');
  if (!ctx.profile.group) throw new CheckSkipped(`the ${ctx.profile.name} mapping provisions no groups`);
}

function needManager(ctx: DirectContext): void {
  if (!mapsManager(ctx)) throw new CheckSkipped(`the ${ctx.profile.name} mapping does not map the manager`);
}

const FLAG_NOTE = 'provision on demand still sends the default shapes whatever the Tenant URL says';

// ---------------------------------------------------------------------------------------------------------------
// the checks, in the order they run

export function directChecks(): CheckDefinition<DirectContext>[] {
  return [
    {
      id: 'connection.filter-unknown-username-answers-empty-list',
      name: 'Test Connection: a userName filter for a random GUID answers 200 with an empty ListResponse',
      group: 'connection',
      mandatory: true,
      async run(ctx) {
        const a = await ctx.client.get('/Users', [userFilter(randomUUID())]);
        expectStatus(
          a,
          [200],
          'GET /Users?filter=userName eq "<random GUID>"',
          '200 and an empty ListResponse',
          'Answer a filter that matches nothing with 200 and totalResults 0, not 404.',
        );
        const { total, resources } = listOf(a, 'the Test Connection query');
        if (total !== 0 || resources.length !== 0)
          throw new CheckFailure(
            `a random GUID matched ${total} users`,
            'totalResults 0',
            'Apply the userName filter; Entra sends exactly this query when the admin clicks Test Connection.',
          );
      },
    },
    {
      id: 'schemas.lists-every-mapped-user-attribute',
      name: '/Schemas lists every mapped User attribute (case-insensitive)',
      group: 'schemas',
      mandatory: true,
      async run(ctx) {
        await expectSchemaAttributes(
          ctx,
          CORE_USER_URN,
          ctx.profile.user.mapping.attributeMappings.map((m) => m.targetAttributeName),
        );
      },
    },
    {
      id: 'schemas.lists-every-mapped-group-attribute',
      name: '/Schemas lists every mapped Group attribute (case-insensitive)',
      group: 'schemas',
      mandatory: true,
      async run(ctx) {
        needGroups(ctx);
        await expectSchemaAttributes(
          ctx,
          CORE_GROUP_URN,
          ctx.profile.group!.mapping.attributeMappings.map((m) => m.targetAttributeName),
        );
      },
    },
    {
      id: 'users.create.answers-201-with-id-and-username',
      name: 'POST /Users answers 201 (or 200) with an id and the userName sent',
      group: 'users',
      mandatory: true,
      async run(ctx) {
        const { id, userName, answer, body } = await createUser(ctx, 'main');
        expectStatus(
          answer,
          [200, 201],
          'POST /Users',
          '201 Created with the resource and its id',
          'Answer a successful create with 201 and the created resource.',
        );
        if (!id)
          throw new CheckFailure(
            'POST /Users answered no "id"',
            'the resource with a server-assigned "id"',
            'Return the created resource with its id: Entra keeps it as the anchor for every later request.',
          );
        const echoed = ciGet(asObject(answer.body), 'userName');
        if (echoed !== userName)
          throw new CheckFailure(
            `POST /Users answered userName ${JSON.stringify(echoed)} for ${JSON.stringify(userName)}`,
            'the userName as sent',
            'Store and return userName exactly as sent (no case or whitespace changes).',
          );
        ctx.user = { id, userName, body };
        return answer.status === 200 ? 'answered 200 (Entra expects 201, and accepts 200)' : undefined;
      },
    },
    {
      id: 'users.get-by-id.returns-the-user',
      name: 'GET /Users/{id} returns the created user',
      group: 'users',
      mandatory: true,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const resource = await getUser(ctx, ctx.user!.id);
        if (ciGet(resource, 'id') !== ctx.user!.id || ciGet(resource, 'userName') !== ctx.user!.userName) {
          throw new CheckFailure(
            'GET /Users/{id} returned another id or userName',
            'the user as created',
            'Return the resource the id names.',
          );
        }
      },
    },
    {
      id: 'users.create.values-stored-as-sent',
      name: 'Every mapped value of the create comes back as sent',
      group: 'users',
      mandatory: false,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const resource = await getUser(ctx, ctx.user!.id);
        const sent = ctx.user!.body;
        const wrong: string[] = [];
        for (const m of ctx.profile.user.mapping.attributeMappings) {
          const p = parseTargetPath(m.targetAttributeName);
          const value = readAtPath(sent, p);
          if (value === undefined || value === null || typeof value === 'object') continue;
          const back = readAtPath(resource, p);
          const same = typeof value === 'boolean' ? back === value || String(back).toLowerCase() === String(value) : back === value;
          if (!same) wrong.push(`${m.targetAttributeName}: sent ${JSON.stringify(value)}, got ${JSON.stringify(back)}`);
        }
        if (wrong.length) {
          throw new CheckFailure(
            wrong.join('; '),
            'values stored and returned exactly as sent',
            'Keep values as sent; Entra compares them at every cycle and sends a PATCH for every difference it sees, forever.',
          );
        }
      },
    },
    {
      id: 'users.create.duplicate-username-answers-409',
      name: 'A second POST with the same userName answers 409 Conflict',
      group: 'users',
      mandatory: false,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const a = await ctx.client.post('/Users', ctx.user!.body);
        const id = ciGet(asObject(a.body), 'id');
        if (a.status < 300 && typeof id === 'string' && id !== ctx.user!.id) ctx.created.users.add(id);
        expectStatus(
          a,
          [409],
          'a second POST /Users with the same userName',
          '409 Conflict (scimType uniqueness)',
          'Refuse a duplicate userName with 409; Entra then matches the existing user instead of creating a second one.',
        );
      },
    },
    {
      id: 'users.filter.username-eq-finds-the-user',
      name: 'GET /Users?filter=userName eq "…" finds exactly the created user',
      group: 'users',
      mandatory: true,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const a = await ctx.client.get('/Users', [userFilter(ctx.user!.userName)]);
        expectStatus(
          a,
          [200],
          'GET /Users?filter=userName eq',
          '200 ListResponse with the one user',
          'Support filter=userName eq "…": Entra matches every user this way before creating it.',
        );
        const { total, resources } = listOf(a, 'the userName filter');
        if (total !== 1 || resources.length !== 1 || ciGet(resources[0], 'id') !== ctx.user!.id) {
          throw new CheckFailure(
            `the filter answered totalResults ${total} with ${resources.length} resources`,
            'exactly the created user',
            'Apply the filter: with no or several results Entra creates a duplicate or fails with DuplicateTargetEntries.',
          );
        }
      },
    },
    {
      id: 'users.filter.username-eq-is-case-insensitive',
      name: 'The userName filter matches regardless of case',
      group: 'users',
      mandatory: true,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const a = await ctx.client.get('/Users', [userFilter(ctx.user!.userName.toUpperCase())]);
        expectStatus(
          a,
          [200],
          'GET /Users?filter=userName eq "<upper-cased>"',
          '200 ListResponse with the user',
          'Support filter=userName eq "…".',
        );
        const { total } = listOf(a, 'the upper-cased userName filter');
        if (total !== 1) {
          throw new CheckFailure(
            `filtering on the upper-cased userName found ${total} users`,
            'the user: userName is not case-exact (RFC 7643 §4.1.1), and Entra matches users whose UPN case changed',
            'Compare userName case-insensitively in filters (and in the uniqueness check), while storing it as sent.',
          );
        }
      },
    },
    {
      id: 'users.patch.replace-then-get-matches',
      name: 'PATCH replace answers 200/204 and a GET afterwards shows the new values',
      group: 'users',
      mandatory: true,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const wanted: Record<string, unknown> = {};
        for (const path of simpleStringAttributes(ctx)) wanted[path] = `Changed ${path.split(':').pop()} ${ctx.runId}`;
        const mailPath = ctx.profile.user.mapping.attributeMappings.find((m) =>
          /^emails\[/i.test(m.targetAttributeName),
        )?.targetAttributeName;
        if (mailPath) wanted[mailPath] = `changed.${ctx.runId}@example.com`;
        if (Object.keys(wanted).length === 0) throw new CheckSkipped('the mapping has no updatable string attribute');
        const a = await patchUser(
          ctx,
          Object.entries(wanted).map(([path, value]) => ({ op: 'replace', path, value })),
        );
        expectStatus(
          a,
          PATCH_OK,
          'PATCH /Users/{id}',
          '200 with the resource, or 204',
          'Answer a successful PATCH with 200 (and the resource) or 204.',
        );
        await expectValues(
          ctx,
          ctx.user!.id,
          wanted,
          'PATCH',
          'Apply each operation of the PATCH, including paths with a value filter such as emails[type eq "work"].value.',
        );
      },
    },
    {
      id: 'users.patch.null-and-empty-update',
      name: 'A PATCH with an empty Operations list answers 200/204 and changes nothing',
      group: 'users',
      mandatory: false,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const before = await getUser(ctx, ctx.user!.id);
        const a = await patchUser(ctx, []);
        expectStatus(
          a,
          [200, 204],
          'PATCH with "Operations":[]',
          '200 or 204, nothing changed',
          'Treat an empty PATCH as a no-op rather than an error.',
        );
        const after = await getUser(ctx, ctx.user!.id);
        if (ciGet(after, 'userName') !== ciGet(before, 'userName') || ciGet(after, 'displayName') !== ciGet(before, 'displayName')) {
          throw new CheckFailure('an empty PATCH changed the user', 'no change', 'Apply no change for an empty Operations list.');
        }
      },
    },
    {
      id: 'users.disable.user-still-returned',
      name: 'A disabled user (active false) is still returned by GET and by the userName filter',
      group: 'users',
      mandatory: true,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const a = await patchUser(ctx, [{ op: 'replace', path: 'active', value: false }]);
        expectStatus(a, PATCH_OK, 'PATCH active false', '200 or 204', 'Accept PATCH of active.');
        const resource = await getUser(ctx, ctx.user!.id);
        if (ciGet(resource, 'active') !== false)
          throw new CheckFailure(
            `after disabling, GET shows active ${JSON.stringify(ciGet(resource, 'active'))}`,
            'active false',
            'Store active as a boolean and return it.',
          );
        const f = await ctx.client.get('/Users', [userFilter(ctx.user!.userName)]);
        expectStatus(f, [200], 'the userName filter for a disabled user', '200 with the user', 'Keep returning disabled users.');
        if (listOf(f, 'the userName filter').total !== 1) {
          throw new CheckFailure(
            'the userName filter no longer finds the disabled user',
            'the user, whatever its active state',
            'Return disabled users from filters too; only a DELETE makes a user disappear, otherwise Entra creates it again.',
          );
        }
        await patchUser(ctx, [{ op: 'replace', path: 'active', value: true }]);
      },
    },
    {
      id: 'users.pagination.count-5-over-11-users',
      name: 'Pagination with count=5 over at least 11 users: startIndex, itemsPerPage and totalResults',
      group: 'users',
      mandatory: true,
      async run(ctx) {
        for (let i = 1; ctx.pageUsers.length < 11 && i <= 11; i++) {
          const u = await createUser(ctx, `page${i}`);
          expectStatus(u.answer, [200, 201], 'POST /Users (pagination fixture)', '201', 'Accept user creates.');
          ctx.pageUsers.push(u.id);
        }
        const first = await ctx.client.get('/Users', [
          ['startIndex', '1'],
          ['count', '5'],
        ]);
        expectStatus(
          first,
          [200],
          'GET /Users?startIndex=1&count=5',
          '200 ListResponse',
          'Support startIndex and count on GET /Users (RFC 7644 §3.4.2.4).',
        );
        const page = listOf(first, 'GET /Users?startIndex=1&count=5');
        const fix =
          'Honour count (at most that many resources) and startIndex (1-based), and answer totalResults (all matches), itemsPerPage (this page) and startIndex; Entra pages through all users this way during account discovery.';
        if (page.total < 11)
          throw new CheckFailure(`totalResults is ${page.total} with at least 11 users stored`, 'totalResults = all users', fix);
        if (page.resources.length !== 5) throw new CheckFailure(`count=5 answered ${page.resources.length} resources`, '5 resources', fix);
        const itemsPerPage = ciGet(page.body, 'itemsPerPage');
        const startIndex = ciGet(page.body, 'startIndex');
        if (itemsPerPage !== 5 || startIndex !== 1)
          throw new CheckFailure(
            `itemsPerPage ${JSON.stringify(itemsPerPage)}, startIndex ${JSON.stringify(startIndex)}`,
            'itemsPerPage 5 and startIndex 1',
            fix,
          );
        const seen = new Set<string>();
        const maxPages = Math.min(Math.ceil(page.total / 5), 200);
        for (let p = 0; p < maxPages; p++) {
          const a =
            p === 0
              ? first
              : await ctx.client.get('/Users', [
                  ['startIndex', String(1 + p * 5)],
                  ['count', '5'],
                ]);
          expectStatus(a, [200], `GET /Users?startIndex=${1 + p * 5}&count=5`, '200', fix);
          const l = listOf(a, 'a page of users');
          if (p > 0 && ciGet(l.body, 'startIndex') !== 1 + p * 5)
            throw new CheckFailure(
              `page ${p + 1} answered startIndex ${JSON.stringify(ciGet(l.body, 'startIndex'))}`,
              `startIndex ${1 + p * 5}`,
              fix,
            );
          for (const r of l.resources) {
            const id = String(ciGet(r, 'id'));
            if (seen.has(id)) throw new CheckFailure(`user ${id} is on two pages`, 'each user on exactly one page (a stable order)', fix);
            seen.add(id);
          }
        }
        if (page.total <= 1000) {
          const missing = ctx.pageUsers.filter((id) => !seen.has(id));
          if (missing.length)
            throw new CheckFailure(
              `${missing.length} of the 11 users created for this check are on no page`,
              'every user on some page',
              fix,
            );
        }
      },
    },
    ...managerChecks(),
    ...quirkChecks(),
    ...groupChecks(),
    {
      id: 'users.delete.answers-204-then-get-404',
      name: 'DELETE /Users/{id} answers 204, then GET answers 404',
      group: 'users',
      mandatory: true,
      requires: ['users.create.answers-201-with-id-and-username'],
      async run(ctx) {
        const id = ctx.user!.id;
        const a = await ctx.client.delete(`/Users/${encodeURIComponent(id)}`);
        expectStatus(a, [204, 200], 'DELETE /Users/{id}', '204 No Content', 'Answer a delete with 204.');
        ctx.created.users.delete(id);
        const g = await ctx.client.get(`/Users/${encodeURIComponent(id)}`);
        if (g.status !== 404)
          throw new CheckFailure(
            `GET after DELETE answered ${answered(g)}`,
            '404',
            'Delete the user for good (a soft delete is a PATCH of active, not a DELETE).',
          );
        return a.status === 200 ? 'answered 200 (Entra expects 204, and accepts 200)' : undefined;
      },
    },
  ];
}

async function expectSchemaAttributes(ctx: DirectContext, coreUrn: string, targetNames: string[]): Promise<void> {
  const a = await ctx.client.get('/Schemas');
  expectStatus(
    a,
    [200],
    'GET /Schemas',
    '200 ListResponse of schema resources',
    'Serve /Schemas (RFC 7644 §4) describing the User (and Group) attributes the app supports.',
  );
  const { resources } = listOf(a, 'GET /Schemas');
  const schemaById = new Map(resources.map((r) => [String(ciGet(r, 'id')).toLowerCase(), r]));
  const missing: string[] = [];
  for (const name of targetNames) {
    if (isCommonAttribute(name)) continue;
    const p = parseTargetPath(name);
    const schema = schemaById.get((p.schemaUrn ?? coreUrn).toLowerCase());
    const attrs = ciGet(schema, 'attributes');
    const attr = Array.isArray(attrs)
      ? attrs.map(asObject).find((x) => String(ciGet(x, 'name')).toLowerCase() === p.attribute.toLowerCase())
      : undefined;
    if (!attr) {
      missing.push(name);
      continue;
    }
    const subs = ciGet(attr, 'subAttributes');
    const needed = [p.subAttribute, ...(p.filter ?? []).map((c) => c.attribute)].filter((s): s is string => !!s);
    if (needed.length && Array.isArray(subs)) {
      const subNames = subs.map((s) => String(ciGet(asObject(s), 'name')).toLowerCase());
      if (needed.some((s) => !subNames.includes(s.toLowerCase()))) missing.push(name);
    }
  }
  if (missing.length) {
    throw new CheckFailure(
      `/Schemas does not list ${missing.join(', ')}`,
      `every mapped attribute in the schema resource ${coreUrn}${targetNames.some((n) => n.startsWith(ENTERPRISE_USER_URN)) ? ` or ${ENTERPRISE_USER_URN}` : ''}`,
      'Describe these attributes in /Schemas (and support them), or remove their mappings from the app in Entra.',
    );
  }
}

function managerChecks(): CheckDefinition<DirectContext>[] {
  const requires = ['users.create.answers-201-with-id-and-username', 'users.pagination.count-5-over-11-users'];
  const fix =
    'Support PATCH of the enterprise extension manager (urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager) and return it as {"value":"<manager id>"}.';
  return [
    {
      id: 'users.manager.set',
      name: 'PATCH sets the manager and GET shows it',
      group: 'users.manager',
      mandatory: true,
      requires,
      async run(ctx) {
        needManager(ctx);
        const a = await patchUser(ctx, [{ op: 'add', path: MANAGER_PATH, value: { value: ctx.pageUsers[0] } }]);
        expectStatus(a, PATCH_OK, 'PATCH add manager', '200 or 204', fix);
        const m = await managerOf(ctx, ctx.user!.id);
        if (m !== ctx.pageUsers[0])
          throw new CheckFailure(`GET shows manager ${JSON.stringify(m)}`, `manager.value ${ctx.pageUsers[0]}`, fix);
      },
    },
    {
      id: 'users.manager.change',
      name: 'PATCH changes the manager and GET shows the new one',
      group: 'users.manager',
      mandatory: true,
      requires: [...requires, 'users.manager.set'],
      async run(ctx) {
        needManager(ctx);
        const a = await patchUser(ctx, [{ op: 'replace', path: MANAGER_PATH, value: { value: ctx.pageUsers[1] } }]);
        expectStatus(a, PATCH_OK, 'PATCH replace manager', '200 or 204', fix);
        const m = await managerOf(ctx, ctx.user!.id);
        if (m !== ctx.pageUsers[1])
          throw new CheckFailure(`GET shows manager ${JSON.stringify(m)}`, `manager.value ${ctx.pageUsers[1]}`, fix);
      },
    },
    {
      id: 'users.manager.remove',
      name: 'PATCH removes the manager and GET shows none',
      group: 'users.manager',
      mandatory: true,
      requires: [...requires, 'users.manager.set'],
      async run(ctx) {
        needManager(ctx);
        const a = await patchUser(ctx, [{ op: 'remove', path: MANAGER_PATH }]);
        expectStatus(a, PATCH_OK, 'PATCH remove manager', '200 or 204', fix);
        const m = await managerOf(ctx, ctx.user!.id);
        if (m !== null) throw new CheckFailure(`GET still shows manager ${JSON.stringify(m)}`, 'no manager', fix);
      },
    },
  ];
}

function quirkChecks(): CheckDefinition<DirectContext>[] {
  const requires = ['users.create.answers-201-with-id-and-username'];
  return [
    {
      id: 'quirks.active-as-string-False',
      name: 'Entra disables with {"op":"Replace","path":"active","value":"False"}: the boolean as a string',
      group: 'quirks',
      mandatory: mandatoryUnlessFlagged,
      requires,
      async run(ctx) {
        const a = await patchUser(ctx, [{ op: 'Replace', path: 'active', value: 'False' }]);
        if (![200, 204].includes(a.status)) {
          // Which half does the app refuse: the capitalised op, or the string?
          const ok = (x: ScimAnswer) => x.status === 200 || x.status === 204;
          const lowerOpString = ok(await patchUser(ctx, [{ op: 'replace', path: 'active', value: 'False' }]));
          const lowerOpBoolean = ok(await patchUser(ctx, [{ op: 'replace', path: 'active', value: false }]));
          await patchUser(ctx, [{ op: 'replace', path: 'active', value: true }]);
          if (lowerOpString) {
            throw new CheckFailure(
              `the app rejects Entra's disable request (${answered(a)}) because of the capitalised op "Replace": the string "False" itself is accepted`,
              '200 or 204: op is case-insensitive, and Entra capitalises it without aadOptscim062020',
              `Compare the PATCH op case-insensitively (see quirks.op-capitalised-Replace-and-Add). Or append ?aadOptscim062020 to the Tenant URL (${FLAG_NOTE}).`,
            );
          }
          throw new CheckFailure(
            `the app rejects Entra's disable request (${answered(a)}): it does not accept "active" as the string "False"${lowerOpBoolean ? ' (a JSON boolean with a lower-case op is accepted)' : ''}`,
            '200 or 204, the user disabled: without aadOptscim062020 Entra sends booleans as the strings "True"/"False"',
            `Accept the strings "True" and "False" (any case) wherever a boolean is expected. Or append ?aadOptscim062020 to the Tenant URL so scheduled cycles send a JSON boolean (${FLAG_NOTE}).`,
          );
        }
        const r = await getUser(ctx, ctx.user!.id);
        if (ciGet(r, 'active') !== false) {
          throw new CheckFailure(
            `after "False", GET shows active ${JSON.stringify(ciGet(r, 'active'))}`,
            'active false (a JSON boolean)',
            'Convert "True"/"False" to booleans when storing them; a stored string reads as a difference at every cycle.',
          );
        }
        const b = await patchUser(ctx, [{ op: 'Replace', path: 'active', value: 'True' }]);
        expectStatus(b, PATCH_OK, 'PATCH active "True" (enable)', '200 or 204', 'Accept "True" as well as "False".');
        const r2 = await getUser(ctx, ctx.user!.id);
        if (ciGet(r2, 'active') !== true)
          throw new CheckFailure(
            `after "True", GET shows active ${JSON.stringify(ciGet(r2, 'active'))}`,
            'active true',
            'Convert "True" to true.',
          );
      },
    },
    {
      id: 'quirks.op-capitalised-Replace-and-Add',
      name: 'Entra sends PATCH op values capitalised: "Replace", "Add"',
      group: 'quirks',
      mandatory: mandatoryUnlessFlagged,
      requires,
      async run(ctx) {
        const paths = simpleStringAttributes(ctx);
        if (paths.length === 0) throw new CheckSkipped('the mapping has no single-valued string attribute');
        const wanted: Record<string, unknown> = { [paths[0]]: `Capital Replace ${ctx.runId}` };
        if (paths[1]) wanted[paths[1]] = `Capital Add ${ctx.runId}`;
        const ops = Object.entries(wanted).map(([path, value], i) => ({ op: i === 0 ? 'Replace' : 'Add', path, value }));
        const a = await patchUser(ctx, ops);
        if (![200, 204].includes(a.status)) {
          throw new CheckFailure(
            `the app rejects op values "Replace"/"Add" (${answered(a)})`,
            '200 or 204: op is case-insensitive, and Entra capitalises it without aadOptscim062020',
            `Compare the PATCH op case-insensitively ("Add", "Replace", "Remove"). Or append ?aadOptscim062020 to the Tenant URL so scheduled cycles send lower-case ops (${FLAG_NOTE}).`,
          );
        }
        await expectValues(ctx, ctx.user!.id, wanted, 'PATCH with capitalised ops', 'Apply "Replace" and "Add" like "replace" and "add".');
      },
    },
    {
      id: 'quirks.manager-as-bare-string',
      name: 'Entra sets the manager as a bare string: {"path":"…:manager","value":"<id>"}',
      group: 'quirks',
      mandatory: true,
      requires: [...requires, 'users.pagination.count-5-over-11-users'],
      async run(ctx) {
        needManager(ctx);
        const op = ctx.client.flagged ? 'add' : 'Add';
        const a = await patchUser(ctx, [{ op, path: MANAGER_PATH, value: ctx.pageUsers[2] }]);
        if (![200, 204].includes(a.status)) {
          if (op === 'Add') {
            const lower = await patchUser(ctx, [{ op: 'add', path: MANAGER_PATH, value: ctx.pageUsers[2] }]);
            if (lower.status === 200 || lower.status === 204) {
              throw new CheckFailure(
                `the app rejects Entra's manager request (${answered(a)}) because of the capitalised op "Add": the bare string itself is accepted`,
                '200 or 204: op is case-insensitive',
                'Compare the PATCH op case-insensitively (see quirks.op-capitalised-Replace-and-Add).',
              );
            }
          }
          throw new CheckFailure(
            `the app rejects the manager as a bare string (${answered(a)})`,
            '200 or 204: Entra sends the manager id as a plain string, not {"value":…}, with or without aadOptscim062020',
            'Accept a string value for the manager and store it as {"value":"<id>"}; no Tenant URL flag changes this shape.',
          );
        }
        const m = await managerOf(ctx, ctx.user!.id);
        if (m !== ctx.pageUsers[2])
          throw new CheckFailure(
            `GET shows manager ${JSON.stringify(m)}`,
            `manager.value ${ctx.pageUsers[2]}`,
            "Store the bare id as the manager's value.",
          );
      },
    },
    {
      id: 'quirks.aadOptscim062020.active-boolean-lowercase-op',
      name: 'With aadOptscim062020 Entra disables with {"op":"replace","path":"active","value":false}',
      group: 'quirks',
      mandatory: mandatoryWhenFlagged,
      requires,
      async run(ctx) {
        const a = await patchUser(ctx, [{ op: 'replace', path: 'active', value: false }]);
        expectStatus(
          a,
          PATCH_OK,
          'PATCH {"op":"replace","path":"active","value":false}',
          '200 or 204',
          'Accept a JSON boolean for active.',
        );
        const r = await getUser(ctx, ctx.user!.id);
        if (ciGet(r, 'active') !== false)
          throw new CheckFailure(`GET shows active ${JSON.stringify(ciGet(r, 'active'))}`, 'active false', 'Store active.');
        await patchUser(ctx, [{ op: 'replace', path: 'active', value: true }]);
      },
    },
    {
      id: 'quirks.aadOptscim062020.pathless-replace-with-attribute-keys',
      name: 'With aadOptscim062020 Entra replaces several attributes in one path-less op keyed by attribute paths',
      group: 'quirks',
      mandatory: mandatoryWhenFlagged,
      requires,
      async run(ctx) {
        const paths = simpleStringAttributes(ctx);
        if (paths.length < 2) throw new CheckSkipped('the mapping has fewer than two single-valued string attributes');
        const wanted: Record<string, unknown> = {};
        for (const p of paths) wanted[p] = `Pathless ${p.split(':').pop()} ${ctx.runId}`;
        const a = await patchUser(ctx, [{ op: 'replace', value: wanted }]);
        if (![200, 204].includes(a.status)) {
          throw new CheckFailure(
            `the app rejects a path-less replace whose value is keyed by attribute paths such as "name.givenName" (${answered(a)})`,
            '200 or 204, each key applied as a path',
            ctx.client.flagged
              ? 'Apply a path-less replace key by key, reading each key (dotted or a full extension URN) as an attribute path; or remove ?aadOptscim062020 from the Tenant URL.'
              : 'Only sent when the Tenant URL has ?aadOptscim062020: do not add that flag unless the app applies path-less replaces key by key.',
          );
        }
        await expectValues(ctx, ctx.user!.id, wanted, 'the path-less replace', 'Apply each key of the value object as an attribute path.');
      },
    },
    {
      id: 'quirks.aadOptscim062020.lowercase-add',
      name: 'With aadOptscim062020 Entra adds a single-valued attribute with {"op":"add",…}',
      group: 'quirks',
      mandatory: mandatoryWhenFlagged,
      requires,
      async run(ctx) {
        const path = simpleStringAttributes(ctx)[0];
        if (!path) throw new CheckSkipped('the mapping has no single-valued string attribute');
        const wanted = { [path]: `Lower add ${ctx.runId}` };
        const a = await patchUser(ctx, [{ op: 'add', path, value: wanted[path] }]);
        expectStatus(
          a,
          PATCH_OK,
          'PATCH {"op":"add"}',
          '200 or 204',
          'Accept "add" on a single-valued attribute (it sets the value, RFC 7644 §3.5.2.1).',
        );
        await expectValues(ctx, ctx.user!.id, wanted, 'PATCH add', 'Apply add on a single-valued attribute as a set.');
      },
    },
  ];
}

function groupChecks(): CheckDefinition<DirectContext>[] {
  const created = 'groups.create.answers-201-with-id';
  const members = ['users.pagination.count-5-over-11-users', created];
  const fix = 'Support PATCH of members with add and remove (RFC 7644 §3.5.2) and answer 204 (or 200).';
  return [
    {
      id: 'groups.filter.unknown-displayname-answers-empty-list',
      name: 'A displayName filter for a group the app does not have answers 200 with an empty ListResponse',
      group: 'groups',
      mandatory: true,
      async run(ctx) {
        needGroups(ctx);
        const a = await ctx.client.get('/Groups', [
          ['excludedAttributes', 'members'],
          ['filter', `displayName eq "provsim ${randomUUID()}"`],
        ]);
        expectStatus(
          a,
          [200],
          'GET /Groups?excludedAttributes=members&filter=displayName eq "<new name>"',
          '200 and an empty ListResponse',
          'Answer a group filter that matches nothing with 200 and totalResults 0: Entra sends it before creating each group.',
        );
        const { total } = listOf(a, 'the group displayName filter');
        if (total !== 0)
          throw new CheckFailure(`a name no group has matched ${total} groups`, 'totalResults 0', 'Apply the displayName filter.');
      },
    },
    {
      id: created,
      name: 'POST /Groups answers 201 with an id and no members',
      group: 'groups',
      mandatory: true,
      async run(ctx) {
        needGroups(ctx);
        const displayName = `provsim validate ${ctx.runId}`;
        const a = await ctx.client.post('/Groups', {
          schemas: [CORE_GROUP_URN],
          externalId: randomUUID(),
          displayName,
          meta: { resourceType: 'Group' },
        });
        const id = ciGet(asObject(a.body), 'id');
        if (a.status < 300 && typeof id === 'string') ctx.created.groups.add(id);
        expectStatus(a, [200, 201], 'POST /Groups', '201 with the group and its id', 'Support group creation at /Groups.');
        if (typeof id !== 'string') throw new CheckFailure('POST /Groups answered no id', 'an id', 'Return the created group with its id.');
        ctx.group = { id, displayName };
      },
    },
    {
      id: 'quirks.group-create-with-microsoft-schema-urn',
      name: 'Entra creates groups with Microsoft\'s extra schema URN in "schemas"',
      group: 'quirks',
      mandatory: true,
      async run(ctx) {
        needGroups(ctx);
        const a = await ctx.client.post('/Groups', {
          schemas: [CORE_GROUP_URN, AD_SCIM_GROUP_URN],
          externalId: randomUUID(),
          displayName: `provsim validate urn ${ctx.runId}`,
          meta: { resourceType: 'Group' },
        });
        const id = ciGet(asObject(a.body), 'id');
        if (a.status < 300 && typeof id === 'string') ctx.created.groups.add(id);
        if (a.status !== 201 && a.status !== 200) {
          throw new CheckFailure(
            `the app rejects a group create whose schemas include ${AD_SCIM_GROUP_URN} (${answered(a)})`,
            '201: Entra always sends this URN beside the core Group URN',
            'Ignore schema URNs you do not know in "schemas" on create; no Tenant URL flag removes this one.',
          );
        }
      },
    },
    {
      id: 'groups.filter.displayname-eq-without-members',
      name: 'GET /Groups?excludedAttributes=members&filter=displayName eq "…" finds the group without members',
      group: 'groups',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const a = await ctx.client.get('/Groups', [
          ['excludedAttributes', 'members'],
          ['filter', `displayName eq "${ctx.group!.displayName}"`],
        ]);
        expectStatus(
          a,
          [200],
          'the displayName filter',
          '200 ListResponse',
          'Support filter=displayName eq "…" on /Groups: Entra matches groups this way.',
        );
        const { total, resources } = listOf(a, 'the displayName filter');
        if (total !== 1 || ciGet(resources[0], 'id') !== ctx.group!.id)
          throw new CheckFailure(`the filter found ${total} groups`, 'exactly the group', 'Apply the displayName filter.');
        if (ciGet(resources[0], 'members') !== undefined) {
          throw new CheckFailure(
            'the answer carries members despite excludedAttributes=members',
            'no members in the answer',
            'Honour excludedAttributes=members; Entra reports returned member lists as SystemForCrossDomainIdentityManagementMultipleEntriesInResponse.',
          );
        }
      },
    },
    {
      id: 'groups.patch.rename-then-get-matches',
      name: 'PATCH replace displayName answers 204/200 and GET shows the new name',
      group: 'groups',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const displayName = `provsim validate renamed ${ctx.runId}`;
        const a = await ctx.client.patch(`/Groups/${ctx.group!.id}`, {
          schemas: [PATCH_OP_URN],
          Operations: [{ op: 'replace', path: 'displayName', value: displayName }],
        });
        expectStatus(a, PATCH_OK, 'PATCH /Groups/{id} displayName', '204 (or 200)', 'Support renaming a group by PATCH.');
        const g = await ctx.client.get(`/Groups/${ctx.group!.id}`, [['excludedAttributes', 'members']]);
        if (ciGet(asObject(g.body), 'displayName') !== displayName)
          throw new CheckFailure(`GET shows ${JSON.stringify(ciGet(asObject(g.body), 'displayName'))}`, displayName, 'Apply the rename.');
        ctx.group!.displayName = displayName;
      },
    },
    {
      id: 'groups.members.add-several-in-one-patch',
      name: 'PATCH adds two members in one request; the group has both',
      group: 'groups',
      mandatory: true,
      requires: members,
      async run(ctx) {
        const [u1, u2] = ctx.pageUsers;
        const a = await ctx.client.patch(`/Groups/${ctx.group!.id}`, {
          schemas: [PATCH_OP_URN],
          Operations: [{ op: 'add', path: 'members', value: [{ value: u1 }, { value: u2 }] }],
        });
        expectStatus(a, PATCH_OK, 'PATCH add members', '204 (or 200)', fix);
        for (const u of [u1, u2])
          if (!(await isMember(ctx, ctx.group!.id, u)))
            throw new CheckFailure(`user ${u} is not a member afterwards`, 'both users members', 'Apply every value of a members add.');
      },
    },
    {
      id: 'quirks.member-add-with-null-ref',
      name: 'Entra adds members as [{"$ref":null,"value":"<id>"}]',
      group: 'quirks',
      mandatory: true,
      requires: members,
      async run(ctx) {
        const u3 = ctx.pageUsers[3];
        const a = await ctx.client.patch(`/Groups/${ctx.group!.id}`, {
          schemas: [PATCH_OP_URN],
          Operations: [{ op: ctx.client.flagged ? 'add' : 'Add', path: 'members', value: [{ $ref: null, value: u3 }] }],
        });
        if (![200, 204].includes(a.status)) {
          throw new CheckFailure(
            `the app rejects a member whose "$ref" is null (${answered(a)})`,
            '204: Entra sends "$ref": null in every member add',
            'Treat a null "$ref" as absent.',
          );
        }
        if (!(await isMember(ctx, ctx.group!.id, u3)))
          throw new CheckFailure(`user ${u3} is not a member afterwards`, 'the user a member', 'Apply the add.');
      },
    },
    {
      id: 'groups.members.remove-by-value-filter',
      name: 'PATCH remove with path members[value eq "<id>"] removes that member',
      group: 'groups',
      mandatory: true,
      requires: [...members, 'groups.members.add-several-in-one-patch'],
      async run(ctx) {
        const u1 = ctx.pageUsers[0];
        const a = await ctx.client.patch(`/Groups/${ctx.group!.id}`, {
          schemas: [PATCH_OP_URN],
          Operations: [{ op: 'remove', path: `members[value eq "${u1}"]` }],
        });
        if (![200, 204].includes(a.status)) {
          throw new CheckFailure(
            `the app rejects removing a member by value filter (${answered(a)})`,
            `204: ${ctx.client.flagged ? 'with aadOptscim062020 this is how Entra removes members' : 'the RFC 7644 shape, which Entra sends with aadOptscim062020'}`,
            'Support remove with a value filter path members[value eq "<id>"] (RFC 7644 §3.5.2.2).',
          );
        }
        if (await isMember(ctx, ctx.group!.id, u1))
          throw new CheckFailure(`user ${u1} is still a member`, 'the member removed', 'Apply the remove.');
      },
    },
    {
      id: 'quirks.member-remove-by-value',
      name: 'Entra removes members with {"op":"Remove","path":"members","value":[{"value":"<id>"}]}',
      group: 'quirks',
      mandatory: mandatoryUnlessFlagged,
      requires: [...members, 'groups.members.add-several-in-one-patch'],
      async run(ctx) {
        const u2 = ctx.pageUsers[1];
        const a = await ctx.client.patch(`/Groups/${ctx.group!.id}`, {
          schemas: [PATCH_OP_URN],
          Operations: [{ op: 'Remove', path: 'members', value: [{ value: u2 }] }],
        });
        if (![200, 204].includes(a.status)) {
          throw new CheckFailure(
            `the app rejects a member removal that names the member in "value" rather than in a path filter (${answered(a)})`,
            '204: without aadOptscim062020 Entra removes members this way',
            `Accept remove on "members" with a value list and remove exactly those members. Or append ?aadOptscim062020 to the Tenant URL so scheduled cycles use path members[value eq "<id>"] (${FLAG_NOTE}).`,
          );
        }
        if (await isMember(ctx, ctx.group!.id, u2)) {
          throw new CheckFailure(
            `user ${u2} is still a member`,
            'only that member removed',
            'Remove the members the value list names (and only those; a remove without value would empty the group).',
          );
        }
        if (!(await isMember(ctx, ctx.group!.id, ctx.pageUsers[3]))) {
          throw new CheckFailure(
            'the removal took other members too',
            'only the named member removed',
            'Remove only the members the value list names.',
          );
        }
      },
    },
    {
      id: 'groups.delete.answers-204-then-get-404',
      name: 'DELETE /Groups/{id} answers 204, then GET answers 404',
      group: 'groups',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const id = ctx.group!.id;
        const a = await ctx.client.delete(`/Groups/${id}`);
        expectStatus(a, [204, 200], 'DELETE /Groups/{id}', '204', 'Support deleting groups.');
        ctx.created.groups.delete(id);
        const g = await ctx.client.get(`/Groups/${id}`);
        if (g.status !== 404) throw new CheckFailure(`GET after DELETE answered ${answered(g)}`, '404', 'Delete the group.');
      },
    },
  ];
}

/** Deletes what the run created and is still there; answers the ids that could not be deleted. */
export async function cleanUp(ctx: DirectContext): Promise<string[]> {
  const left: string[] = [];
  for (const [type, ids] of [
    ['Groups', ctx.created.groups],
    ['Users', ctx.created.users],
  ] as const) {
    for (const id of [...ids]) {
      try {
        const a = await ctx.client.delete(`/${type}/${encodeURIComponent(id)}`);
        if (a.status < 300 || a.status === 404) ids.delete(id);
        else left.push(`${type}/${id}`);
      } catch {
        left.push(`${type}/${id}`);
      }
    }
  }
  return left;
}
