import { SeededRandom } from '../../entra/src/seed/random';

/**
 * A seeded generator of malformed and oddly encoded requests for every route family of both apps: paths in every
 * percent-encoding, double encoding, dot segments, `//`, `;`, case changes; query strings with garbled filters,
 * skip and delta tokens, NUL, surrogates, credentials; bodies with NUL, lone surrogates, invalid UTF-8, deep
 * nesting, huge strings, wrong types and prototype keys; with no token, a wrong one or a valid one. The same seed
 * gives the same requests on every machine.
 */

export type AppName = 'entra' | 'scim';
export type AuthKind = 'none' | 'wrong' | 'valid';

export interface HostileCase {
  id: number;
  app: AppName;
  family: string;
  method: string;
  /** Exactly what goes on the wire after the host. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  auth: AuthKind;
  /** False only for the public routes (health, the token endpoint). */
  protectedRoute: boolean;
  /** What was done to the request, for failure messages. */
  mutations: string[];
}

export interface HostileTargets {
  entra: {
    tenantId: string;
    adminToken: string;
    userId: string;
    userPrincipalName: string;
    groupId: string;
    spId: string;
    jobId: string;
    scimBaseUrl: string;
    provisioningLogId: string;
  };
  scim: { token: string; adminToken: string; acmeToken: string; userId: string; groupId: string };
}

interface Family {
  app: AppName;
  name: string;
  methods: string[];
  path: (t: HostileTargets) => string;
  /** A well-formed body, the starting point of body mutations (undefined: the route takes none). */
  body?: (t: HostileTargets, id: number) => unknown;
  /** Query parameters worth garbling on this route. */
  query?: string[];
  contentType?: string;
  public?: boolean;
  /** Never sent with a valid token: it would destroy the fixtures the other cases use (tenant, tokens, job). */
  destructive?: boolean;
}

const GRAPH_USER = (id: number) => ({
  accountEnabled: true,
  displayName: `Hostile ${id}`,
  mailNickname: `hostile${id}`,
  userPrincipalName: `hostile${id}@contoso.com`,
  passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' },
});
const SCIM_USER = (id: number) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: `hostile${id}@contoso.com`,
  active: true,
  name: { givenName: 'Hostile', familyName: `N${id}` },
  emails: [{ value: `hostile${id}@contoso.com`, type: 'work', primary: true }],
});
const PATCH = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'displayName', value: 'Patched' }],
};
const sync = (t: HostileTargets) => `/v1.0/servicePrincipals/${t.entra.spId}/synchronization`;
const upn = (t: HostileTargets) => encodeURIComponent(t.entra.userPrincipalName);
/** Query options of the navigation collections (members, memberOf, …); $filter and $search are refused there. */
const NAVIGATION_QUERY = ['$top', '$select', '$skiptoken', '$count', '$filter', '$search'];
/** A well-formed batch: a read, a read that depends on it, a write of the fixture user, a count. */
const BATCH = (t: HostileTargets) => ({
  requests: [
    { id: '1', method: 'GET', url: '/users?$top=1&$select=id' },
    { id: '2', method: 'GET', url: `/groups/${t.entra.groupId}/members?$top=2`, dependsOn: ['1'] },
    { id: '3', method: 'PATCH', url: `/users/${upn(t)}`, headers: { 'Content-Type': 'application/json' }, body: { jobTitle: 'Batched' } },
    { id: '4', method: 'GET', url: '/users/$count', headers: { ConsistencyLevel: 'eventual' } },
  ],
});
/** A batch whose sub-requests aim outside the Graph API by relative URLs: each must answer an error, never run. */
const BATCH_ESCAPES = (t: HostileTargets) => ({
  requests: [
    {
      id: 'token',
      method: 'POST',
      url: `/${t.entra.tenantId}/oauth2/v2.0/token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    },
    { id: 'nested', method: 'POST', url: '/$batch', headers: { 'Content-Type': 'application/json' }, body: BATCH(t) },
    { id: 'sim', method: 'POST', url: '/sim/clock/advance', headers: { 'Content-Type': 'application/json' }, body: { ms: 60_000 } },
    { id: 'purge', method: 'DELETE', url: `/directory/deletedItems/${t.entra.userId}` },
  ],
});
const APP_ROLE = (id: string, value: string | null) => ({
  allowedMemberTypes: ['User'],
  description: value ?? 'User',
  displayName: value ?? 'User',
  id,
  isEnabled: true,
  origin: 'Application',
  value,
});
const job = (t: HostileTargets) => `${sync(t)}/jobs/${t.entra.jobId}`;

const FAMILIES: Family[] = [
  {
    app: 'entra',
    name: 'users',
    methods: ['GET'],
    path: () => '/v1.0/users',
    query: ['$filter', '$top', '$skiptoken', '$orderby', '$select', '$count', '$search'],
  },
  { app: 'entra', name: 'users', methods: ['POST'], path: () => '/v1.0/users', body: (_, id) => GRAPH_USER(id) },
  {
    app: 'entra',
    name: 'user',
    methods: ['GET', 'PATCH'],
    path: (t) => `/v1.0/users/${t.entra.userId}`,
    body: () => ({ displayName: 'Renamed', jobTitle: 'x' }),
    query: ['$select'],
  },
  {
    app: 'entra',
    name: 'userOrgData',
    methods: ['PATCH'],
    path: (t) => `/v1.0/users/${t.entra.userId}`,
    body: () => ({
      companyName: 'Northwind',
      employeeOrgData: { division: 'Retail', costCenter: 'CC-1' },
      onPremisesExtensionAttributes: { extensionAttribute1: 'x', extensionAttribute15: null },
    }),
  },
  { app: 'entra', name: 'user', methods: ['DELETE'], path: (t) => `/v1.0/users/${t.entra.userId}`, destructive: true },
  {
    app: 'entra',
    name: 'manager',
    methods: ['PUT'],
    path: (t) => `/v1.0/users/${t.entra.userId}/manager/$ref`,
    body: (t) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${t.entra.userId}` }),
  },
  {
    app: 'entra',
    name: 'userByUpn',
    methods: ['GET', 'PATCH'],
    path: (t) => `/v1.0/users/${upn(t)}`,
    body: () => ({ jobTitle: 'By UPN', officeLocation: 'x' }),
    query: ['$select'],
  },
  { app: 'entra', name: 'userByUpn', methods: ['GET'], path: (t) => `/v1.0/users/${t.entra.userPrincipalName}/manager` },
  {
    app: 'entra',
    name: 'userNavigation',
    methods: ['GET'],
    path: (t) => `/v1.0/users/${t.entra.userId}/memberOf`,
    query: NAVIGATION_QUERY,
  },
  {
    app: 'entra',
    name: 'userNavigation',
    methods: ['GET'],
    path: (t) => `/v1.0/users/${upn(t)}/transitiveMemberOf`,
    query: NAVIGATION_QUERY,
  },
  {
    app: 'entra',
    name: 'userNavigation',
    methods: ['GET'],
    path: (t) => `/v1.0/users/${t.entra.userId}/directReports`,
    query: NAVIGATION_QUERY,
  },
  {
    app: 'entra',
    name: 'groups',
    methods: ['GET'],
    path: () => '/v1.0/groups',
    query: ['$filter', '$top', '$skiptoken', '$count', '$search', '$select'],
  },
  {
    app: 'entra',
    name: 'groupNavigation',
    methods: ['GET'],
    path: (t) => `/v1.0/groups/${t.entra.groupId}/members`,
    query: NAVIGATION_QUERY,
  },
  {
    app: 'entra',
    name: 'groupNavigation',
    methods: ['GET'],
    path: (t) => `/v1.0/groups/${t.entra.groupId}/transitiveMembers`,
    query: NAVIGATION_QUERY,
  },
  {
    app: 'entra',
    name: 'groupNavigation',
    methods: ['GET'],
    path: (t) => `/v1.0/groups/${t.entra.groupId}/owners`,
    query: NAVIGATION_QUERY,
  },
  { app: 'entra', name: 'count', methods: ['GET'], path: () => '/v1.0/users/$count', query: ['$filter', '$search'] },
  { app: 'entra', name: 'count', methods: ['GET'], path: (t) => `/v1.0/groups/${t.entra.groupId}/members/$count` },
  { app: 'entra', name: 'organization', methods: ['GET'], path: () => '/v1.0/organization', query: ['$select'] },
  { app: 'entra', name: 'beta', methods: ['GET'], path: () => '/beta/users', query: ['$filter', '$top', '$search', '$select'] },
  { app: 'entra', name: 'beta', methods: ['GET'], path: (t) => `/beta/groups/${t.entra.groupId}/members`, query: NAVIGATION_QUERY },
  { app: 'entra', name: 'batch', methods: ['POST'], path: () => '/v1.0/$batch', body: BATCH },
  { app: 'entra', name: 'batch', methods: ['POST'], path: () => '/beta/$batch', body: BATCH_ESCAPES },
  {
    app: 'entra',
    name: 'groups',
    methods: ['POST'],
    path: () => '/v1.0/groups',
    body: (_, id) => ({ displayName: `G${id}`, mailEnabled: false, mailNickname: `g${id}`, securityEnabled: true }),
  },
  {
    app: 'entra',
    name: 'members',
    methods: ['POST'],
    path: (t) => `/v1.0/groups/${t.entra.groupId}/members/$ref`,
    body: (t) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${t.entra.userId}` }),
  },
  { app: 'entra', name: 'delta', methods: ['GET'], path: () => '/v1.0/users/delta', query: ['$deltatoken', '$skiptoken', '$select'] },
  {
    app: 'entra',
    name: 'deletedItems',
    methods: ['GET'],
    path: () => '/v1.0/directory/deletedItems/microsoft.graph.user',
    query: ['$filter', '$top'],
  },
  { app: 'entra', name: 'servicePrincipals', methods: ['GET'], path: () => '/v1.0/servicePrincipals', query: ['$filter', '$top'] },
  {
    app: 'entra',
    name: 'appRoles',
    methods: ['PATCH'],
    path: (t) => `/v1.0/servicePrincipals/${t.entra.spId}`,
    body: () => ({
      appRoles: [APP_ROLE('18d14569-c3bd-439b-9a66-3a2aee01d14f', null), APP_ROLE('5b0c1f0e-6a55-4d8e-9a9e-2f3b7c1d0a01', 'Admin')],
    }),
  },
  {
    app: 'entra',
    name: 'assignments',
    methods: ['POST'],
    path: (t) => `/v1.0/servicePrincipals/${t.entra.spId}/appRoleAssignedTo`,
    body: (t) => ({ principalId: t.entra.groupId, resourceId: t.entra.spId, appRoleId: '00000000-0000-0000-0000-000000000000' }),
  },
  {
    app: 'entra',
    name: 'secrets',
    methods: ['GET', 'PUT'],
    path: (t) => `${sync(t)}/secrets`,
    body: (t) => ({
      value: [
        { key: 'BaseAddress', value: t.entra.scimBaseUrl },
        { key: 'SecretToken', value: 'x' },
      ],
    }),
    destructive: true,
  },
  { app: 'entra', name: 'jobs', methods: ['GET', 'POST'], path: (t) => `${sync(t)}/jobs`, body: () => ({ templateId: 'scim' }) },
  { app: 'entra', name: 'job', methods: ['GET'], path: job },
  { app: 'entra', name: 'job', methods: ['DELETE'], path: job, destructive: true },
  { app: 'entra', name: 'jobControl', methods: ['POST'], path: (t) => `${job(t)}/pause`, destructive: true },
  {
    app: 'entra',
    name: 'jobControl',
    methods: ['POST'],
    path: (t) => `${job(t)}/restart`,
    body: () => ({ criteria: { resetScope: 'Watermark' } }),
  },
  {
    app: 'entra',
    name: 'validateCredentials',
    methods: ['POST'],
    path: (t) => `${job(t)}/validateCredentials`,
    body: (t) => ({
      credentials: [
        { key: 'BaseAddress', value: t.entra.scimBaseUrl },
        { key: 'SecretToken', value: 'x' },
      ],
    }),
  },
  {
    app: 'entra',
    name: 'provisionOnDemand',
    methods: ['POST'],
    path: (t) => `${job(t)}/provisionOnDemand`,
    body: (t) => ({ parameters: [{ ruleId: 'x', subjects: [{ objectId: t.entra.userId, objectTypeName: 'User' }] }] }),
  },
  { app: 'entra', name: 'schema', methods: ['GET'], path: (t) => `${job(t)}/schema` },
  {
    app: 'entra',
    name: 'schema',
    methods: ['PUT'],
    path: (t) => `${job(t)}/schema`,
    body: () => ({ synchronizationRules: [{ objectMappings: [{ scope: { groups: [] } }] }] }),
    destructive: true,
  },
  {
    app: 'entra',
    name: 'parseExpression',
    methods: ['POST'],
    path: (t) => `${job(t)}/schema/parseExpression`,
    body: () => ({
      expression: 'Join(" ", [givenName], [surname])',
      testInputObject: { definition: null, properties: [{ key: 'givenName', value: 'A' }] },
    }),
  },
  {
    app: 'entra',
    name: 'provisioningLogs',
    methods: ['GET'],
    path: () => '/v1.0/auditLogs/provisioning',
    query: ['$filter', '$top', '$skiptoken'],
  },
  {
    app: 'entra',
    name: 'provisioningLogs',
    methods: ['GET'],
    path: () => '/beta/auditLogs/provisioning/$download',
    query: ['$filter', '$format'],
  },
  { app: 'entra', name: 'scimRequests', methods: ['GET'], path: (t) => `/sim/provisioningLogs/${t.entra.provisioningLogId}/scimRequests` },
  { app: 'entra', name: 'clock', methods: ['GET'], path: () => '/sim/clock' },
  { app: 'entra', name: 'clock', methods: ['POST'], path: () => '/sim/clock/advance', body: () => ({ ms: 60_000 }) },
  { app: 'entra', name: 'clock', methods: ['PATCH'], path: () => '/sim/clock', body: () => ({ acceleration: 600 }) },
  { app: 'entra', name: 'outbox', methods: ['GET'], path: () => '/sim/outbox', query: ['$top'] },
  {
    app: 'entra',
    name: 'token',
    methods: ['POST'],
    path: (t) => `/${t.entra.tenantId}/oauth2/v2.0/token`,
    body: () => 'grant_type=client_credentials&client_id=x&client_secret=y&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
    contentType: 'application/x-www-form-urlencoded',
    public: true,
  },
  { app: 'entra', name: 'health', methods: ['GET'], path: () => '/health', public: true },
  {
    app: 'entra',
    name: 'portal',
    methods: ['GET'],
    path: () => '/portal/users/00000000-0000-4000-8000-000000000001',
    query: ['next', 'tab', 'q'],
    public: true,
  },
  { app: 'entra', name: 'portal', methods: ['GET'], path: () => '/portal/assets/index-AbC123.js', public: true },
  { app: 'entra', name: 'portal', methods: ['GET'], path: () => '/portal', query: ['next'], public: true },
  {
    app: 'scim',
    name: 'Users',
    methods: ['GET'],
    path: () => '/scim/v2/Users',
    query: ['filter', 'startIndex', 'count', 'attributes', 'excludedAttributes'],
  },
  { app: 'scim', name: 'Users', methods: ['POST'], path: () => '/scim/v2/Users', body: (_, id) => SCIM_USER(id) },
  {
    app: 'scim',
    name: 'User',
    methods: ['GET', 'PUT'],
    path: (t) => `/scim/v2/Users/${t.scim.userId}`,
    body: () => SCIM_USER(0),
    query: ['attributes'],
  },
  { app: 'scim', name: 'User', methods: ['PATCH'], path: (t) => `/scim/v2/Users/${t.scim.userId}`, body: () => PATCH },
  { app: 'scim', name: 'User', methods: ['DELETE'], path: (t) => `/scim/v2/Users/${t.scim.userId}`, destructive: true },
  {
    app: 'scim',
    name: 'Groups',
    methods: ['GET', 'POST'],
    path: () => '/scim/v2/Groups',
    body: (_, id) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `G${id}` }),
    query: ['filter', 'count'],
  },
  {
    app: 'scim',
    name: 'Group',
    methods: ['PATCH'],
    path: (t) => `/scim/v2/Groups/${t.scim.groupId}`,
    body: (t) => ({ schemas: PATCH.schemas, Operations: [{ op: 'add', path: 'members', value: [{ value: t.scim.userId }] }] }),
  },
  { app: 'scim', name: 'discovery', methods: ['GET'], path: () => '/scim/v2/Schemas', query: ['filter'] },
  { app: 'scim', name: 'discovery', methods: ['GET'], path: () => '/scim/v2/ResourceTypes/User' },
  { app: 'scim', name: 'discovery', methods: ['GET'], path: () => '/scim/v2/ServiceProviderConfig' },
  {
    app: 'scim',
    name: 'tenantUsers',
    methods: ['GET', 'POST'],
    path: () => '/tenants/acme/scim/v2/Users',
    body: (_, id) => SCIM_USER(id),
    query: ['filter'],
  },
  { app: 'scim', name: 'admin', methods: ['GET'], path: () => '/admin/tenants' },
  {
    app: 'scim',
    name: 'admin',
    methods: ['POST'],
    path: () => '/admin/tenants',
    body: (_, id) => ({ name: `t${id}`, profile: 'generic' }),
  },
  { app: 'scim', name: 'admin', methods: ['GET'], path: () => '/admin/tenants/acme/requests', query: ['limit'] },
  {
    app: 'scim',
    name: 'admin',
    methods: ['POST'],
    path: () => '/admin/tenants/acme/faults',
    body: () => ({ status: 503, method: 'GET', probability: 1 }),
    destructive: true,
  },
  { app: 'scim', name: 'admin', methods: ['POST'], path: () => '/admin/tenants/acme/token', body: () => ({}), destructive: true },
  { app: 'scim', name: 'admin', methods: ['POST'], path: () => '/admin/tenants/acme/reset', body: () => ({}), destructive: true },
  { app: 'scim', name: 'admin', methods: ['DELETE'], path: () => '/admin/tenants/acme', destructive: true },
  { app: 'scim', name: 'health', methods: ['GET'], path: () => '/health/live', public: true },
];

const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uD83D',
  "'",
  '"',
  '\\',
  '%00',
  '%',
  '%%',
  '%ZZ',
  '%ED%A0%80',
  '%C0%AF',
  '%252F',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '${jndi:ldap://127.0.0.1/a}',
  "' or 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '\r\nX-Injected: 1',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '-1',
  '99999999999999999999999',
  '1e309',
  'NaN',
  'null',
  '',
];

const GARBLED_FILTERS = [
  "displayName eq 'a\u0000b'",
  "displayName eq '\uD800'",
  "displayName eq 'unterminated",
  'displayName eq',
  'startswith(displayName,',
  "((((((((((displayName eq 'a'))))))))))",
  '('.repeat(500) + "displayName eq 'a'" + ')'.repeat(500),
  "displayName eq 'a' and ".repeat(300) + "displayName eq 'a'",
  'userName eq "a\u0000"',
  'userName eq "\uDC00"',
  'emails[type eq "work" and value co "@"',
  'userName sw',
  'meta.lastModified gt "not a date"',
  'x'.repeat(20_000),
  "id in ('a','b'",
  'not(not(not(userName pr)))',
  'members[value eq "',
];

const GARBLED_SEARCHES = [
  '"displayName:a\u0000b"',
  '"displayName:\uD800"',
  '"displayName:unterminated',
  'displayName:unquoted',
  '"displayName:a" and "mail:b"',
  '"displayName:a" AND',
  '('.repeat(500) + '"displayName:a"',
  Array.from({ length: 300 }, (_, i) => `"displayName:a${i}"`).join(' OR '),
  `"displayName:${'x '.repeat(2000)}"`,
  '"favouriteColour:blue"',
  '"accountEnabled:true"',
  `"displayName:x') OR 1=1; DROP TABLE entra.users; --"`,
  '"mail:%_\\"',
  '"displayName:\\1 $1 .* [a-z]"',
  '""',
  '"\\\\"',
  '"displayName:hostile"',
  '"displayName:Hostile fixture" OR ("mail:host" AND "userPrincipalName:hostile.")',
];

const SKIP_TOKENS = [
  '',
  'garbage',
  '%00',
  'eyJhIjoxfQ',
  Buffer.from('{"__proto__":{"x":1}}').toString('base64url'),
  'A'.repeat(5000),
  '!!!',
  '\uD800',
];

function percentEncodeChar(c: string, lower: boolean): string {
  const hex = Buffer.from(c, 'utf8').toString('hex').match(/../g)!;
  return hex.map((h) => `%${lower ? h : h.toUpperCase()}`).join('');
}

function encodeQueryValue(value: string, random: SeededRandom): string {
  // Mostly proper encoding; sometimes raw (what a careless client sends), sometimes double-encoded.
  const mode = random.int(6);
  if (mode === 0) return value.replace(/[ #&]/g, (c) => encodeURIComponent(c));
  const once = Buffer.from(value, 'utf8')
    .toString('binary')
    .replace(/[^A-Za-z0-9._~-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
  return mode === 1 ? once.replace(/%/g, '%25') : once;
}

/** A string as UTF-16 code units written as JSON escapes, so lone surrogates survive into the wire text. */
function jsonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff))
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += value[i];
  }
  return `${out}"`;
}

/** JSON text of a value, where strings may hold lone surrogates (JSON.stringify would escape them too, but by hand is explicit). */
function toJsonText(value: unknown): string {
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${jsonString(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Replaces one leaf (or inserts a key) somewhere in a JSON value. */
function mutateValue(value: Json, random: SeededRandom, replace: (old: Json) => Json): Json {
  if (Array.isArray(value)) {
    if (value.length === 0) return [replace(null)];
    const copy = value.slice();
    const i = random.int(copy.length);
    copy[i] = random.int(3) === 0 ? replace(copy[i]) : mutateValue(copy[i], random, replace);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return { x: replace(null) };
    const key = random.pick(keys);
    const child = value[key];
    const descend = child !== null && typeof child === 'object' && random.int(2) === 0;
    return { ...value, [key]: descend ? mutateValue(child, random, replace) : replace(child) };
  }
  return replace(value);
}

interface BodyResult {
  body: Buffer;
  contentType: string;
  mutation: string;
}

function hostileBody(base: unknown, random: SeededRandom, contentType: string): BodyResult {
  const json = (v: unknown, mutation: string): BodyResult => ({ body: Buffer.from(toJsonText(v), 'utf8'), contentType, mutation });
  const start = (base ?? { value: 'x' }) as Json;
  switch (random.int(16)) {
    case 0:
      return json(
        mutateValue(start, random, () => random.pick(['a\u0000b', '\u0000'])),
        'NUL in a string value',
      );
    case 1:
      return json(
        mutateValue(start, random, () => random.pick(['\uD800', 'x\uDFFF', '\uDBFF\uDBFF'])),
        'lone surrogate in a string value',
      );
    case 2: {
      const text = toJsonText(start);
      const at = text.indexOf('"', 1) + 1 || 1;
      const bytes = Buffer.concat([
        Buffer.from(text.slice(0, at)),
        Buffer.from(random.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]])),
        Buffer.from(text.slice(at)),
      ]);
      return { body: bytes, contentType, mutation: 'invalid UTF-8 bytes' };
    }
    case 3: {
      const depth = random.pick([65, 200, 5000, 50_000]);
      const open = random.int(2) === 0 ? '['.repeat(depth) : '{"a":'.repeat(depth);
      const close = open.startsWith('[') ? ']'.repeat(depth) : '}'.repeat(depth);
      return { body: Buffer.from(open + '1' + close), contentType, mutation: `nested ${depth} deep` };
    }
    case 4: {
      const size = random.pick([10_000, 70_000, 900_000, 5_000_000]);
      return json(
        mutateValue(start, random, () => 'x'.repeat(size)),
        `string of ${size} chars`,
      );
    }
    case 5:
      return json(
        mutateValue(start, random, () => random.pick<Json>([42, -1, 1e308, true, null, [], {}, [[[]]], { value: {} }, ''])),
        'wrong type',
      );
    case 6: {
      const key = random.pick(['__proto__', 'constructor', 'prototype']);
      const inject = (v: Json): Json =>
        v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, [key]: { polluted: true } } : { [key]: { polluted: true } };
      const text = toJsonText(random.int(2) === 0 ? inject(start) : mutateValue(start, random, () => inject({}) as Json));
      return { body: Buffer.from(text), contentType, mutation: `${key} key` };
    }
    case 7: {
      const text = toJsonText(start);
      return { body: Buffer.from(text.slice(0, random.int(text.length))), contentType, mutation: 'truncated JSON' };
    }
    case 8:
      return { body: Buffer.alloc(0), contentType, mutation: 'empty body' };
    case 9:
      return {
        body: Buffer.from(toJsonText(start)),
        contentType: random.pick([
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
          'application/x-www-form-urlencoded',
        ]),
        mutation: 'unexpected content type',
      };
    case 10:
      return {
        body: Buffer.from(random.pick(['null', '[]', '"text"', '123', 'true', '{}', '{"a":1,"a":2}', '\uFEFF{}', '{"a":1}garbage'])),
        contentType,
        mutation: 'odd JSON document',
      };
    case 11:
      return json(
        mutateValue(start, random, () => random.pick(HOSTILE_TEXT)),
        'hostile text value',
      );
    case 12: {
      const keys: Record<string, Json> = {};
      for (let i = 0; i < 2000; i++) keys[`k${i}`] = i;
      return json({ ...(start as object), ...keys }, '2,000 unknown properties');
    }
    case 13:
      return json(
        mutateValue(start, random, () => Array.from({ length: 10_000 }, (_, i) => i)),
        'array of 10,000',
      );
    case 14:
      return json(
        mutateValue(start, random, () => ({ [random.pick(['a\u0000', '\uD800', '', ' '])]: 1 })),
        'hostile property name',
      );
    default:
      return json(start, 'well-formed');
  }
}

function mutatePath(path: string, random: SeededRandom, mutations: string[]): string {
  const chars = [...path];
  switch (random.int(12)) {
    case 0: {
      const i = random.int(chars.length);
      if (chars[i] !== '/') chars[i] = percentEncodeChar(chars[i], random.int(2) === 0);
      mutations.push('one character percent-encoded');
      return chars.join('');
    }
    case 1:
      mutations.push('every character percent-encoded');
      return chars.map((c) => (c === '/' ? c : percentEncodeChar(c, random.int(2) === 0))).join('');
    case 2: {
      const i = random.int(chars.length);
      if (chars[i] !== '/') chars[i] = percentEncodeChar(chars[i], false).replace(/%/g, '%25');
      mutations.push('double encoding');
      return chars.join('');
    }
    case 3: {
      const segments = path.split('/');
      const at = 1 + random.int(segments.length - 1);
      segments.splice(at, 0, random.pick(['.', '..', '', '%2e', '%2e%2e', '.%2e']));
      mutations.push('dot segment or empty segment');
      return segments.join('/');
    }
    case 4:
      mutations.push('trailing slash or ;param');
      return path + random.pick(['/', ';', ';jsessionid=1', '/;', '%2F', '%00', '%ED%A0%80', '%C0%AF', '%']);
    case 5: {
      const segments = path.split('/');
      const at = 1 + random.int(segments.length - 1);
      segments[at] = random.int(2) === 0 ? segments[at].toUpperCase() : segments[at].toLowerCase();
      mutations.push('case change');
      return segments.join('/');
    }
    case 6: {
      const segments = path.split('/');
      const at = 1 + random.int(segments.length - 1);
      segments[at] = encodeURIComponent(random.pick(HOSTILE_TEXT.filter((t) => !/[\uD800-\uDFFF]/.test(t)))) || '%00';
      mutations.push('hostile segment');
      return segments.join('/');
    }
    case 7:
      mutations.push('very long segment');
      return `${path}/${'a'.repeat(random.pick([200, 5000, 60_000]))}`;
    case 8:
      mutations.push('slash encoded as %2F');
      return path.replace(/\//g, (m, offset: number) => (offset > 0 && random.int(3) === 0 ? '%2F' : m));
    default:
      return path;
  }
}

function hostileQuery(names: string[], random: SeededRandom, mutations: string[]): string {
  const parts: string[] = [];
  const n = 1 + random.int(3);
  for (let i = 0; i < n; i++) {
    const name = random.pick(names);
    let value: string;
    if (/filter/i.test(name)) value = random.pick(GARBLED_FILTERS);
    else if (/search/i.test(name)) value = random.pick(GARBLED_SEARCHES);
    else if (/token/i.test(name)) value = random.pick(SKIP_TOKENS);
    else value = random.pick(HOSTILE_TEXT);
    parts.push(`${name.replace(/\$/g, random.int(4) === 0 ? '%24' : '$')}=${encodeQueryValue(value, random)}`);
    mutations.push(`query ${name}`);
  }
  if (random.int(10) === 0) {
    parts.push(`${random.pick(['access_token', 'token', 'client_secret'])}=leaked-${random.int(1000)}`);
    mutations.push('credential in the query');
  }
  if (random.int(12) === 0) {
    parts.push('%00=1');
    mutations.push('NUL parameter name');
  }
  return parts.join('&');
}

/** `count` cases drawn from `seed`, spread over every family of both apps. */
export function generateHostileCases(seed: string, count: number, t: HostileTargets): HostileCase[] {
  const random = new SeededRandom(seed, 'hostile-input');
  const cases: HostileCase[] = [];
  for (let id = 0; id < count; id++) {
    const family = FAMILIES[id % FAMILIES.length];
    const method = random.pick(family.methods);
    const mutations: string[] = [];
    const authRoll = random.int(10);
    let auth: AuthKind = authRoll < 4 ? 'none' : authRoll < 6 ? 'wrong' : 'valid';
    if (auth === 'valid' && family.destructive) auth = 'wrong';
    let path = family.path(t);
    if (random.int(3) !== 0) path = mutatePath(path, random, mutations);
    if (family.query && random.int(3) !== 0) path += `?${hostileQuery(family.query, random, mutations)}`;
    else if (random.int(15) === 0) path += `?${hostileQuery(['x', '$filter', 'filter'], random, mutations)}`;
    const headers: Record<string, string> = {};
    const validToken =
      family.app === 'entra'
        ? t.entra.adminToken
        : family.name === 'admin'
          ? t.scim.adminToken
          : family.path(t).startsWith('/tenants/acme')
            ? t.scim.acmeToken
            : t.scim.token;
    if (auth === 'valid') headers.authorization = `Bearer ${validToken}`;
    if (auth === 'wrong') {
      headers.authorization = random.pick([
        'Bearer wrong',
        `Bearer ${validToken}x`,
        `Bearer ${validToken.slice(0, -1)}`,
        `Basic ${Buffer.from(`admin:${validToken}`).toString('base64')}`,
        `Bearer ${family.app === 'entra' ? t.scim.token : t.entra.adminToken}`,
        'Bearer eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.',
        'Bearer',
        `bearer  ${'a'.repeat(10_000)}`,
      ]);
    }
    if (random.int(3) === 0) headers.consistencylevel = 'eventual';
    if (random.int(8) === 0) headers['if-match'] = random.pick(['W/"1"', '*', 'garbage', '"\u00ff"']);
    let body: Buffer | undefined;
    if (family.body && method !== 'GET' && method !== 'DELETE') {
      const contentType = family.contentType ?? (family.app === 'scim' ? 'application/scim+json' : 'application/json');
      const base = family.body(t, id);
      if (typeof base === 'string') {
        body = Buffer.from(random.int(2) === 0 ? base : `${base}&client_secret=${encodeQueryValue(random.pick(HOSTILE_TEXT), random)}`);
        headers['content-type'] = contentType;
        mutations.push('form');
      } else {
        const result = hostileBody(base, random, contentType);
        body = result.body;
        headers['content-type'] = result.contentType;
        mutations.push(result.mutation);
      }
    }
    // What cannot go on an HTTP/1.1 request line as such (space, controls, non-ASCII) goes percent-encoded, as any
    // client would send it; everything else stays exactly as drawn.
    path = path.replace(/[^\x21-\x7e]/gu, (c) => percentEncodeChar(c, false));
    cases.push({ id, app: family.app, family: family.name, method, path, headers, body, auth, protectedRoute: !family.public, mutations });
  }
  return cases;
}
