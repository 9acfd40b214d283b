import { DEFAULT_ACCESS_ROLE_ID } from '../applications/templates';
import { seededAssignmentId, seededUuid } from './random';
import { OFFICES } from './seed-data';
import { DEFAULT_DOMAIN, localPart, PlannedGroup, PlannedUser, TenantPlan } from './tenant-plan';

/** Seed name of the demo tenant's ids (`seededUuid('provsim-demo/user/<key>')`). */
export const DEMO_SEED = 'provsim-demo';
export const DEMO_APP_NAME = 'Kintone';
export const DEMO_ASSIGNED_GROUP = 'Sales and Marketing';

interface DemoPerson {
  key: string;
  given: string;
  surname: string;
  title: string;
  department: string;
  manager: string | null;
  city: 'Seattle' | 'New York' | 'London' | 'Tokyo';
  disabled?: boolean;
  /** Assigned to the Kintone app directly (not through a group). */
  direct?: boolean;
}

// The personas of Microsoft's sample tenants, plus a few, in a small company.
const PEOPLE: readonly DemoPerson[] = [
  {
    key: 'patti',
    given: 'Patti',
    surname: 'Fernandez',
    title: 'President',
    department: 'Executive Office',
    manager: null,
    city: 'Seattle',
    direct: true,
  },
  {
    key: 'debra',
    given: 'Debra',
    surname: 'Berger',
    title: 'Administrative Assistant',
    department: 'Executive Office',
    manager: 'patti',
    city: 'Seattle',
  },
  {
    key: 'miriam',
    given: 'Miriam',
    surname: 'Graham',
    title: 'Director',
    department: 'Sales & Marketing',
    manager: 'patti',
    city: 'Seattle',
  },
  {
    key: 'megan',
    given: 'Megan',
    surname: 'Bowen',
    title: 'Marketing Manager',
    department: 'Sales & Marketing',
    manager: 'miriam',
    city: 'Seattle',
  },
  {
    key: 'alex',
    given: 'Alex',
    surname: 'Wilber',
    title: 'Marketing Assistant',
    department: 'Sales & Marketing',
    manager: 'megan',
    city: 'Seattle',
  },
  {
    key: 'adele',
    given: 'Adele',
    surname: 'Vance',
    title: 'Retail Manager',
    department: 'Sales & Marketing',
    manager: 'miriam',
    city: 'New York',
  },
  {
    key: 'lynne',
    given: 'Lynne',
    surname: 'Robbins',
    title: 'Planner',
    department: 'Sales & Marketing',
    manager: 'adele',
    city: 'New York',
  },
  {
    key: 'christie',
    given: 'Christie',
    surname: 'Cline',
    title: 'Buyer',
    department: 'Sales & Marketing',
    manager: 'adele',
    city: 'New York',
  },
  {
    key: 'isaiah',
    given: 'Isaiah',
    surname: 'Langer',
    title: 'Sales Representative',
    department: 'Sales & Marketing',
    manager: 'miriam',
    city: 'London',
  },
  {
    key: 'cameron',
    given: 'Cameron',
    surname: 'White',
    title: 'Sales Representative',
    department: 'Sales & Marketing',
    manager: 'miriam',
    city: 'London',
    disabled: true,
  },
  { key: 'lee', given: 'Lee', surname: 'Gu', title: 'Director', department: 'Engineering', manager: 'patti', city: 'Seattle' },
  {
    key: 'lidia',
    given: 'Lidia',
    surname: 'Holloway',
    title: 'Product Manager',
    department: 'Engineering',
    manager: 'lee',
    city: 'Seattle',
  },
  {
    key: 'johanna',
    given: 'Johanna',
    surname: 'Lorenz',
    title: 'Senior Engineer',
    department: 'Engineering',
    manager: 'lee',
    city: 'Seattle',
  },
  {
    key: 'henrietta',
    given: 'Henrietta',
    surname: 'Mueller',
    title: 'Developer',
    department: 'Engineering',
    manager: 'johanna',
    city: 'Seattle',
  },
  { key: 'grady', given: 'Grady', surname: 'Archie', title: 'Designer', department: 'Engineering', manager: 'lidia', city: 'Tokyo' },
  { key: 'yuki', given: 'Yuki', surname: 'Tanaka', title: 'Developer', department: 'Engineering', manager: 'johanna', city: 'Tokyo' },
  { key: 'nestor', given: 'Nestor', surname: 'Wilke', title: 'Director', department: 'Operations', manager: 'patti', city: 'Seattle' },
  { key: 'allan', given: 'Allan', surname: 'Deyoung', title: 'IT Admin', department: 'Operations', manager: 'nestor', city: 'Seattle' },
  {
    key: 'jordan',
    given: 'Jordan',
    surname: 'Miller',
    title: 'Facilities Coordinator',
    department: 'Operations',
    manager: 'nestor',
    city: 'New York',
  },
  {
    key: 'diego',
    given: 'Diego',
    surname: 'Siciliani',
    title: 'HR Manager',
    department: 'Human Resources',
    manager: 'patti',
    city: 'Seattle',
  },
  {
    key: 'irvin',
    given: 'Irvin',
    surname: 'Sayers',
    title: 'Recruiter',
    department: 'Human Resources',
    manager: 'diego',
    city: 'Seattle',
    disabled: true,
    direct: true,
  },
  {
    key: 'emily',
    given: 'Emily',
    surname: 'Braun',
    title: 'Budget Analyst',
    department: 'Finance',
    manager: 'patti',
    city: 'Seattle',
    direct: true,
  },
  {
    key: 'pradeep',
    given: 'Pradeep',
    surname: 'Gupta',
    title: 'Accountant',
    department: 'Finance',
    manager: 'emily',
    city: 'London',
    direct: true,
  },
  { key: 'enrico', given: 'Enrico', surname: 'Cattaneo', title: 'Attorney', department: 'Legal', manager: 'patti', city: 'London' },
  {
    key: 'joni',
    given: 'Joni',
    surname: 'Sherman',
    title: 'Paralegal',
    department: 'Legal',
    manager: 'enrico',
    city: 'Seattle',
    disabled: true,
  },
];

const GROUPS: readonly {
  key: string;
  displayName: string;
  nickname: string;
  description: string;
  security: boolean;
  mail: boolean;
  members: (p: DemoPerson) => boolean;
}[] = [
  {
    key: 'sales',
    displayName: DEMO_ASSIGNED_GROUP,
    nickname: 'salesandmarketing',
    description: 'Sales and marketing team (assigned to Kintone).',
    security: true,
    mail: true,
    members: (p) => p.department === 'Sales & Marketing',
  },
  {
    key: 'engineering',
    displayName: 'Engineering',
    nickname: 'engineering',
    description: 'Product engineering.',
    security: true,
    mail: false,
    members: (p) => p.department === 'Engineering',
  },
  {
    key: 'all',
    displayName: 'All Company',
    nickname: 'allcompany',
    description: 'Everyone at the company.',
    security: false,
    mail: true,
    members: () => true,
  },
];

const DAY_MS = 86_400_000;

/**
 * The small tenant `npm start` opens with: 25 people with managers, 3 disabled, three groups, and the Kintone
 * app (service principal `kintoneSpId`) assigned to "Sales and Marketing" and to four users directly.
 */
export function planDemoTenant(now: Date, kintoneSpId: string): TenantPlan {
  const id = (kind: string, key: string) => seededUuid(`${DEMO_SEED}/${kind}/${key}`);
  const users: PlannedUser[] = PEOPLE.map((p, i) => {
    const office = OFFICES.find((o) => o.city === p.city)!;
    const nickname = localPart(p.given, p.surname);
    const upn = `${nickname}@${DEFAULT_DOMAIN}`;
    return {
      id: id('user', p.key),
      userPrincipalName: upn,
      displayName: `${p.given} ${p.surname}`,
      givenName: p.given,
      surname: p.surname,
      mail: upn,
      mailNickname: nickname,
      accountEnabled: !p.disabled,
      jobTitle: p.title,
      department: p.department,
      employeeId: String(1001 + i),
      businessPhone: `${office.phonePrefix}${String(100 + i).padStart(4, '0')}`,
      mobilePhone: null,
      officeLocation: `${office.city} ${1 + (i % 4)}/${String(101 + i)}`,
      streetAddress: office.streets[0],
      city: office.city,
      state: office.state,
      postalCode: office.postalCodes[0],
      country: office.country,
      preferredLanguage: office.preferredLanguage,
      managerId: p.manager ? id('user', p.manager) : null,
      createdDateTime: new Date(now.getTime() - (900 - i * 30) * DAY_MS),
    };
  });
  const groups: PlannedGroup[] = GROUPS.map((g, i) => ({
    id: id('group', g.key),
    displayName: g.displayName,
    mailNickname: g.nickname,
    description: g.description,
    securityEnabled: g.security,
    mailEnabled: g.mail,
    kind: 'app',
    createdDateTime: new Date(now.getTime() - (800 - i * 10) * DAY_MS),
  }));
  const memberships = GROUPS.flatMap((g) =>
    PEOPLE.filter(g.members).map((p) => ({ groupId: id('group', g.key), memberId: id('user', p.key), memberType: 'user' as const })),
  );
  const sp = kintoneSpId.toLowerCase();
  const principals = [
    { id: id('group', 'sales'), type: 'Group' as const },
    ...PEOPLE.filter((p) => p.direct).map((p) => ({ id: id('user', p.key), type: 'User' as const })),
  ];
  const assignments = principals.map((p) => ({
    id: seededAssignmentId(`${DEMO_SEED}/${sp}/${p.id}`),
    principalId: p.id,
    principalType: p.type,
    appRoleId: DEFAULT_ACCESS_ROLE_ID,
  }));
  return { users, groups, memberships, assignments };
}
