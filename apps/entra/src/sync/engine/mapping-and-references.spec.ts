import { findObjectMapping, kintoneTemplate, scimTemplate, type ObjectMapping } from '@app/provisioning-core';
import { mappingReads } from './mapping-set';
import { unresolvedReferences } from './page-processor';
import type { ObjectOutcome } from './object-outcome';
import { objectMappingContext, processorContext, type ObjectMappingContext } from './processor-context';

const kintoneUsers = findObjectMapping(kintoneTemplate, 'User')!;
const roleMapping: ObjectMapping = {
  ...kintoneUsers,
  attributeMappings: [
    ...kintoneUsers.attributeMappings,
    {
      targetAttributeName: 'roles',
      flowType: 'Always',
      matchingPriority: 0,
      source: {
        type: 'Function',
        name: 'SingleAppRoleAssignment',
        parameters: [{ key: 'source', value: { type: 'Attribute', name: 'appRoleAssignments' } }],
      },
    },
  ],
};
const scopedOnRoles: ObjectMapping = {
  ...kintoneUsers,
  scope: {
    groups: [{ name: 'g', clauses: [{ operatorName: 'IS NOT NULL', sourceOperandName: 'AppRoleAssignments', targetOperand: null }] }],
  },
};

describe('mappingReads (whether a cycle must load app role assignments)', () => {
  it.each([
    ['the Kintone template', kintoneUsers, 'appRoleAssignments', false],
    ['the generic SCIM template', findObjectMapping(scimTemplate, 'User')!, 'appRoleAssignments', false],
    ['a roles mapping through SingleAppRoleAssignment', roleMapping, 'appRoleAssignments', true],
    ['a scoping clause on the attribute (any case)', scopedOnRoles, 'appRoleAssignments', true],
    ['a nested attribute read (Switch over IsSoftDeleted)', kintoneUsers, 'IsSoftDeleted', true],
    ['a direct mapping', kintoneUsers, 'userPrincipalName', true],
  ])('%s', (_name, mapping, attribute, expected) => {
    expect(mappingReads(mapping, attribute)).toBe(expected);
  });
});

describe('unresolvedReferences (what the reference pass must look at again)', () => {
  const schema = scimTemplate;
  const users = objectMappingContext(schema, findObjectMapping(schema, 'User')!, {
    skipOutOfScopeDeletions: false,
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const kintone = objectMappingContext(kintoneTemplate, kintoneUsers, {
    skipOutOfScopeDeletions: false,
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const BOSS = '11111111-1111-4111-8111-111111111111';
  const SELF = '22222222-2222-4222-8222-222222222222';
  const context = (set: ObjectMappingContext, linked: Record<string, string>) =>
    processorContext(set, {
      connector: {} as never,
      references: new Map(Object.entries(linked)),
      shape: 'default',
      now: new Date(),
      deletions: 'execute',
    });
  const outcome = (situation: string, manager: unknown, extra: Partial<ObjectOutcome> = {}): ObjectOutcome =>
    ({
      state: {
        id: SELF,
        objectType: 'User',
        source: { objectId: SELF, userPrincipalName: 'a@contoso.com', mailNickname: 'a', displayName: 'A', accountEnabled: true, manager },
        softDeleted: false,
        assigned: true,
        displayName: 'a',
      },
      action: { situation },
      status: 'success',
      error: null,
      deferredDeletion: false,
      ...extra,
    }) as unknown as ObjectOutcome;

  it.each([
    ['created, manager not in the target yet', users, {}, outcome('InScopeUnlinkedNoMatch', BOSS), [BOSS]],
    ['created, manager already linked', users, { [BOSS]: 't-boss' }, outcome('InScopeUnlinkedNoMatch', BOSS), []],
    ['linked and unchanged, manager not in the target', users, {}, outcome('InScopeLinkedUnchanged', BOSS), [BOSS]],
    ['no manager', users, {}, outcome('InScopeUnlinkedNoMatch', null), []],
    ['a manager value that is no object id', users, {}, outcome('InScopeUnlinkedNoMatch', 'not-a-guid'), []],
    ['out of scope (disabled in the target)', users, {}, outcome('OutOfScopeLinkedActive', BOSS), []],
    ['failed export', users, {}, outcome('InScopeUnlinkedNoMatch', BOSS, { error: {} as never, status: 'failure' }), []],
    ['a mapping without reference attributes (Kintone)', kintone, {}, outcome('InScopeUnlinkedNoMatch', BOSS), []],
  ])('%s', (_name, set, linked, o, expected) => {
    const rows = unresolvedReferences([o], () => context(set as ObjectMappingContext, linked as Record<string, string>));
    expect(rows.flatMap((r) => r.referencedIds)).toEqual(expected);
  });
});
