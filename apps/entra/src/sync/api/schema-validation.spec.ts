import { cloneTemplate, kintoneTemplate, scimTemplate, type SynchronizationSchema } from '@app/provisioning-core';
import { SchemaValidationError, validateSynchronizationSchema } from './schema-validation';

type Mutable = any;

function kintone(change: (s: Mutable) => void = () => undefined): Mutable {
  const schema = cloneTemplate(kintoneTemplate) as Mutable;
  change(schema);
  return schema;
}

const users = (s: Mutable) => s.synchronizationRules[0].objectMappings[0];
const validate = (body: unknown) => validateSynchronizationSchema(body, kintoneTemplate.directories);

describe('validateSynchronizationSchema', () => {
  it.each([
    ['the kintone template', cloneTemplate(kintoneTemplate)],
    ['the scim template', cloneTemplate(scimTemplate)],
  ])('accepts %s unchanged', (_name, schema) => {
    const out = validateSynchronizationSchema(schema, schema.directories);
    expect(out).toEqual(JSON.parse(JSON.stringify(schema)));
  });

  it('accepts a schema without directories (the template directories are used)', () => {
    const { directories: _d, ...rules } = kintone();
    const out = validate(rules);
    expect(out.directories.map((d: { name: string }) => d.name)).toEqual(['Azure Active Directory', 'kintone']);
  });

  it('accepts a valid scoping filter, a changed expression and a function root given only as text', () => {
    const out = validate(
      kintone((s) => {
        users(s).scope = {
          groups: [
            {
              name: 'sales',
              clauses: [{ operatorName: 'REGEX MATCH', sourceOperandName: 'department', targetOperand: { values: ['^Sales$'] } }],
            },
          ],
        };
        users(s).attributeMappings[2].source = {
          type: 'Function',
          expression: 'Join(" ", [givenName], [surname])',
          name: null,
          parameters: [],
        };
      }),
    ) as SynchronizationSchema;
    const source = out.synchronizationRules[0].objectMappings[0].attributeMappings[2].source;
    expect(source).toMatchObject({ type: 'Function', name: 'Join' });
    expect(source?.parameters).toHaveLength(3);
  });

  it.each([
    ['not an object', [], /must be a synchronizationSchema object/],
    [
      'an unknown top-level property',
      kintone((s) => (s.bogus = 1)),
      /property 'bogus' does not exist on type 'microsoft.graph.synchronizationSchema'/,
    ],
    ['no rules', kintone((s) => (s.synchronizationRules = [])), /at least one synchronization rule/],
    ['rules not an array', kintone((s) => (s.synchronizationRules = {})), /synchronizationRules: must be an array/],
    [
      'an unknown directory in a rule',
      kintone((s) => (s.synchronizationRules[0].targetDirectoryName = 'nowhere')),
      /targetDirectoryName: no directory named 'nowhere'/,
    ],
    [
      'an unknown target object',
      kintone((s) => (users(s).targetObjectName = 'Robot')),
      /targetObjectName: object 'Robot' is not defined in directory 'kintone'/,
    ],
    [
      'an unknown source object',
      kintone((s) => (users(s).sourceObjectName = 'Device')),
      /sourceObjectName: object 'Device' is not defined/,
    ],
    [
      'an unknown target attribute',
      kintone((s) => (users(s).attributeMappings[2].targetAttributeName = 'nickName')),
      /attributeMappings\[2\] \('nickName'\).targetAttributeName: target attribute 'nickName' is not defined on target object 'urn:/,
    ],
    [
      'an unknown function',
      kintone((s) => (users(s).attributeMappings[2].source = { type: 'Function', name: 'Frobnicate', expression: null, parameters: [] })),
      /\('displayName'\)\.source: unknown function "Frobnicate"/,
    ],
    [
      'a bad expression text',
      kintone(
        (s) =>
          (users(s).attributeMappings[2].source = { type: 'Function', name: null, expression: 'Join(",", [displayName]', parameters: [] }),
      ),
      /\('displayName'\)\.source: expected/,
    ],
    [
      'a stale root expression that does not parse',
      kintone((s) => (users(s).attributeMappings[1].source.expression = 'Switch([IsSoftDeleted],')),
      /\('active'\)\.source: /,
    ],
    [
      'a wrong arity',
      kintone(
        (s) =>
          (users(s).attributeMappings[2].source = {
            type: 'Function',
            name: 'Mid',
            parameters: [{ key: 'source', value: { type: 'Attribute', name: 'displayName' } }],
          }),
      ),
      /Mid takes 3 argument/,
    ],
    [
      'an unknown source attribute',
      kintone(
        (s) => (users(s).attributeMappings[2].source = { type: 'Attribute', name: 'shoeSize', expression: '[shoeSize]', parameters: [] }),
      ),
      /source attribute 'shoeSize' is not defined/,
    ],
    [
      'an unknown source type',
      kintone((s) => (users(s).attributeMappings[2].source = { type: 'Lambda', name: 'x' })),
      /type: must be one of Attribute, Constant, Function/,
    ],
    [
      'a bad scoping regex',
      kintone(
        (s) =>
          (users(s).scope = {
            groups: [
              {
                name: 'g',
                clauses: [{ operatorName: 'REGEX MATCH', sourceOperandName: 'department', targetOperand: { values: ['(unclosed'] } }],
              },
            ],
          }),
      ),
      /scope: group 'g' clause 0: /,
    ],
    [
      'an unknown scoping operator',
      kintone(
        (s) =>
          (users(s).scope = {
            groups: [
              { name: 'g', clauses: [{ operatorName: 'SOUNDS LIKE', sourceOperandName: 'department', targetOperand: { values: ['x'] } }] },
            ],
          }),
      ),
      /scope: group 'g' clause 0: .*SOUNDS LIKE/,
    ],
    [
      'a scoping filter on an unknown attribute',
      kintone(
        (s) =>
          (users(s).scope = {
            groups: [{ name: 'g', clauses: [{ operatorName: 'EQUALS', sourceOperandName: 'shoeSize', targetOperand: { values: ['9'] } }] }],
          }),
      ),
      /scope: group 'g' clause 0/,
    ],
    ['a malformed scope', kintone((s) => (users(s).scope = { groups: 'all' })), /scope: /],
    [
      'no matching attribute',
      kintone((s) => (users(s).attributeMappings[0].matchingPriority = 0)),
      /needs at least one matching attribute/,
    ],
    [
      'a negative matching priority',
      kintone((s) => (users(s).attributeMappings[0].matchingPriority = -1)),
      /matchingPriority: must be an integer/,
    ],
    [
      'a target mapped twice',
      kintone((s) => users(s).attributeMappings.push({ ...users(s).attributeMappings[2] })),
      /target attribute 'displayName' is mapped twice/,
    ],
    ['an unknown flowType', kintone((s) => (users(s).attributeMappings[2].flowType = 'Sometimes')), /flowType: must be one of/],
    [
      'an unknown object flow type',
      kintone((s) => (users(s).flowTypes = 'Add, Destroy')),
      /flowTypes: 'destroy' is not one of Add, Update, Delete/,
    ],
    [
      'an unknown property deep down',
      kintone((s) => (users(s).attributeMappings[2].source.color = 'red')),
      /property 'color' does not exist on type 'microsoft.graph.attributeMappingSource'/,
    ],
    [
      'an attribute definition of an unknown type',
      kintone((s) => (s.directories[1].objects[0].attributes[0].type = 'Float')),
      /directories\[1\] \('kintone'\).objects\[0\].*type: must be one of/,
    ],
    ['two directories of one name', kintone((s) => s.directories.push(s.directories[1])), /directory 'kintone' is defined twice/],
    [
      'a mapping with neither source nor default',
      kintone((s) => (users(s).attributeMappings[2].source = null)),
      /needs a source or a defaultValue/,
    ],
  ])('rejects %s, naming the bad part', (_name, body, message) => {
    expect(() => validate(body)).toThrow(SchemaValidationError);
    expect(() => validate(body)).toThrow(message);
  });

  it('refuses expression trees nested too deeply without overflowing the stack', () => {
    let node: Mutable = { type: 'Attribute', name: 'displayName' };
    for (let i = 0; i < 5000; i++) node = { type: 'Function', name: 'ToLower', parameters: [{ key: 'source', value: node }] };
    expect(() => validate(kintone((s) => (users(s).attributeMappings[2].source = node)))).toThrow(/nested deeper than 200/);
  });

  it('accepts @odata annotations', () => {
    expect(() => validate(kintone((s) => (s['@odata.type'] = '#microsoft.graph.synchronizationSchema')))).not.toThrow();
  });
});
