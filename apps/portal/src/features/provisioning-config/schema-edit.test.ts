import { describe, expect, it } from 'vitest';
import type { AttributeMapping, SynchronizationSchema } from '../../api/sync';
import {
  attributeMappingOf,
  findMapping,
  formOf,
  formProblems,
  mappingTypeOf,
  newAttributeDefinition,
  objectMappings,
  putAttributeMapping,
  removeAttributeMapping,
  schemaErrorField,
  sourceText,
  updateMapping,
  withScopeGroups,
  withTargetAttributes,
  type AttributeForm,
} from './schema-edit';

const userName: AttributeMapping = {
  source: { type: 'Attribute', name: 'userPrincipalName', expression: '[userPrincipalName]', parameters: [] },
  targetAttributeName: 'userName',
  flowType: 'Always',
  matchingPriority: 1,
  defaultValue: null,
  flowBehavior: 'FlowWhenChanged',
};
const active: AttributeMapping = {
  source: { type: 'Function', name: 'Switch', expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', parameters: [] },
  targetAttributeName: 'active',
  defaultValue: null,
  flowType: 'Always',
  matchingPriority: 0,
};

function schema(): SynchronizationSchema {
  return {
    id: 'kintone.job',
    version: 'v1',
    directories: [
      { id: 'aad', name: 'Azure Active Directory', objects: [{ name: 'User', attributes: [newAttributeDefinition('department')] }] },
      {
        id: 'app',
        name: 'kintone',
        objects: [{ name: 'urn:ietf:params:scim:schemas:core:2.0:User', attributes: [newAttributeDefinition('userName')] }],
      },
    ],
    synchronizationRules: [
      {
        id: 'rule',
        name: 'USER_OUTBOUND_USER',
        sourceDirectoryName: 'Azure Active Directory',
        targetDirectoryName: 'kintone',
        editable: true,
        objectMappings: [
          {
            name: 'Provision Microsoft Entra ID Users',
            enabled: true,
            flowTypes: 'Add, Update, Delete',
            sourceObjectName: 'User',
            targetObjectName: 'urn:ietf:params:scim:schemas:core:2.0:User',
            scope: null,
            attributeMappings: [userName, active],
          },
          {
            name: 'Provision Microsoft Entra ID Groups',
            enabled: false,
            flowTypes: 'Add, Update, Delete',
            sourceObjectName: 'Group',
            targetObjectName: 'Group',
            scope: null,
            attributeMappings: [],
          },
        ],
      },
    ],
  };
}

describe('object mappings', () => {
  it('lists every object mapping with its id and the object definitions it maps between', () => {
    const refs = objectMappings(schema());
    expect(refs.map((r) => [r.id, r.mapping.name, r.sourceObject?.name, r.targetObject?.name])).toEqual([
      ['0.0', 'Provision Microsoft Entra ID Users', 'User', 'urn:ietf:params:scim:schemas:core:2.0:User'],
      ['0.1', 'Provision Microsoft Entra ID Groups', undefined, undefined],
    ]);
    expect(findMapping(schema(), '0.1')?.mapping.enabled).toBe(false);
    expect(findMapping(schema(), '3.0')).toBeUndefined();
  });

  it('changes one mapping and leaves the input and the other mappings alone', () => {
    const before = schema();
    const after = updateMapping(before, '0.1', (m) => ({ ...m, enabled: true }));
    expect(after.synchronizationRules[0].objectMappings.map((m) => m.enabled)).toEqual([true, true]);
    expect(before.synchronizationRules[0].objectMappings[1].enabled).toBe(false);
    expect(updateMapping(before, '9.9', (m) => ({ ...m, enabled: true }))).toBe(before);
  });

  it.each([
    { name: 'replaces an attribute mapping', index: 1 as number | null, targets: ['userName', 'title'] },
    { name: 'adds one at the end (Add New Mapping)', index: null, targets: ['userName', 'active', 'title'] },
  ])('$name', ({ index, targets }) => {
    const mapping = schema().synchronizationRules[0].objectMappings[0];
    const title = attributeMappingOf({ ...formOf(undefined), sourceAttribute: 'jobTitle', targetAttribute: 'title', matching: false });
    expect(putAttributeMapping(mapping, index, title).attributeMappings.map((a) => a.targetAttributeName)).toEqual(targets);
  });

  it('removes an attribute mapping', () => {
    const mapping = schema().synchronizationRules[0].objectMappings[0];
    expect(removeAttributeMapping(mapping, 0).attributeMappings).toEqual([active]);
  });

  it.each([
    { name: 'no filter group: no scope (all records)', groups: [], scope: null },
    {
      name: 'filter groups become the scope',
      groups: [
        { name: 'Sales', clauses: [{ sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: ['Sales'] } }] },
      ],
      scope: {
        groups: [
          { name: 'Sales', clauses: [{ sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: ['Sales'] } }] },
        ],
        inputFilterGroups: [],
        categoryFilterGroups: [],
      },
    },
  ])('scope: $name', ({ groups, scope }) => {
    expect(withScopeGroups(schema().synchronizationRules[0].objectMappings[0], groups).scope).toEqual(scope);
  });

  it("replaces the target object's attribute list, in the mapping's target directory only", () => {
    const after = withTargetAttributes(schema(), '0.0', [newAttributeDefinition('userName'), newAttributeDefinition('title')]);
    expect(after.directories[1].objects[0].attributes.map((a) => a.name)).toEqual(['userName', 'title']);
    expect(after.directories[0]).toEqual(schema().directories[0]);
  });
});

describe('the Edit attribute form', () => {
  it.each([
    { source: userName.source, type: 'Direct', text: 'userPrincipalName' },
    { source: { type: 'Constant' as const, name: 'Member', expression: '"Member"', parameters: [] }, type: 'Constant', text: '"Member"' },
    { source: active.source, type: 'Expression', text: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
    { source: null, type: 'None', text: '' },
  ])('$type: mapping type and the list shows $text', ({ source, type, text }) => {
    expect(mappingTypeOf(source)).toBe(type);
    expect(sourceText(source)).toBe(text);
  });

  it('reads a mapping into the form and back unchanged', () => {
    for (const mapping of [userName, active]) {
      const back = attributeMappingOf(formOf(mapping), mapping);
      expect({ ...back, source: back.source?.type }).toEqual({ ...mapping, source: mapping.source?.type });
    }
  });

  const base: AttributeForm = { ...formOf(undefined, 3), targetAttribute: 'title' };
  it.each([
    {
      name: 'Direct',
      form: { ...base, sourceAttribute: 'jobTitle' },
      mapping: { source: { type: 'Attribute', name: 'jobTitle', expression: '[jobTitle]', parameters: [] }, matchingPriority: 0 },
    },
    {
      name: 'Constant',
      form: { ...base, mappingType: 'Constant' as const, constantValue: 'Staff' },
      mapping: { source: { type: 'Constant', name: 'Staff', expression: '"Staff"', parameters: [] }, matchingPriority: 0 },
    },
    {
      name: 'Expression, sent as text for the API to parse',
      form: { ...base, mappingType: 'Expression' as const, expression: ' Join(" - ", [department], [jobTitle]) ' },
      mapping: {
        source: { type: 'Function', name: null, expression: 'Join(" - ", [department], [jobTitle])', parameters: [] },
        matchingPriority: 0,
      },
    },
    {
      name: 'None with a default value, matching with precedence 2, only on create',
      form: {
        ...base,
        mappingType: 'None' as const,
        defaultValue: 'x',
        matching: true,
        matchingPrecedence: 2,
        flowType: 'ObjectAddOnly' as const,
      },
      mapping: { source: null, defaultValue: 'x', matchingPriority: 2, flowType: 'ObjectAddOnly' },
    },
  ])('builds the mapping: $name', ({ form, mapping }) => {
    expect(attributeMappingOf(form)).toEqual({ targetAttributeName: 'title', defaultValue: null, flowType: 'Always', ...mapping });
  });

  it('a new mapping starts as Direct, not matching, at the next precedence', () => {
    expect(formOf(undefined, 3)).toMatchObject({ mappingType: 'Direct', matching: false, matchingPrecedence: 3, flowType: 'Always' });
  });

  it.each([
    { form: { ...base, targetAttribute: '' }, problems: ['sourceAttribute', 'targetAttribute'] },
    { form: { ...base, mappingType: 'Expression' as const, expression: '  ' }, problems: ['expression'] },
    { form: { ...base, sourceAttribute: 'x', matching: true, matchingPrecedence: 0 }, problems: ['matchingPrecedence'] },
    { form: { ...base, sourceAttribute: 'x' }, problems: [] },
  ])('form problems: $problems', ({ form, problems }) => {
    expect(Object.keys(formProblems(form)).sort()).toEqual(problems);
  });
});

describe("the API's 400 on the Edit attribute fields", () => {
  const prefix =
    "Invalid synchronization schema: synchronizationRules[0] ('USER_OUTBOUND_USER').objectMappings[0] ('Provision Microsoft Entra ID Users').";
  it.each([
    {
      path: 'attributeMappings[2] (\'displayName\').source: unknown function "Shout"',
      want: { index: 2, field: 'expression', message: 'unknown function "Shout"' },
    },
    {
      path: "attributeMappings[4] ('name.givenName').targetAttributeName: no such attribute",
      want: { index: 4, field: 'targetAttribute', message: 'no such attribute' },
    },
    {
      path: "attributeMappings[0] ('userName').matchingPriority: must be an integer from 0 to 1000",
      want: { index: 0, field: 'matchingPrecedence', message: 'must be an integer from 0 to 1000' },
    },
    {
      path: 'attributeMappings[1]: a mapping needs a source or a defaultValue',
      want: { index: 1, field: 'expression', message: 'a mapping needs a source or a defaultValue' },
    },
    { path: 'scope: EQUALS needs one value', want: null },
  ])('$path', ({ path, want }) => {
    expect(schemaErrorField(prefix + path)).toEqual(want);
  });
});
