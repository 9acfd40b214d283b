import { parseExpression } from '../expressions';
import {
  builtInTemplate,
  cloneTemplate,
  findObjectMapping,
  kintoneTemplate,
  scimTemplate,
  sourceAttributeDefinitions,
  sourceUserPrincipalName,
  targetAttributeDefinitions,
} from '.';
import type { AttributeMapping, AttributeMappingSource, SynchronizationSchema } from '../schema/model';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SWITCH = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")';

function rows(schema: SynchronizationSchema, object: string): [string, string, number][] {
  const m = findObjectMapping(schema, object);
  return (m?.attributeMappings ?? []).map((a: AttributeMapping) => [a.targetAttributeName, a.source?.expression ?? '', a.matchingPriority]);
}

describe('kintoneTemplate (reference §3.3)', () => {
  it('maps the 7 Kintone target attributes, userName matching', () => {
    expect(rows(kintoneTemplate, 'User')).toEqual([
      ['userName', '[userPrincipalName]', 1],
      ['active', SWITCH, 0],
      ['displayName', '[displayName]', 0],
      ['emails[type eq "work"].value', '[mail]', 0],
      ['name.givenName', '[givenName]', 0],
      ['name.familyName', '[surname]', 0],
      ['externalId', '[mailNickname]', 0],
    ]);
    expect(findObjectMapping(kintoneTemplate, 'Group')).toBeUndefined();
  });

  it('target definitions: userName required, not caseExact; active Boolean', () => {
    const m = findObjectMapping(kintoneTemplate, 'User');
    const defs = m ? targetAttributeDefinitions(kintoneTemplate, m) : [];
    expect(defs.map((d) => d.name)).toHaveLength(7);
    expect(defs.find((d) => d.name === 'userName')).toMatchObject({ required: true, caseExact: false, type: 'String' });
    expect(defs.find((d) => d.name === 'active')).toMatchObject({ type: 'Boolean', required: false });
  });
});

describe('scimTemplate (reference §3.3)', () => {
  it.each<[string, string]>([
    ['userName', '[userPrincipalName]'],
    ['active', SWITCH],
    ['displayName', '[displayName]'],
    ['title', '[jobTitle]'],
    ['emails[type eq "work"].value', '[mail]'],
    ['preferredLanguage', '[preferredLanguage]'],
    ['name.givenName', '[givenName]'],
    ['name.familyName', '[surname]'],
    ['name.formatted', 'Join(" ", [givenName], [surname])'],
    ['addresses[type eq "work"].formatted', '[physicalDeliveryOfficeName]'],
    ['addresses[type eq "work"].streetAddress', '[streetAddress]'],
    ['addresses[type eq "work"].locality', '[city]'],
    ['addresses[type eq "work"].region', '[state]'],
    ['addresses[type eq "work"].postalCode', '[postalCode]'],
    ['addresses[type eq "work"].country', '[country]'],
    ['phoneNumbers[type eq "work"].value', '[telephoneNumber]'],
    ['phoneNumbers[type eq "mobile"].value', '[mobile]'],
    ['phoneNumbers[type eq "fax"].value', '[facsimileTelephoneNumber]'],
    ['externalId', '[mailNickname]'],
    [`${ENT}:employeeNumber`, '[employeeId]'],
    [`${ENT}:department`, '[department]'],
    [`${ENT}:manager`, '[manager]'],
  ])('user %s ← %s', (target, expression) => {
    expect(rows(scimTemplate, 'User')).toContainEqual([target, expression, target === 'userName' ? 1 : 0]);
  });

  it('group mapping: displayName matching, externalId ← objectId, members ← members; enabled', () => {
    expect(rows(scimTemplate, 'Group')).toEqual([
      ['displayName', '[displayName]', 1],
      ['externalId', '[objectId]', 0],
      ['members', '[members]', 0],
    ]);
    expect(findObjectMapping(scimTemplate, 'Group')?.enabled).toBe(true);
  });

  it('manager and members are Reference target attributes', () => {
    const user = findObjectMapping(scimTemplate, 'User');
    const group = findObjectMapping(scimTemplate, 'Group');
    expect(user && targetAttributeDefinitions(scimTemplate, user).find((d) => d.name === `${ENT}:manager`)?.type).toBe('Reference');
    expect(group && targetAttributeDefinitions(scimTemplate, group).find((d) => d.name === 'members')).toMatchObject({
      type: 'Reference',
      multivalued: true,
    });
  });
});

describe('source directory', () => {
  it.each([
    [
      'User',
      [
        'userPrincipalName',
        'displayName',
        'givenName',
        'surname',
        'mail',
        'mailNickname',
        'accountEnabled',
        'jobTitle',
        'department',
        'employeeId',
        'telephoneNumber',
        'mobile',
        'facsimileTelephoneNumber',
        'physicalDeliveryOfficeName',
        'streetAddress',
        'city',
        'state',
        'postalCode',
        'country',
        'preferredLanguage',
        'userType',
        'manager',
        'objectId',
        'IsSoftDeleted',
        'appRoleAssignments',
      ],
    ],
    ['Group', ['displayName', 'mailNickname', 'objectId', 'members']],
  ])('%s has the documented attributes', (object, names) => {
    const defs = sourceAttributeDefinitions(scimTemplate, object);
    expect(defs.map((d) => d.name)).toEqual(expect.arrayContaining(names));
    if (object === 'User') {
      expect(defs.find((d) => d.name === 'manager')?.type).toBe('Reference');
      expect(defs.find((d) => d.name === 'appRoleAssignments')?.multivalued).toBe(true);
    }
  });
  it('User has the organisation attributes real mappings read, named as Entra names them', () => {
    const names = sourceAttributeDefinitions(scimTemplate, 'User').map((d) => d.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'originalUserPrincipalName',
        'employeeType',
        'companyName',
        'employeeOrgData.division',
        'employeeOrgData.costCenter',
        ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
      ]),
    );
    expect(names).not.toContain('extensionAttribute16');
  });
  it.each([
    ['adele_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'adele@fabrikam.com'],
    ['first_last_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'first_last@fabrikam.com'],
    ['ADELE_Fabrikam.COM#ext#@contoso.com', 'ADELE@Fabrikam.COM'],
    ['adele@contoso.com', 'adele@contoso.com'],
    ['adele#EXT#@contoso.com', 'adele#EXT#@contoso.com'],
  ])('a guest UPN %s is read as %s (§9.7)', (upn, expected) => {
    expect(sourceUserPrincipalName(upn)).toBe(expected);
  });
  it('every template uses "Azure Active Directory" as source', () => {
    for (const t of [kintoneTemplate, scimTemplate]) expect(t.synchronizationRules[0].sourceDirectoryName).toBe('Azure Active Directory');
  });
});

describe('immutability', () => {
  it('templates are deep-frozen; builtInTemplate/cloneTemplate give editable copies', () => {
    expect(Object.isFrozen(scimTemplate.synchronizationRules[0].objectMappings[0].attributeMappings[0])).toBe(true);
    const copy = builtInTemplate('kintone');
    expect(copy).toEqual(kintoneTemplate);
    if (copy) copy.synchronizationRules[0].objectMappings[0].enabled = false;
    expect(kintoneTemplate.synchronizationRules[0].objectMappings[0].enabled).toBe(true);
    expect(cloneTemplate(scimTemplate)).not.toBe(scimTemplate);
    expect(builtInTemplate('nope')).toBeUndefined();
  });
});

describe('expression trees equal what parseExpression produces', () => {
  const strip = (node: AttributeMappingSource | null): unknown =>
    node === null
      ? null
      : { type: node.type, name: node.name, parameters: (node.parameters ?? []).map((p) => ({ key: p.key, value: strip(p.value) })) };
  const parsed = (text: string): unknown => {
    try {
      return strip(parseExpression(text));
    } catch {
      return undefined; // parser still a stub
    }
  };
  it.each([[SWITCH], ['Join(" ", [givenName], [surname])'], ['[mail]']])('%s', (text) => {
    const all = [...(findObjectMapping(scimTemplate, 'User')?.attributeMappings ?? [])];
    const ours = all.find((a) => a.source?.expression === text)?.source ?? null;
    const theirs = parsed(text);
    if (theirs !== undefined) expect(strip(ours)).toEqual(theirs);
  });
});
