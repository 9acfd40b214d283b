import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { currentManagerId, getMembers, type ScimResource } from '@app/provisioning-core';
import { getProfile, SCIM_SCHEMAS, type ProfileName } from '@app/scim';
import type { Json, Loop } from '../loop';
import type { CheckResult, HttpExchange } from '../report/report';
import { CheckFailure, CheckSkipped, runChecks, type CheckDefinition } from './framework';
import { ScimClient } from './http';
import { MAPPING_FILE_PROFILE, registeredProfile } from './profile';
import type { CheckSet } from './run';

const DEFAULT_ROLE = '00000000-0000-0000-0000-000000000000';

interface Person {
  id: string;
  upn: string;
  assignment?: string;
}

/** What the engine-run checks share: the loop (tenant + engine), a SCIM client to read the app, the objects. */
interface EngineContext {
  loop: Loop;
  client: ScimClient;
  profile: ProfileName;
  groups: boolean;
  runId: string;
  people: Record<'ada' | 'boss1' | 'boss2' | 'bea', Person | undefined>;
  group?: { id: string; name: string };
  onDemandGroup?: { id: string; name: string };
  /** Target ids of what the run created in the app, deleted at the end. */
  created: { users: Set<string>; groups: Set<string> };
}

// ---------------------------------------------------------------------------------------------------------------
// tenant side

async function createPerson(ctx: EngineContext, tag: string, extra: Record<string, unknown> = {}): Promise<Person> {
  const upn = `provsim.${ctx.runId}.${tag}@example.com`;
  const body = await ctx.loop.graphOk('POST', '/users', {
    accountEnabled: true,
    displayName: `Engine ${tag} ${ctx.runId}`,
    givenName: 'Engine',
    surname: `${tag}-${ctx.runId}`,
    mail: upn,
    mailNickname: `provsim${ctx.runId}${tag}`,
    userPrincipalName: upn,
    jobTitle: 'Engineer',
    department: 'Research',
    passwordProfile: { password: `Pw-${randomBytes(9).toString('base64url')}1!`, forceChangePasswordNextSignIn: false },
    ...extra,
  });
  return { id: body.id, upn };
}

async function assign(ctx: EngineContext, principalId: string): Promise<string> {
  const body = await ctx.loop.graphOk('POST', `/servicePrincipals/${ctx.loop.spId}/appRoleAssignedTo`, {
    principalId,
    resourceId: ctx.loop.spId,
    appRoleId: DEFAULT_ROLE,
  });
  return body.id;
}

/** One cycle slot, then fails the check when the job went to quarantine (with Entra's reason). */
async function cycle(ctx: EngineContext): Promise<void> {
  await ctx.loop.runCycle();
  const job = await ctx.loop.job();
  const status = job?.status ?? {};
  if (String(status.code).toLowerCase() === 'quarantine') {
    throw new CheckFailure(
      `the job went to quarantine (${status.quarantine?.reason ?? 'no reason given'})${await failureSummary(ctx)}`,
      'the cycle to finish with the job active',
      'Read the failures above: Entra quarantines a job whose requests the app refuses as a whole (401, 404 on the collection) or that fail too often.',
    );
  }
}

/** The newest failed provisioning log entry (what the app answered the engine), as one line. */
async function failureSummary(ctx: EngineContext): Promise<string> {
  const res = await ctx.loop.graph(
    'GET',
    `/auditLogs/provisioning?$top=1&$filter=${encodeURIComponent("provisioningStatusInfo/status eq 'failure'")}`,
  );
  const entries: Json[] = Array.isArray(res.body?.value) ? res.body.value : [];
  if (!entries.length) return '';
  return `; provisioning log: ${entries
    .map((e) =>
      `${e.provisioningAction} ${e.sourceIdentity?.displayName ?? ''}: ${e.provisioningStatusInfo?.errorInformation?.errorCode ?? ''} ${e.provisioningStatusInfo?.errorInformation?.reason ?? ''}`.trim(),
    )
    .join(' | ')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// app side, read over SCIM

async function targetUser(ctx: EngineContext, upn: string): Promise<ScimResource | null> {
  const a = await ctx.client.get('/Users', [['filter', `userName eq "${upn}"`]]);
  if (a.status !== 200) throw new CheckFailure(`reading the user back answered HTTP ${a.status}`, '200', 'Serve the userName filter.');
  const list = ((a.body as Json)?.Resources ?? []) as ScimResource[];
  if (list.length > 1)
    throw new CheckFailure(
      `${list.length} users named ${upn} in the app`,
      'one user per userName',
      'Keep userName unique: Entra reports duplicates as DuplicateTargetEntries.',
    );
  const user = list[0] ?? null;
  if (user && typeof user.id === 'string') ctx.created.users.add(user.id);
  return user;
}

async function expectUser(ctx: EngineContext, person: Person, what: string): Promise<ScimResource> {
  const user = await targetUser(ctx, person.upn);
  if (!user)
    throw new CheckFailure(
      `after ${what}, the app has no user ${person.upn}${await failureSummary(ctx)}`,
      'the user in the app',
      'See the provisioning log entry above for what the app answered.',
    );
  return user;
}

async function expectActive(ctx: EngineContext, person: Person, active: boolean, what: string): Promise<void> {
  const user = await expectUser(ctx, person, what);
  if (user.active !== active) {
    throw new CheckFailure(
      `after ${what}, the app shows active ${JSON.stringify(user.active)}${await failureSummary(ctx)}`,
      `active ${active}`,
      `${active ? 'Apply the enable PATCH (active "True", or true with aadOptscim062020).' : 'Apply the disable PATCH (active "False", or false with aadOptscim062020) and keep returning the user.'} The quirks.* checks above name the request shape the app refuses.`,
    );
  }
}

async function targetGroup(ctx: EngineContext, name: string): Promise<ScimResource | null> {
  const a = await ctx.client.get('/Groups', [['filter', `displayName eq "${name}"`]]);
  if (a.status !== 200)
    throw new CheckFailure(`reading the group back answered HTTP ${a.status}`, '200', 'Serve the displayName filter on /Groups.');
  const group = (((a.body as Json)?.Resources ?? []) as ScimResource[])[0] ?? null;
  if (group && typeof group.id === 'string') ctx.created.groups.add(group.id);
  if (!group) return null;
  const full = await ctx.client.get(`/Groups/${encodeURIComponent(String(group.id))}`);
  return full.status === 200 ? (full.body as ScimResource) : group;
}

async function targetIdOf(ctx: EngineContext, person: Person): Promise<string> {
  return String((await expectUser(ctx, person, 'provisioning')).id);
}

function needGroups(ctx: EngineContext): void {
  if (!ctx.groups) throw new CheckSkipped('group checks run with --groups');
  if (!getProfile(ctx.profile).provisionsGroups) throw new CheckSkipped(`the ${ctx.profile} mapping provisions no groups`);
}

function needManager(ctx: EngineContext): void {
  const users = getProfile(ctx.profile).resourceSchemas.get('Users');
  if (!users?.resolve(`${SCIM_SCHEMAS.enterpriseUser}:manager`))
    throw new CheckSkipped(`the ${ctx.profile} mapping does not map the manager`);
}

const person = (ctx: EngineContext, key: keyof EngineContext['people']): Person => {
  const p = ctx.people[key];
  if (!p) throw new CheckSkipped('the users of the engine run were not provisioned');
  return p;
};

// ---------------------------------------------------------------------------------------------------------------

function engineChecks(): CheckDefinition<EngineContext>[] {
  const created = 'engine.users.initial-cycle-creates-assigned-users';
  return [
    {
      id: created,
      name: 'The initial cycle creates every assigned user in the app, enabled, with the mapped values',
      group: 'engine.users',
      mandatory: true,
      async run(ctx) {
        for (const key of ['ada', 'boss1', 'boss2'] as const) {
          const p = await createPerson(ctx, key);
          p.assignment = await assign(ctx, p.id);
          ctx.people[key] = p;
        }
        await cycle(ctx);
        for (const key of ['ada', 'boss1', 'boss2'] as const) {
          const user = await expectUser(ctx, ctx.people[key]!, 'the initial cycle');
          if (user.displayName !== `Engine ${key} ${ctx.runId}` || user.active !== true) {
            throw new CheckFailure(
              `the app shows displayName ${JSON.stringify(user.displayName)}, active ${JSON.stringify(user.active)}`,
              `displayName "Engine ${key} ${ctx.runId}", active true`,
              'Store the values of the create as sent.',
            );
          }
        }
      },
    },
    {
      id: 'engine.users.update-sends-changes',
      name: 'A changed user is updated in the app at the next cycle',
      group: 'engine.users',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const ada = person(ctx, 'ada');
        await ctx.loop.graphOk('PATCH', `/users/${ada.id}`, { displayName: `Engine renamed ${ctx.runId}`, surname: 'Renamed' });
        await cycle(ctx);
        const user = await expectUser(ctx, ada, 'the update');
        const family = (user.name as Json)?.familyName;
        if (user.displayName !== `Engine renamed ${ctx.runId}` || family !== 'Renamed') {
          throw new CheckFailure(
            `after the update the app shows displayName ${JSON.stringify(user.displayName)}, name.familyName ${JSON.stringify(family)}${await failureSummary(ctx)}`,
            'the new values',
            'Apply PATCH replace operations, including name.familyName.',
          );
        }
      },
    },
    {
      id: 'engine.users.disable-then-enable',
      name: 'A disabled user is disabled in the app (and still returned), an enabled one enabled again',
      group: 'engine.users',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const ada = person(ctx, 'ada');
        await ctx.loop.graphOk('PATCH', `/users/${ada.id}`, { accountEnabled: false });
        await cycle(ctx);
        await expectActive(ctx, ada, false, 'disabling the user');
        await ctx.loop.graphOk('PATCH', `/users/${ada.id}`, { accountEnabled: true });
        await cycle(ctx);
        await expectActive(ctx, ada, true, 'enabling the user again');
      },
    },
    {
      id: 'engine.users.unassign-then-reassign',
      name: 'Unassigning a user disables it in the app; assigning it again restores the same user',
      group: 'engine.users',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const ada = person(ctx, 'ada');
        const before = await targetIdOf(ctx, ada);
        await ctx.loop.graphOk('DELETE', `/servicePrincipals/${ctx.loop.spId}/appRoleAssignedTo/${ada.assignment}`);
        await cycle(ctx);
        await expectActive(ctx, ada, false, 'unassigning the user');
        ada.assignment = await assign(ctx, ada.id);
        await cycle(ctx);
        await expectActive(ctx, ada, true, 'assigning the user again');
        const after = await targetIdOf(ctx, ada);
        if (after !== before)
          throw new CheckFailure(
            `the restored user has a new id (${after}, was ${before})`,
            'the same user, re-enabled',
            'Keep disabled users: Entra matches them by userName and re-enables them.',
          );
      },
    },
    ...managerSteps(created),
    {
      id: 'engine.users.provision-on-demand',
      name: 'Provision on demand creates a newly assigned user at once',
      group: 'engine.users',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const bea = await createPerson(ctx, 'bea');
        bea.assignment = await assign(ctx, bea.id);
        ctx.people.bea = bea;
        const res = await ctx.loop.provisionOnDemand(bea.id, 'User');
        let result: string;
        try {
          result = JSON.parse(res.body.key).result;
        } catch {
          result = `HTTP ${res.status}`;
        }
        await expectUser(ctx, bea, 'provision on demand');
        if (result !== 'Success')
          throw new CheckFailure(
            `provision on demand reported ${result}`,
            'Success',
            'See the provisioning steps of the on-demand answer in the provisioning log.',
          );
      },
    },
    ...groupSteps(created),
    {
      id: 'engine.users.soft-delete-disables',
      name: 'A deleted user (in the recycle bin) is disabled in the app',
      group: 'engine.users',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const ada = person(ctx, 'ada');
        await ctx.loop.graphOk('DELETE', `/users/${ada.id}`);
        await cycle(ctx);
        await expectActive(ctx, ada, false, 'deleting the user (soft delete)');
      },
    },
    {
      id: 'engine.users.hard-delete-deletes',
      name: 'A user deleted for good is deleted from the app',
      group: 'engine.users',
      mandatory: true,
      requires: [created, 'engine.users.soft-delete-disables'],
      async run(ctx) {
        const ada = person(ctx, 'ada');
        await ctx.loop.graphOk('DELETE', `/directory/deletedItems/${ada.id}`);
        await cycle(ctx);
        const user = await targetUser(ctx, ada.upn);
        if (user) {
          throw new CheckFailure(
            `after the hard delete the app still returns the user${await failureSummary(ctx)}`,
            'no user: Entra sent DELETE /Users/{id}',
            'Delete the user on DELETE /Users/{id} and answer 204.',
          );
        }
      },
    },
  ];
}

function managerSteps(created: string): CheckDefinition<EngineContext>[] {
  const fix =
    'Apply the manager PATCH Entra sends: {"op":"Add"|"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"<id>"} (a bare string).';
  const setManager = async (ctx: EngineContext, boss: Person | null, what: string) => {
    const ada = person(ctx, 'ada');
    if (boss)
      await ctx.loop.graphOk('PUT', `/users/${ada.id}/manager/$ref`, { '@odata.id': `${ctx.loop.tenant.graphUrl}/users/${boss.id}` });
    else await ctx.loop.graphOk('DELETE', `/users/${ada.id}/manager/$ref`);
    await cycle(ctx);
    const manager = currentManagerId(await expectUser(ctx, ada, what));
    return manager;
  };
  return [
    {
      id: 'engine.users.manager-set-and-change',
      name: "Setting, then changing a user's manager sets the manager's id in the app",
      group: 'engine.users',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        needManager(ctx);
        for (const key of ['boss1', 'boss2'] as const) {
          const boss = person(ctx, key);
          const want = await targetIdOf(ctx, boss);
          const got = await setManager(ctx, boss, `setting the manager to ${key}`);
          if (got !== want)
            throw new CheckFailure(
              `after setting the manager to ${key} the app shows manager ${JSON.stringify(got)}${await failureSummary(ctx)}`,
              `manager.value ${want}`,
              fix,
            );
        }
      },
    },
    {
      id: 'engine.users.manager-remove',
      name: "Removing a user's manager in the tenant leaves the user intact (Entra sends no request for a removed value)",
      group: 'engine.users',
      mandatory: false,
      requires: [created, 'engine.users.manager-set-and-change'],
      async run(ctx) {
        needManager(ctx);
        const got = await setManager(ctx, null, 'removing the manager');
        return got === null
          ? 'the app shows no manager'
          : 'the app keeps the previous manager: Entra does not clear values that become empty in the tenant';
      },
    },
  ];
}

function groupSteps(usersCreated: string): CheckDefinition<EngineContext>[] {
  const created = 'engine.groups.create-with-members';
  const members = async (ctx: EngineContext): Promise<string[]> => {
    const g = await targetGroup(ctx, ctx.group!.name);
    if (!g)
      throw new CheckFailure(
        `the app has no group ${ctx.group!.name}${await failureSummary(ctx)}`,
        'the group',
        'See the provisioning log.',
      );
    return getMembers(g);
  };
  const addMember = (ctx: EngineContext, groupId: string, userId: string) =>
    ctx.loop.graphOk('POST', `/groups/${groupId}/members/$ref`, { '@odata.id': `${ctx.loop.tenant.graphUrl}/directoryObjects/${userId}` });
  const memberFix =
    'Apply member PATCHes as Entra sends them: Add with [{"$ref":null,"value":"<id>"}], Remove with a value list (or members[value eq "<id>"] with aadOptscim062020).';
  return [
    {
      id: created,
      name: 'An assigned group is created in the app with its members',
      group: 'engine.groups',
      mandatory: true,
      requires: [usersCreated],
      async run(ctx) {
        needGroups(ctx);
        const name = `provsim engine ${ctx.runId}`;
        const g = await ctx.loop.graphOk('POST', '/groups', {
          displayName: name,
          mailEnabled: false,
          mailNickname: `provsim${ctx.runId}`,
          securityEnabled: true,
        });
        ctx.group = { id: g.id, name };
        for (const key of ['boss1', 'boss2'] as const) await addMember(ctx, g.id, person(ctx, key).id);
        await assign(ctx, g.id);
        await cycle(ctx);
        const want = [await targetIdOf(ctx, person(ctx, 'boss1')), await targetIdOf(ctx, person(ctx, 'boss2'))].sort();
        const got = (await members(ctx)).sort();
        if (JSON.stringify(got) !== JSON.stringify(want))
          throw new CheckFailure(`the group's members in the app are ${JSON.stringify(got)}`, JSON.stringify(want), memberFix);
      },
    },
    {
      id: 'engine.groups.rename',
      name: 'A renamed group is renamed in the app',
      group: 'engine.groups',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        const name = `provsim engine renamed ${ctx.runId}`;
        await ctx.loop.graphOk('PATCH', `/groups/${ctx.group!.id}`, { displayName: name });
        await cycle(ctx);
        ctx.group!.name = name;
        await members(ctx);
      },
    },
    {
      id: 'engine.groups.add-and-remove-member',
      name: "Adding and removing a group member changes the group's members in the app",
      group: 'engine.groups',
      mandatory: true,
      requires: [created, 'engine.users.provision-on-demand'],
      async run(ctx) {
        const bea = person(ctx, 'bea');
        const beaId = await targetIdOf(ctx, bea);
        await addMember(ctx, ctx.group!.id, bea.id);
        await cycle(ctx);
        if (!(await members(ctx)).includes(beaId))
          throw new CheckFailure(
            `after adding a member the app's group lacks ${beaId}${await failureSummary(ctx)}`,
            'the new member',
            memberFix,
          );
        const boss2 = person(ctx, 'boss2');
        const boss2Id = await targetIdOf(ctx, boss2);
        await ctx.loop.graphOk('DELETE', `/groups/${ctx.group!.id}/members/${boss2.id}/$ref`);
        await cycle(ctx);
        const after = await members(ctx);
        if (after.includes(boss2Id))
          throw new CheckFailure(
            `after removing a member the app's group still has ${boss2Id}${await failureSummary(ctx)}`,
            'the member removed',
            memberFix,
          );
        if (!after.includes(beaId))
          throw new CheckFailure(
            'removing one member removed others too',
            'only that member removed',
            'Remove exactly the members named in the value list.',
          );
      },
    },
    {
      id: 'engine.groups.provision-on-demand',
      name: 'Provision on demand creates an assigned group with the chosen members at once',
      group: 'engine.groups',
      mandatory: true,
      requires: [usersCreated],
      async run(ctx) {
        needGroups(ctx);
        const name = `provsim on demand ${ctx.runId}`;
        const g = await ctx.loop.graphOk('POST', '/groups', {
          displayName: name,
          mailEnabled: false,
          mailNickname: `provsimod${ctx.runId}`,
          securityEnabled: true,
        });
        ctx.onDemandGroup = { id: g.id, name };
        const boss1 = person(ctx, 'boss1');
        await addMember(ctx, g.id, boss1.id);
        await assign(ctx, g.id);
        const res = await ctx.loop.provisionOnDemand(g.id, 'Group', [boss1.id]);
        const group = await targetGroup(ctx, name);
        if (!group)
          throw new CheckFailure(
            `provision on demand answered HTTP ${res.status}, and the app has no group ${name}${await failureSummary(ctx)}`,
            'the group in the app',
            'See the provisioning log.',
          );
      },
    },
    {
      id: 'engine.groups.delete',
      name: 'A deleted group is deleted from the app',
      group: 'engine.groups',
      mandatory: true,
      requires: [created],
      async run(ctx) {
        await ctx.loop.graphOk('DELETE', `/groups/${ctx.group!.id}`);
        await cycle(ctx);
        const g = await targetGroup(ctx, ctx.group!.name);
        if (g)
          throw new CheckFailure(
            `the app still has the group${await failureSummary(ctx)}`,
            'no group: Entra sent DELETE /Groups/{id}',
            'Delete the group on DELETE /Groups/{id}.',
          );
      },
    },
  ];
}

const CHECKS = engineChecks();

/**
 * The short engine run of `provsim validate` (b): the real tenant and engine in this process (apps/cli/src/loop, a
 * manual clock) provision into the target, one step per check, each followed by a cycle and a read over SCIM.
 */
export function engineCheckSet(): { count: number; run: CheckSet } {
  return {
    count: CHECKS.length + 2,
    run: async (target, onCheck, stopped) => {
      const { startLoop } = await import('../loop');
      const started = performance.now();
      const url = new URL(target.url);
      const flagged = /(^|&)aadOptscim062020(=|&|$)/i.test(url.search.slice(1));
      const registered = registeredProfile(target.profileName);
      const loopProfile = registered?.name ?? MAPPING_FILE_PROFILE;
      let loop: Loop | undefined;
      const startCheck: CheckResult = {
        id: 'engine.run.job-started',
        name: 'The in-process tenant and engine start, with a job pointed at the app',
        group: 'engine',
        mandatory: true,
        status: 'PASSED',
        durationMs: 0,
      };
      try {
        const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
        loop = await startLoop({
          targetUrl: base,
          token: target.token,
          profile: loopProfile,
          urlSuffix: flagged ? '?aadOptscim062020' : '',
          start: false,
        });
        if (!registered) {
          // A mapping file: the job uses it, as an admin would after editing the mappings.
          await loop.graphOk('PUT', `${loop.jobPath}/schema`, JSON.parse(readFileSync(target.profileName, 'utf8')));
        }
        await loop.graphOk('POST', `${loop.jobPath}/start`);
      } catch (error) {
        await loop?.close();
        const failed: CheckResult = {
          ...startCheck,
          status: 'FAILED',
          durationMs: Math.round(performance.now() - started),
          message: (error as Error).message,
        };
        onCheck(failed);
        return [failed];
      }
      startCheck.durationMs = Math.round(performance.now() - started);
      onCheck(startCheck);
      const client = new ScimClient(target.url, target.token);
      const ctx: EngineContext = {
        loop: loop!,
        client,
        profile: loopProfile,
        groups: target.groups,
        runId: randomBytes(4).toString('hex'),
        people: { ada: undefined, boss1: undefined, boss2: undefined, bea: undefined },
        created: { users: new Set(), groups: new Set() },
      };
      let current: HttpExchange[] | null = null;
      client.onExchange((x) => current?.push(x));
      const recorder = {
        capture: () => {
          const list: HttpExchange[] = [];
          current = list;
          return () => {
            current = null;
            return list;
          };
        },
      };
      try {
        const results = await runChecks(CHECKS, ctx, recorder, onCheck, stopped);
        const left: string[] = [];
        for (const [type, ids] of [
          ['Groups', ctx.created.groups],
          ['Users', ctx.created.users],
        ] as const) {
          for (const id of ids) {
            const a = await client.delete(`/${type}/${encodeURIComponent(id)}`).catch(() => null);
            if (!a || (a.status >= 300 && a.status !== 404)) left.push(`${type}/${id}`);
          }
        }
        const cleanup: CheckResult = {
          id: 'engine.cleanup.created-objects-deleted',
          name: 'Every user and group the engine run created in the app is deleted again',
          group: 'cleanup',
          mandatory: false,
          status: left.length ? 'WARNING' : 'PASSED',
          durationMs: 0,
          ...(left.length ? { message: `could not delete ${left.join(', ')}` } : {}),
        };
        onCheck(cleanup);
        return [startCheck, ...results, cleanup];
      } finally {
        await client.close();
        await loop!.close();
      }
    },
  };
}
