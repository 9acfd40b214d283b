import { findObjectMapping, kintoneTemplate, scimTemplate, type ObjectMapping } from '@app/provisioning-core';
import { mappingReads } from './cycle-runner';

const kintoneUsers = findObjectMapping(kintoneTemplate, 'User')!;
const roleMapping: ObjectMapping = {
  ...kintoneUsers,
  attributeMappings: [
    ...kintoneUsers.attributeMappings,
    {
      targetAttributeName: 'roles',
      flowType: 'Always',
      matchingPriority: 0,
      source: { type: 'Function', name: 'SingleAppRoleAssignment', parameters: [{ key: 'source', value: { type: 'Attribute', name: 'appRoleAssignments' } }] },
    },
  ],
};
const scopedOnRoles: ObjectMapping = {
  ...kintoneUsers,
  scope: { groups: [{ name: 'g', clauses: [{ operatorName: 'IS NOT NULL', sourceOperandName: 'AppRoleAssignments', targetOperand: null }] }] },
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
