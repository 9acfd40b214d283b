/**
 * Every bullet of reference §4.10 (the `aadOptscim062020` flag) as a row, built by the same functions the engine
 * calls, with the flag and without it (the §4.4 / §4.5 / §4.7 shapes). One table: a change → exact PATCH body.
 */
import { mapForCreate } from './create';
import { mapForUpdate } from './update';
import { disablePatch, enablePatch, memberRemovePatches } from './patch-builders';
import { alice, ctx, kintoneUsers, scimUsers } from './test-support/fixtures';
import { attribute, call, definition, mapping } from '../templates';
import type { ObjectMapping } from '../schema/model';
import type { PatchBody, PatchShape, ScimResource } from './types';

const PATCH = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const body = (...Operations: unknown[]): PatchBody => ({ schemas: PATCH, Operations }) as PatchBody;

/** What the generic (scim template) target holds after the create of alice(). */
const stored: ScimResource = {
  id: 't-1',
  userName: 'alice@contoso.com',
  active: true,
  displayName: 'Alice Jensen',
  emails: [{ type: 'work', primary: true, value: 'alice@contoso.com' }],
  name: { givenName: 'Alice', familyName: 'Jensen', formatted: 'Alice Jensen' },
  externalId: 'alice',
  [ENT]: { employeeNumber: '1' },
};

const updateOf = (source: Record<string, unknown>, shape: PatchShape, target: ScimResource = stored, m = scimUsers): PatchBody | null =>
  mapForUpdate(m.mapping, m.defs, alice(source), target, ctx, { shape }).patch;

/** A custom roles mapping of a role function, as an admin adds it to the scim template. */
const roleMappingOf = (fn: string, target = 'roles'): { mapping: ObjectMapping; defs: typeof scimUsers.defs } => ({
  mapping: {
    ...scimUsers.mapping,
    attributeMappings: [
      ...scimUsers.mapping.attributeMappings,
      mapping(target, call(fn, `${fn}([appRoleAssignments])`, [['source', attribute('appRoleAssignments')]])),
    ],
  },
  defs: [...scimUsers.defs, definition('roles', { multivalued: true })],
});
const rolesMapping = roleMappingOf('AppRoleAssignmentsComplex');
const assertiveMapping = roleMappingOf('AssertiveAppRoleAssignmentsComplex');
const singleMapping = roleMappingOf('SingleAppRoleAssignment', 'roles[primary eq "True"].value');
const admin = { id: 'a-1', appRoleId: 'r-1', value: 'Admin', displayName: 'Admin' };
const reader = { id: 'a-2', appRoleId: 'r-2', value: 'Reader', displayName: 'Reader' };
const role = (value: string) => ({ primary: false, type: 'WindowsAzureActiveDirectoryRole', display: value, value });
/** Reference §4.4: a role as the default shape's PATCH sends it, a JSON string inside `value`. */
const jsonRole = (id: string, value: string) => ({ value: JSON.stringify({ id, value, displayName: value }) });
const rolesUpdate = (m: typeof rolesMapping, shape: PatchShape, assignments: unknown[], target: ScimResource = stored): PatchBody | null =>
  mapForUpdate(m.mapping, m.defs, alice({ appRoleAssignments: assignments }), target, ctx, { shape }).patch;

type Row = [bullet: string, shape: PatchShape, actual: () => unknown, expected: unknown];

const rows: Row[] = [
  // §4.5 / §4.10 bullet 1: disable — op lower-case and a real boolean with the flag; "Replace" + "False" without.
  ['disable (builder)', 'default', () => disablePatch('default'), body({ op: 'Replace', path: 'active', value: 'False' })],
  ['disable (builder)', 'aadOptscim062020', () => disablePatch('aadOptscim062020'), body({ op: 'replace', path: 'active', value: false })],
  [
    'disable (soft delete through the active mapping)',
    'default',
    () => updateOf({ IsSoftDeleted: true }, 'default'),
    body({ op: 'Replace', path: 'active', value: 'False' }),
  ],
  [
    'disable (soft delete through the active mapping)',
    'aadOptscim062020',
    () => updateOf({ IsSoftDeleted: true }, 'aadOptscim062020'),
    body({ op: 'replace', path: 'active', value: false }),
  ],
  ['enable', 'default', () => enablePatch('default'), body({ op: 'Replace', path: 'active', value: 'True' })],
  ['enable', 'aadOptscim062020', () => enablePatch('aadOptscim062020'), body({ op: 'replace', path: 'active', value: true })],
  [
    'disable together with a rename: active is a real boolean inside the path-less value',
    'aadOptscim062020',
    () => updateOf({ IsSoftDeleted: true, displayName: 'Alice J' }, 'aadOptscim062020'),
    body({ op: 'replace', value: { active: false, displayName: 'Alice J' } }),
  ],
  [
    'disable together with a rename (no flag): one op each, "False"',
    'default',
    () => updateOf({ IsSoftDeleted: true, displayName: 'Alice J' }, 'default'),
    body({ op: 'Replace', path: 'active', value: 'False' }, { op: 'Replace', path: 'displayName', value: 'Alice J' }),
  ],

  // §4.4 / §4.10 bullet 2: adding a single-valued string attribute the target does not have yet.
  [
    'add a single-valued string',
    'default',
    () => updateOf({}, 'default', { ...stored, externalId: undefined }),
    body({ op: 'Add', path: 'externalId', value: 'alice' }),
  ],
  [
    'add a single-valued string',
    'aadOptscim062020',
    () => updateOf({}, 'aadOptscim062020', { ...stored, externalId: undefined }),
    body({ op: 'add', path: 'externalId', value: 'alice' }),
  ],
  [
    'add an extension attribute (URN path)',
    'aadOptscim062020',
    () => updateOf({ department: 'Ops' }, 'aadOptscim062020'),
    body({ op: 'add', path: `${ENT}:department`, value: 'Ops' }),
  ],
  [
    'add an extension attribute (URN path)',
    'default',
    () => updateOf({ department: 'Ops' }, 'default'),
    body({ op: 'Add', path: `${ENT}:department`, value: 'Ops' }),
  ],

  // §4.10 bullet 3: replacing several attributes — one path-less replace (dotted and URN keys), filtered paths apart.
  [
    'replace several attributes',
    'default',
    () => updateOf({ displayName: 'Alicia Jay', givenName: 'Alicia', surname: 'Jay', mail: 'aj@contoso.com', employeeId: '2' }, 'default'),
    body(
      { op: 'Replace', path: 'displayName', value: 'Alicia Jay' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'aj@contoso.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Alicia' },
      { op: 'Replace', path: 'name.familyName', value: 'Jay' },
      { op: 'Replace', path: 'name.formatted', value: 'Alicia Jay' },
      { op: 'Replace', path: `${ENT}:employeeNumber`, value: '2' },
    ),
  ],
  [
    'replace several attributes',
    'aadOptscim062020',
    () =>
      updateOf(
        { displayName: 'Alicia Jay', givenName: 'Alicia', surname: 'Jay', mail: 'aj@contoso.com', employeeId: '2' },
        'aadOptscim062020',
      ),
    body(
      {
        op: 'replace',
        value: {
          displayName: 'Alicia Jay',
          'name.givenName': 'Alicia',
          'name.familyName': 'Jay',
          'name.formatted': 'Alicia Jay',
          [`${ENT}:employeeNumber`]: '2',
        },
      },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'aj@contoso.com' },
    ),
  ],
  [
    'replace several attributes, add another: the add keeps its own op',
    'aadOptscim062020',
    () => updateOf({ displayName: 'Alicia Jay', givenName: 'Alicia' }, 'aadOptscim062020', { ...stored, externalId: undefined }),
    body(
      { op: 'replace', value: { displayName: 'Alicia Jay', 'name.givenName': 'Alicia', 'name.formatted': 'Alicia Jensen' } },
      { op: 'add', path: 'externalId', value: 'alice' },
    ),
  ],
  [
    'replace one attribute: an op with its path',
    'default',
    () => updateOf({ displayName: 'Alicia Jay' }, 'default'),
    body({ op: 'Replace', path: 'displayName', value: 'Alicia Jay' }),
  ],
  [
    'replace one attribute: an op with its path',
    'aadOptscim062020',
    () => updateOf({ displayName: 'Alicia Jay' }, 'aadOptscim062020'),
    body({ op: 'replace', path: 'displayName', value: 'Alicia Jay' }),
  ],
  [
    'replace only a filtered path',
    'aadOptscim062020',
    () => updateOf({ mail: 'aj@contoso.com' }, 'aadOptscim062020'),
    body({ op: 'replace', path: 'emails[type eq "work"].value', value: 'aj@contoso.com' }),
  ],
  [
    'Kintone: rename + name + work email',
    'default',
    () =>
      updateOf(
        { displayName: 'Alicia Jay', givenName: 'Alicia', surname: 'Jay', mail: 'aj@contoso.com' },
        'default',
        { ...stored, [ENT]: undefined },
        kintoneUsers,
      ),
    body(
      { op: 'Replace', path: 'displayName', value: 'Alicia Jay' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'aj@contoso.com' },
      { op: 'Replace', path: 'name.givenName', value: 'Alicia' },
      { op: 'Replace', path: 'name.familyName', value: 'Jay' },
    ),
  ],
  [
    'Kintone: rename + name + work email',
    'aadOptscim062020',
    () =>
      updateOf(
        { displayName: 'Alicia Jay', givenName: 'Alicia', surname: 'Jay', mail: 'aj@contoso.com' },
        'aadOptscim062020',
        { ...stored, [ENT]: undefined },
        kintoneUsers,
      ),
    body(
      { op: 'replace', value: { displayName: 'Alicia Jay', 'name.givenName': 'Alicia', 'name.familyName': 'Jay' } },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'aj@contoso.com' },
    ),
  ],

  // §4.7 / §4.10 bullet 4: removing a group member.
  [
    'remove a group member',
    'default',
    () => memberRemovePatches(['u-1'], 'default'),
    [body({ op: 'Remove', path: 'members', value: [{ value: 'u-1' }] })],
  ],
  [
    'remove a group member',
    'aadOptscim062020',
    () => memberRemovePatches(['u-1'], 'aadOptscim062020'),
    [body({ op: 'remove', path: 'members[value eq "u-1"]' })],
  ],

  // §4.4 / §4.10 bullet 5: roles (AppRoleAssignmentsComplex) are added, never replaced; without the flag each role is
  // a JSON string {id,value,displayName} inside value (id = the app role id), with it the same role objects as the POST.
  [
    'roles on PATCH: Add, each role a JSON string',
    'default',
    () => rolesUpdate(rolesMapping, 'default', [admin]),
    body({ op: 'Add', path: 'roles', value: [jsonRole('r-1', 'Admin')] }),
  ],
  [
    'roles on PATCH are the POST objects',
    'aadOptscim062020',
    () => rolesUpdate(rolesMapping, 'aadOptscim062020', [admin]),
    body({ op: 'add', path: 'roles', value: [role('Admin')] }),
  ],
  [
    'a new role: only the missing role is added (roles are never removed)',
    'default',
    () => rolesUpdate(rolesMapping, 'default', [admin, reader], { ...stored, roles: [role('Admin')] }),
    body({ op: 'Add', path: 'roles', value: [jsonRole('r-2', 'Reader')] }),
  ],
  [
    'a new role: only the missing role is added (roles are never removed)',
    'aadOptscim062020',
    () => rolesUpdate(rolesMapping, 'aadOptscim062020', [admin, reader], { ...stored, roles: [jsonRole('r-1', 'Admin')] }),
    body({ op: 'add', path: 'roles', value: [role('Reader')] }),
  ],
  [
    'a removed role is not removed',
    'default',
    () => rolesUpdate(rolesMapping, 'default', [admin], { ...stored, roles: [role('Admin'), role('Reader')] }),
    null,
  ],
  [
    'no change: the target stores the POST objects',
    'default',
    () => rolesUpdate(rolesMapping, 'default', [admin, reader], { ...stored, roles: [role('Admin'), role('Reader')] }),
    null,
  ],
  [
    'no change: the target stores the POST objects',
    'aadOptscim062020',
    () => rolesUpdate(rolesMapping, 'aadOptscim062020', [admin], { ...stored, roles: [role('Admin')] }),
    null,
  ],
  [
    'no change: the target stores the JSON strings',
    'default',
    () => rolesUpdate(rolesMapping, 'default', [admin, reader], { ...stored, roles: [role('Admin'), jsonRole('r-2', 'Reader')] }),
    null,
  ],
  [
    'no change: the target stores the JSON strings',
    'aadOptscim062020',
    () => rolesUpdate(rolesMapping, 'aadOptscim062020', [admin], { ...stored, roles: [jsonRole('r-1', 'Admin')] }),
    null,
  ],
  // SingleAppRoleAssignment (mapped to roles[primary eq "True"].value) is added like AppRoleAssignmentsComplex.
  [
    'SingleAppRoleAssignment on PATCH',
    'default',
    () => rolesUpdate(singleMapping, 'default', [reader], { ...stored, roles: [{ primary: true, value: 'Admin' }] }),
    body({ op: 'Add', path: 'roles', value: [jsonRole('r-2', 'Reader')] }),
  ],
  [
    'SingleAppRoleAssignment on PATCH',
    'aadOptscim062020',
    () => rolesUpdate(singleMapping, 'aadOptscim062020', [reader], { ...stored, roles: [{ primary: true, value: 'Admin' }] }),
    body({ op: 'add', path: 'roles', value: [{ primary: true, value: 'Reader' }] }),
  ],
  [
    'SingleAppRoleAssignment, no change',
    'default',
    () => rolesUpdate(singleMapping, 'default', [admin], { ...stored, roles: [{ primary: true, value: 'Admin' }] }),
    null,
  ],
  // AssertiveAppRoleAssignmentsComplex replaces the whole collection with the role objects.
  [
    'AssertiveAppRoleAssignmentsComplex on PATCH',
    'default',
    () => rolesUpdate(assertiveMapping, 'default', [reader], { ...stored, roles: [role('Admin')] }),
    body({ op: 'replace', path: 'roles', value: [role('Reader')] }),
  ],
  [
    'AssertiveAppRoleAssignmentsComplex on PATCH',
    'aadOptscim062020',
    () => rolesUpdate(assertiveMapping, 'aadOptscim062020', [admin, reader], { ...stored, roles: [role('Admin')] }),
    body({ op: 'replace', path: 'roles', value: [role('Admin'), role('Reader')] }),
  ],
  [
    'AssertiveAppRoleAssignmentsComplex, no change',
    'default',
    () => rolesUpdate(assertiveMapping, 'default', [admin], { ...stored, roles: [jsonRole('r-1', 'Admin')] }),
    null,
  ],
  [
    'roles beside a rename: the roles keep their own operation',
    'aadOptscim062020',
    () =>
      mapForUpdate(
        assertiveMapping.mapping,
        assertiveMapping.defs,
        alice({ appRoleAssignments: [admin], displayName: 'Alice J', givenName: 'Al' }),
        stored,
        ctx,
        { shape: 'aadOptscim062020' },
      ).patch,
    body(
      { op: 'replace', value: { displayName: 'Alice J', 'name.givenName': 'Al', 'name.formatted': 'Al Jensen' } },
      { op: 'replace', path: 'roles', value: [role('Admin')] },
    ),
  ],
  [
    'roles on POST',
    'aadOptscim062020',
    () => mapForCreate(rolesMapping.mapping, rolesMapping.defs, alice({ appRoleAssignments: [admin] }), ctx).resource.roles,
    [role('Admin')],
  ],
];

describe('§4.10 aadOptscim062020 bullets, with and without the flag', () => {
  it.each(rows)('%s [%s]', (_bullet, _shape, actual, expected) => expect(actual()).toEqual(expected));
});
