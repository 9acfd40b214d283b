import { DEFAULT_ACCESS_ROLE_ID } from '../applications/templates';
import { cumulative, SeededRandom, seededAssignmentId, seededUuid } from './random';
import {
  CEO_TITLE,
  DEPARTMENTS,
  DISTRIBUTION_TOPICS,
  EXECUTIVE_DEPARTMENT,
  GUILD_TOPICS,
  Office,
  OFFICES,
  PROJECT_NAMES,
} from './seed-data';

/** A user as the seed writes it (Graph property names). */
export interface PlannedUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  mailNickname: string;
  accountEnabled: boolean;
  jobTitle: string;
  department: string;
  employeeId: string;
  businessPhone: string | null;
  mobilePhone: string | null;
  officeLocation: string;
  streetAddress: string;
  city: string;
  state: string | null;
  postalCode: string;
  country: string;
  preferredLanguage: string;
  managerId: string | null;
  createdDateTime: Date;
}

export type GroupKind = 'department' | 'nested' | 'office' | 'managers' | 'project' | 'guild' | 'distribution' | 'app';

export interface PlannedGroup {
  id: string;
  displayName: string;
  mailNickname: string;
  description: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  kind: GroupKind;
  createdDateTime: Date;
}

export interface PlannedMembership {
  groupId: string;
  memberId: string;
  memberType: 'user' | 'group';
}

export interface PlannedAssignment {
  id: string;
  principalId: string;
  principalType: 'User' | 'Group';
  appRoleId: string;
}

/** Everything one seeding writes, in the order it is written. */
export interface TenantPlan {
  users: PlannedUser[];
  groups: PlannedGroup[];
  memberships: PlannedMembership[];
  assignments: PlannedAssignment[];
}

export interface SeedOptions {
  /** Number of users, 1 … 1,000,000. */
  users: number;
  /** Number of groups, 0 … 100,000. */
  groups: number;
  /** Any string or number: the same seed gives the same tenant. */
  seed: string | number;
  /** UPN and mail domain (default provsim.onmicrosoft.com, the tenant's initial domain). */
  domain?: string;
  /** Assigns that many seeded users and (security) groups to the app (default access role unless appRoleId). */
  assignTo?: { servicePrincipalId: string; users: number; groups: number; appRoleId?: string };
}

export const DEFAULT_DOMAIN = 'provsim.onmicrosoft.com';
export const MAX_SEED_USERS = 1_000_000;
export const MAX_SEED_GROUPS = 100_000;
/** Share of disabled accounts (rounded to a whole number of users). */
export const DISABLED_SHARE = 0.05;
/** Direct reports per manager in the generated hierarchy. */
const SPAN_OF_CONTROL = 6;
const DAY_MS = 86_400_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class SeedValidationError extends Error {}

/** Checks options a caller (CLI, API) hands in; messages name the option and the accepted range. */
export function validateSeedOptions(options: SeedOptions): void {
  const isCount = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
  if (!isCount(options.users, 1, MAX_SEED_USERS)) {
    throw new SeedValidationError(
      `users must be a whole number from 1 to ${MAX_SEED_USERS.toLocaleString('en-US')} (got ${String(options.users)})`,
    );
  }
  if (!isCount(options.groups, 0, MAX_SEED_GROUPS)) {
    throw new SeedValidationError(
      `groups must be a whole number from 0 to ${MAX_SEED_GROUPS.toLocaleString('en-US')} (got ${String(options.groups)})`,
    );
  }
  if (options.seed === undefined || options.seed === null || String(options.seed).length === 0) {
    throw new SeedValidationError('seed must be a non-empty string or a number');
  }
  const domain = options.domain ?? DEFAULT_DOMAIN;
  if (!/^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(domain)) {
    throw new SeedValidationError(`domain must be a DNS name like contoso.onmicrosoft.com (got ${domain})`);
  }
  const assign = options.assignTo;
  if (assign) {
    if (!GUID.test(assign.servicePrincipalId ?? '')) throw new SeedValidationError('assignTo.servicePrincipalId must be a GUID');
    if (!isCount(assign.users, 0, options.users)) {
      throw new SeedValidationError(
        `assignTo.users must be a whole number from 0 to the number of users (${options.users}), got ${String(assign.users)}`,
      );
    }
    if (!Number.isInteger(assign.groups) || assign.groups < 0) {
      throw new SeedValidationError(`assignTo.groups must be a whole number ≥ 0 (got ${String(assign.groups)})`);
    }
    if (assign.appRoleId !== undefined && !GUID.test(assign.appRoleId)) throw new SeedValidationError('assignTo.appRoleId must be a GUID');
  }
}

/** ASCII local part from a name: "Zoë O'Brien" → "zoe.obrien". */
export function localPart(given: string, surname: string): string {
  const clean = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ı/g, 'i')
      .replace(/ß/g, 'ss')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  return `${clean(given) || 'user'}.${clean(surname) || 'user'}`;
}

/** Hands out `first.last`, then `first.last2`, `first.last3`… for repeated names. */
export class UpnAllocator {
  private readonly used = new Map<string, number>();
  constructor(private readonly domain: string) {}

  next(given: string, surname: string): { upn: string; nickname: string } {
    const base = localPart(given, surname);
    const n = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, n);
    const nickname = n === 1 ? base : `${base}${n}`;
    return { upn: `${nickname}@${this.domain}`, nickname };
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The tenant a seed describes. Pure: no I/O, no clock but `now` (createdDateTime values lie up to six years
 * before it). Users, groups and assignments come from independent random streams of the seed.
 */
export function planTenant(options: SeedOptions, now: Date): TenantPlan {
  validateSeedOptions(options);
  const seed = String(options.seed);
  const domain = (options.domain ?? DEFAULT_DOMAIN).toLowerCase();
  const { users, userDept, userOffice, hasReports } = planUsers(seed, options.users, domain, now);
  const { groups, memberships } = planGroups(seed, options.groups, users, userDept, userOffice, hasReports, now);
  const assignments = options.assignTo ? planAssignments(seed, options.assignTo, users, groups) : [];
  return { users, groups, memberships, assignments };
}

function planUsers(seed: string, count: number, domain: string, now: Date) {
  const rng = new SeededRandom(seed, 'users');
  const officeWeights = cumulative(OFFICES.map((o) => o.weight));
  const deptWeights = cumulative(DEPARTMENTS.map((d) => d.weight));
  const upns = new UpnAllocator(domain);
  // Exactly round(5 %) disabled accounts, never the CEO (user 0).
  const disabled = new Set(
    new SeededRandom(seed, 'disabled').sample(count - 1, Math.min(count - 1, Math.round(count * DISABLED_SHARE))).map((i) => i + 1),
  );

  const users: PlannedUser[] = new Array(count);
  const userDept = new Int16Array(count); // -1: executive office
  const userOffice = new Int16Array(count);
  const hasReports = new Uint8Array(count);
  /** Per department: global indexes of its members in order (the k-th member reports to member ⌊(k-1)/span⌋, the first to the CEO). */
  const deptMembers: number[][] = DEPARTMENTS.map(() => []);

  for (let i = 0; i < count; i++) {
    const officeIndex = i === 0 ? 0 : rng.weighted(officeWeights);
    const office: Office = OFFICES[officeIndex];
    const given = rng.pick(office.names.first);
    const surname = rng.pick(office.names.last);
    const { upn, nickname } = upns.next(given, surname);
    let department: string;
    let jobTitle: string;
    let managerIndex: number | null;
    if (i === 0) {
      userDept[i] = -1;
      department = EXECUTIVE_DEPARTMENT;
      jobTitle = CEO_TITLE;
      managerIndex = null;
    } else {
      const d = rng.weighted(deptWeights);
      userDept[i] = d;
      const members = deptMembers[d];
      const k = members.length;
      members.push(i);
      department = DEPARTMENTS[d].name;
      managerIndex = k === 0 ? 0 : members[Math.floor((k - 1) / SPAN_OF_CONTROL)];
      jobTitle = k === 0 ? DEPARTMENTS[d].head : rng.pick(DEPARTMENTS[d].roles); // managers retitled below
    }
    if (managerIndex !== null) hasReports[managerIndex] = 1;
    userOffice[i] = officeIndex;
    const phone = rng.next() < 0.8 ? `${office.phonePrefix}${pad(rng.int(10_000), 4)}` : null;
    const mobile = rng.next() < 0.6 ? `${office.phonePrefix}${pad(rng.int(10_000), 4)}` : null;
    users[i] = {
      id: seededUuid(`${seed}/user/${i}`),
      userPrincipalName: upn,
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      mail: upn,
      mailNickname: nickname,
      accountEnabled: !disabled.has(i),
      jobTitle,
      department,
      employeeId: pad(100_000 + i, 6),
      businessPhone: phone,
      mobilePhone: mobile,
      officeLocation: `${office.city} ${1 + rng.int(12)}/${pad(100 + rng.int(900), 3)}`,
      streetAddress: rng.pick(office.streets),
      city: office.city,
      state: office.state,
      postalCode: rng.pick(office.postalCodes),
      country: office.country,
      preferredLanguage: office.preferredLanguage,
      managerId: null,
      // The CEO is the oldest account; everyone else joined at some point in the last six years.
      createdDateTime: new Date(now.getTime() - (i === 0 ? 6 * 365 : rng.int(6 * 365)) * DAY_MS - rng.int(DAY_MS)),
    };
    if (managerIndex !== null) users[i].managerId = users[managerIndex].id;
  }
  // People with reports below the department head are managers of their team.
  DEPARTMENTS.forEach((dept, d) => {
    deptMembers[d].forEach((i, k) => {
      if (k > 0 && hasReports[i]) users[i].jobTitle = dept.manager;
    });
  });
  return { users, userDept, userOffice, hasReports };
}

function planGroups(
  seed: string,
  count: number,
  users: PlannedUser[],
  userDept: Int16Array,
  userOffice: Int16Array,
  hasReports: Uint8Array,
  now: Date,
) {
  const rng = new SeededRandom(seed, 'groups');
  const groups: PlannedGroup[] = [];
  const memberships: PlannedMembership[] = [];
  const n = users.length;
  const nicknames = new Map<string, number>();
  const add = (
    kind: GroupKind,
    displayName: string,
    nickname: string,
    description: string,
    securityEnabled: boolean,
    mailEnabled: boolean,
  ) => {
    const seen = (nicknames.get(nickname) ?? 0) + 1;
    nicknames.set(nickname, seen);
    const group: PlannedGroup = {
      id: seededUuid(`${seed}/group/${groups.length}`),
      displayName: seen === 1 ? displayName : `${displayName} ${seen}`,
      mailNickname: seen === 1 ? nickname : `${nickname}${seen}`,
      description,
      securityEnabled,
      mailEnabled,
      kind,
      createdDateTime: new Date(now.getTime() - rng.int(5 * 365) * DAY_MS - rng.int(DAY_MS)),
    };
    groups.push(group);
    return group;
  };
  const addUsers = (group: PlannedGroup, indexes: Iterable<number>) => {
    for (const i of indexes) memberships.push({ groupId: group.id, memberId: users[i].id, memberType: 'user' });
  };
  const full = () => groups.length >= count;

  // 1. One security group per department (every member of it).
  const departmentGroups: PlannedGroup[] = [];
  for (let d = 0; d < DEPARTMENTS.length && !full(); d++) {
    const dept = DEPARTMENTS[d];
    const group = add('department', `${dept.name} Department`, `dept-${dept.slug}`, `Everyone in ${dept.name}.`, true, false);
    departmentGroups.push(group);
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (userDept[i] === d) members.push(i);
    addUsers(group, members);
  }
  // 2. A group of groups: nested membership (which provisioning does not expand).
  if (!full() && departmentGroups.length >= 2) {
    const group = add(
      'nested',
      'All Department Groups',
      'all-departments',
      'Nests every department group (members are groups).',
      true,
      false,
    );
    for (const member of departmentGroups) memberships.push({ groupId: group.id, memberId: member.id, memberType: 'group' });
  }
  // 3. One mail-enabled security group per office.
  for (let o = 0; o < OFFICES.length && !full(); o++) {
    const office = OFFICES[o];
    const nick = `office-${office.city
      .normalize('NFKD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase()}`;
    const group = add('office', `Office - ${office.city}`, nick, `People based in ${office.city}, ${office.country}.`, true, true);
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (userOffice[i] === o) members.push(i);
    addUsers(group, members);
  }
  // 4. Everyone with direct reports.
  if (!full()) {
    const group = add('managers', 'All Managers', 'all-managers', 'People managers (anyone with direct reports).', true, true);
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (hasReports[i]) members.push(i);
    addUsers(group, members);
  }
  // 5. Projects, guilds and distribution lists of varied sizes: log-uniform between 3 and min(500, n/4) members.
  const maxSize = Math.max(3, Math.min(500, Math.floor(n / 4)));
  for (let j = 0; !full(); j++) {
    const roll = rng.next();
    let group: PlannedGroup;
    if (roll < 0.6) {
      const name = PROJECT_NAMES[j % PROJECT_NAMES.length];
      group = add('project', `Project ${name}`, `project-${name.toLowerCase()}`, `Members of project ${name}.`, true, false);
    } else if (roll < 0.85) {
      const topic = rng.pick(GUILD_TOPICS);
      group = add(
        'guild',
        `Guild - ${topic}`,
        `guild-${topic.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        `Community of practice: ${topic}.`,
        true,
        true,
      );
    } else {
      const topic = rng.pick(DISTRIBUTION_TOPICS);
      group = add(
        'distribution',
        `DL - ${topic}`,
        `dl-${topic.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        `Distribution list: ${topic} (not security-enabled).`,
        false,
        true,
      );
    }
    const size = Math.min(n, Math.round(Math.exp(Math.log(3) + rng.next() * (Math.log(maxSize) - Math.log(3)))));
    addUsers(group, rng.sample(n, size));
  }
  return { groups, memberships };
}

/** Groups a seed may assign to an app: security-enabled, with users as direct members. */
export function assignableGroups(groups: readonly PlannedGroup[]): PlannedGroup[] {
  return groups.filter((g) => g.securityEnabled && g.kind !== 'nested');
}

function planAssignments(
  seed: string,
  assign: NonNullable<SeedOptions['assignTo']>,
  users: PlannedUser[],
  groups: PlannedGroup[],
): PlannedAssignment[] {
  const rng = new SeededRandom(seed, 'assignments');
  const appRoleId = (assign.appRoleId ?? DEFAULT_ACCESS_ROLE_ID).toLowerCase();
  const sp = assign.servicePrincipalId.toLowerCase();
  const candidates = assignableGroups(groups);
  if (assign.groups > candidates.length) {
    throw new SeedValidationError(
      `assignTo.groups is ${assign.groups} but the seeded tenant has only ${candidates.length} security-enabled groups with user members; ask for more groups or fewer assigned groups`,
    );
  }
  // Prefer the smaller groups (projects, guilds) the way real tenants scope an app, then offices and departments.
  const order = [...candidates].sort((a, b) => rank(a.kind) - rank(b.kind));
  const pickedGroups = pickSpread(rng, order, assign.groups);
  const pickedUsers = rng.sample(users.length, assign.users).map((i) => users[i]);
  return [
    ...pickedGroups.map((g) => ({
      id: seededAssignmentId(`${seed}/${sp}/${g.id}/${appRoleId}`),
      principalId: g.id,
      principalType: 'Group' as const,
      appRoleId,
    })),
    ...pickedUsers.map((u) => ({
      id: seededAssignmentId(`${seed}/${sp}/${u.id}/${appRoleId}`),
      principalId: u.id,
      principalType: 'User' as const,
      appRoleId,
    })),
  ];
}

function rank(kind: GroupKind): number {
  return ['project', 'guild', 'app', 'managers', 'office', 'department'].indexOf(kind);
}

/** `k` items, drawn at random from the first items of an ordered list (widening as needed). */
function pickSpread<T>(rng: SeededRandom, ordered: readonly T[], k: number): T[] {
  const pool = Math.min(ordered.length, Math.max(k, Math.ceil(k * 1.5)));
  return rng.sample(pool, k).map((i) => ordered[i]);
}
