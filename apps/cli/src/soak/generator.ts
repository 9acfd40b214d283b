import { ApplicationsService } from '@app/entra/applications/applications.service';
import { GroupsService } from '@app/entra/groups/groups.service';
import { GraphError } from '@app/entra/http/graph-error';
import { cumulative, SeededRandom } from '@app/entra/seed/random';
import { UsersService } from '@app/entra/users/users.service';
import type { Json, Loop } from '../loop';

const DEFAULT_ROLE = '00000000-0000-0000-0000-000000000000';
const PASSWORD = 'xWwvJ]6NMw+bWH-d';
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Legal', 'Marketing', 'Customer Support', 'Operations', 'Research'];
const GIVEN = [
  'Ava',
  'Ben',
  'Chloé',
  'Dmitri',
  'Emi',
  'Farah',
  'Gustav',
  'Hana',
  'Ines',
  'Jonas',
  'Kenji',
  'Lena',
  'Mateo',
  'Nia',
  'Oskar',
  'Priya',
];
const SURNAME = [
  'Andersen',
  'Brown',
  'Costa',
  'Dubois',
  'Eriksson',
  'Fischer',
  'García',
  'Huang',
  'Ito',
  'Jansen',
  'Khan',
  'López',
  'Müller',
  'Novak',
  'Okafor',
  'Patel',
];

export interface ModelUser {
  id: string;
  upn: string;
  state: 'live' | 'deleted' | 'purged';
  enabled: boolean;
  /** Direct assignment to the app (its id), if any. */
  assignmentId: string | null;
}

export interface ModelGroup {
  id: string;
  members: Set<string>;
}

export type ChangeKind =
  | 'hire'
  | 'rename'
  | 'department'
  | 'manager'
  | 'disable'
  | 'enable'
  | 'join'
  | 'leave'
  | 'unassign'
  | 'reassign'
  | 'softDelete'
  | 'restore'
  | 'purge';

export interface Change {
  kind: ChangeKind;
  userId: string;
  groupId?: string;
}

const KINDS: {
  kind: 'hire' | 'rename' | 'department' | 'manager' | 'toggle' | 'membership' | 'assignment' | 'softDelete' | 'restore' | 'purge';
  weight: number;
}[] = [
  { kind: 'hire', weight: 12 },
  { kind: 'rename', weight: 20 },
  { kind: 'department', weight: 12 },
  { kind: 'manager', weight: 10 },
  { kind: 'toggle', weight: 10 },
  { kind: 'membership', weight: 10 },
  { kind: 'assignment', weight: 8 },
  { kind: 'softDelete', weight: 8 },
  { kind: 'restore', weight: 6 },
  { kind: 'purge', weight: 4 },
];
const CUMULATIVE = cumulative(KINDS.map((k) => k.weight));

/**
 * The soak's tenant churn: a deterministic sequence of changes (a PRNG seeded by --seed) as an admin or HR feed would
 * make them: hires, renames, department and manager moves, disable/enable, group membership changes,
 * unassign/reassign, soft delete, restore and purge. It keeps its own model of the tenant (in creation order) so the
 * same seed picks the same objects in every run.
 *
 * The writes call the tenant's own services (the ones behind its Graph routes: the same checks, transactions and
 * change-log entries the engine reads) in this process, as the seed does: what a soak exercises is the app behind
 * the engine, and a Graph request around each write (routing, authentication, validation, JSON) cost about as much
 * again as the write itself. The soak's tenant is always the loop's own, in this process.
 */
export class ChangeGenerator {
  readonly users: ModelUser[] = [];
  readonly groups: ModelGroup[] = [];
  private readonly random: SeededRandom;
  private hires = 0;
  private readonly directory: { users: UsersService; groups: GroupsService; apps: ApplicationsService };

  constructor(
    private readonly loop: Loop,
    private readonly seed: string,
    private readonly domain: string,
  ) {
    this.random = new SeededRandom(seed, 'soak-churn');
    const app = loop.tenant.app;
    this.directory = { users: app.get(UsersService), groups: app.get(GroupsService), apps: app.get(ApplicationsService) };
  }

  /** Reads the seeded tenant: users (by userPrincipalName), their direct assignments, groups and members. */
  async load(): Promise<void> {
    const users = await this.all('/users?$select=id,userPrincipalName,accountEnabled&$top=999');
    const assignments = await this.all(`/servicePrincipals/${this.loop.spId}/appRoleAssignedTo?$top=999`);
    const assigned = new Map<string, string>(assignments.map((a: Json) => [a.principalId, a.id]));
    users.sort((a: Json, b: Json) => (a.userPrincipalName < b.userPrincipalName ? -1 : 1));
    for (const u of users)
      this.users.push({
        id: u.id,
        upn: u.userPrincipalName,
        state: 'live',
        enabled: u.accountEnabled !== false,
        assignmentId: assigned.get(u.id) ?? null,
      });
    const groups = await this.all('/groups?$select=id,displayName,securityEnabled,mailEnabled&$top=999');
    groups.sort((a: Json, b: Json) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : a.id < b.id ? -1 : 1));
    for (const g of groups) {
      const members = await this.all(`/groups/${g.id}/members?$select=id&$top=999`);
      this.groups.push({ id: g.id, members: new Set(members.map((m: Json) => m.id)) });
    }
  }

  private async all(path: string): Promise<Json[]> {
    const out: Json[] = [];
    let next: string | undefined = path;
    while (next) {
      const body: Json = await this.loop.graphOk('GET', next);
      out.push(...body.value);
      const link: string | undefined = body['@odata.nextLink'];
      next = link ? link.slice(link.indexOf('/v1.0') + '/v1.0'.length) : undefined;
    }
    return out;
  }

  /** How many changes a cycle makes: churn × live users, the fraction drawn (0.3 → one change 30 % of the time). */
  changesPerCycle(churn: number): number {
    const expected = churn * this.users.filter((u) => u.state === 'live').length;
    const whole = Math.floor(expected);
    return whole + (this.random.next() < expected - whole ? 1 : 0);
  }

  /** Makes `count` changes; answers what changed (for the log-entry invariant). */
  async step(count: number): Promise<Change[]> {
    const changes: Change[] = [];
    for (let i = 0; i < count; i++) {
      const change = await this.one();
      if (change) changes.push(change);
    }
    return changes;
  }

  private live(): ModelUser[] {
    return this.users.filter((u) => u.state === 'live');
  }

  private async one(): Promise<Change | null> {
    const kind = KINDS[this.random.weighted(CUMULATIVE)].kind;
    const live = this.live();
    const user = live.length ? this.random.pick(live) : null;
    const { users, groups } = this.directory;
    switch (kind) {
      case 'hire': {
        const n = ++this.hires;
        const given = this.random.pick(GIVEN);
        const surname = this.random.pick(SURNAME);
        const nick = `hire${n}s${this.seed.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`;
        const upn = `${nick}@${this.domain}`;
        const created = await users.create({
          accountEnabled: true,
          displayName: `${given} ${surname}`,
          givenName: given,
          surname,
          mail: upn,
          mailNickname: nick,
          userPrincipalName: upn,
          department: this.random.pick(DEPARTMENTS),
          passwordProfile: { password: PASSWORD },
        });
        const model: ModelUser = { id: created.id, upn, state: 'live', enabled: true, assignmentId: null };
        this.users.push(model);
        if (this.random.next() < 0.8) model.assignmentId = (await this.assign(model.id)).id;
        return { kind: 'hire', userId: model.id };
      }
      case 'rename': {
        if (!user) return null;
        const given = this.random.pick(GIVEN);
        const surname = this.random.pick(SURNAME);
        await users.update(user.id, { displayName: `${given} ${surname}`, givenName: given, surname });
        return { kind: 'rename', userId: user.id };
      }
      case 'department': {
        if (!user) return null;
        const department = this.random.pick(DEPARTMENTS);
        await users.update(user.id, { department, jobTitle: `${department} Specialist` });
        return { kind: 'department', userId: user.id };
      }
      case 'manager': {
        if (!user || live.length < 2) return null;
        // A manager earlier in creation order never makes a cycle.
        // `live` keeps creation order, so the earlier users are the ones before this user in it (one pass, not an
        // indexOf per user: that was a million comparisons per manager move on 1,000 users).
        const earlier = live.slice(0, live.indexOf(user));
        if (earlier.length === 0) {
          // No earlier user: the manager goes (404, ignored, when there was none).
          await users.setManager(user.id, null).catch((error: unknown) => {
            if (!(error instanceof GraphError && error.status === 404)) throw error;
          });
        } else {
          const manager = this.random.pick(earlier);
          await users.setManager(user.id, manager.id);
        }
        return { kind: 'manager', userId: user.id };
      }
      case 'toggle': {
        if (!user) return null;
        user.enabled = !user.enabled;
        await users.update(user.id, { accountEnabled: user.enabled });
        return { kind: user.enabled ? 'enable' : 'disable', userId: user.id };
      }
      case 'membership': {
        if (!user || this.groups.length === 0) return null;
        const group = this.random.pick(this.groups);
        if (group.members.has(user.id)) {
          await groups.removeMember(group.id, user.id);
          group.members.delete(user.id);
          return { kind: 'leave', userId: user.id, groupId: group.id };
        }
        await groups.addMember(group.id, user.id);
        group.members.add(user.id);
        return { kind: 'join', userId: user.id, groupId: group.id };
      }
      case 'assignment': {
        if (!user) return null;
        if (user.assignmentId) {
          await this.directory.apps.unassign(this.loop.spId, user.assignmentId);
          user.assignmentId = null;
          return { kind: 'unassign', userId: user.id };
        }
        user.assignmentId = (await this.assign(user.id)).id;
        return { kind: 'reassign', userId: user.id };
      }
      case 'softDelete': {
        if (!user) return null;
        await users.softDelete(user.id);
        user.state = 'deleted';
        return { kind: 'softDelete', userId: user.id };
      }
      case 'restore': {
        const deleted = this.users.filter((u) => u.state === 'deleted');
        if (deleted.length === 0) return null;
        const restored = this.random.pick(deleted);
        await users.restore(restored.id);
        restored.state = 'live';
        return { kind: 'restore', userId: restored.id };
      }
      case 'purge': {
        const deleted = this.users.filter((u) => u.state === 'deleted');
        if (deleted.length === 0) return null;
        const purged = this.random.pick(deleted);
        await users.purge(purged.id);
        purged.state = 'purged';
        for (const group of this.groups) group.members.delete(purged.id);
        return { kind: 'purge', userId: purged.id };
      }
    }
  }

  private assign(principalId: string): Promise<{ id: string }> {
    return this.directory.apps.assign(this.loop.spId, { principalId, resourceId: this.loop.spId, appRoleId: DEFAULT_ROLE });
  }
}
