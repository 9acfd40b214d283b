import {
  disablePatch,
  enablePatch,
  getMembers,
  groupRenamePatch,
  managerPatch,
  memberAddPatches,
  memberRemovePatches,
} from './patch-builders';
import type { PatchShape } from './types';

const S = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];
const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';
const body = (...Operations: unknown[]): unknown => ({ schemas: S, Operations });

describe('§4.5 disable / enable', () => {
  it.each<[string, unknown, unknown]>([
    ['disable default', disablePatch('default'), body({ op: 'Replace', path: 'active', value: 'False' })],
    ['disable flag', disablePatch('aadOptscim062020'), body({ op: 'replace', path: 'active', value: false })],
    ['enable default', enablePatch('default'), body({ op: 'Replace', path: 'active', value: 'True' })],
    ['enable flag', enablePatch('aadOptscim062020'), body({ op: 'replace', path: 'active', value: true })],
  ])('%s', (_label, actual, expected) => expect(actual).toEqual(expected));
});

describe('§4.4 manager reference', () => {
  it.each<[string, PatchShape, Record<string, unknown>, unknown]>([
    ['no manager yet → Add', 'default', {}, body({ op: 'Add', path: MANAGER, value: 'm-2' })],
    [
      'different (string) → Replace',
      'default',
      { [MANAGER.slice(0, -8)]: { manager: 'm-1' } },
      body({ op: 'Replace', path: MANAGER, value: 'm-2' }),
    ],
    [
      'different ({value}) → replace (flag)',
      'aadOptscim062020',
      { [MANAGER.slice(0, -8)]: { manager: { value: 'm-1' } } },
      body({ op: 'replace', path: MANAGER, value: 'm-2' }),
    ],
    ['same → null', 'default', { [MANAGER.slice(0, -8)]: { manager: { value: 'm-2' } } }, null],
  ])('%s', (_label, shape, current, expected) => expect(managerPatch('m-2', current, shape)).toEqual(expected));
});

describe('§4.7 / §4.10 groups', () => {
  it.each<[string, unknown, unknown]>([
    [
      'add members (batched value)',
      memberAddPatches(['u1', 'u2'], 'default'),
      [
        body({
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: 'u1' },
            { $ref: null, value: 'u2' },
          ],
        }),
      ],
    ],
    [
      'add members flag',
      memberAddPatches(['u1'], 'aadOptscim062020'),
      [body({ op: 'add', path: 'members', value: [{ $ref: null, value: 'u1' }] })],
    ],
    [
      'remove members default',
      memberRemovePatches(['u1', 'u2'], 'default'),
      [body({ op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] })],
    ],
    [
      'remove members flag',
      memberRemovePatches(['u1', 'u2'], 'aadOptscim062020'),
      [body({ op: 'remove', path: 'members[value eq "u1"]' }, { op: 'remove', path: 'members[value eq "u2"]' })],
    ],
    [
      'batching',
      memberAddPatches(['a', 'b', 'c'], 'default', 2).map((b) => b.Operations[0].value),
      [
        [
          { $ref: null, value: 'a' },
          { $ref: null, value: 'b' },
        ],
        [{ $ref: null, value: 'c' }],
      ],
    ],
    ['nothing → no request', memberRemovePatches([], 'default'), []],
    ['rename default', groupRenamePatch('Sales EU', 'default'), body({ op: 'Replace', path: 'displayName', value: 'Sales EU' })],
    ['rename flag', groupRenamePatch('Sales EU', 'aadOptscim062020'), body({ op: 'replace', path: 'displayName', value: 'Sales EU' })],
    ['getMembers', getMembers({ members: [{ value: 'a' }, { value: 'b', display: 'B' }] }), ['a', 'b']],
  ])('%s', (_label, actual, expected) => expect(actual).toEqual(expected));
});
