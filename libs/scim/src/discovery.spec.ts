import { resourceTypeById, resourceTypesResponse, schemaById, schemasResponse, serviceProviderConfig } from './discovery';
import { SCIM_SCHEMAS } from './errors';
import { CORE_USER, ENTERPRISE, generic, kintone } from './test-fixtures';

const BASE = 'https://scim.example/scim/';

describe('serviceProviderConfig', () => {
  it('describes the supported features', () => {
    expect(serviceProviderConfig(kintone, BASE, { maxResults: 200, maxPayloadSize: 1048576, maxOperations: 1000 })).toMatchObject({
      schemas: [SCIM_SCHEMAS.serviceProviderConfig],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 1000, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [{ type: 'oauthbearertoken', primary: true }],
      meta: { resourceType: 'ServiceProviderConfig', location: 'https://scim.example/scim/ServiceProviderConfig' },
    });
  });
});

describe('schemas', () => {
  it.each([
    ['kintone', kintone, [CORE_USER]],
    ['generic', generic, [CORE_USER, ENTERPRISE, SCIM_SCHEMAS.group]],
  ])('%s /Schemas lists its schemas', (_name, profile, ids) => {
    const list = schemasResponse(profile, BASE) as {
      schemas: string[];
      totalResults: number;
      Resources: { id: string; schemas: string[]; meta: { resourceType: string; location: string } }[];
    };
    expect(list.schemas).toEqual([SCIM_SCHEMAS.listResponse]);
    expect(list.totalResults).toBe(ids.length);
    expect(list.Resources.map((r) => r.id)).toEqual(ids);
    for (const r of list.Resources) {
      expect(r.schemas).toEqual([SCIM_SCHEMAS.schema]);
      expect(r.meta).toEqual({ resourceType: 'Schema', location: `https://scim.example/scim/Schemas/${r.id}` });
    }
  });

  it.each([
    [CORE_USER, true],
    [CORE_USER.toLowerCase(), true],
    [ENTERPRISE, false],
    ['__proto__', false],
  ])('kintone schemaById(%s) found=%s', (id, found) => {
    expect(schemaById(kintone, id, BASE) !== undefined).toBe(found);
  });

  it('serves attribute definitions', () => {
    const user = schemaById(kintone, CORE_USER, 'https://h') as { attributes: { name: string; required: boolean }[] };
    expect(user.attributes.find((a) => a.name === 'userName')).toMatchObject({ required: true, type: 'string', uniqueness: 'server' });
  });
});

describe('resource types', () => {
  it('generic /ResourceTypes', () => {
    const list = resourceTypesResponse(generic, 'https://h') as { totalResults: number; Resources: Record<string, unknown>[] };
    expect(list.totalResults).toBe(2);
    expect(list.Resources[0]).toEqual({
      schemas: [SCIM_SCHEMAS.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: CORE_USER,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
      meta: { resourceType: 'ResourceType', location: 'https://h/ResourceTypes/User' },
    });
    expect(list.Resources[1]).not.toHaveProperty('schemaExtensions');
  });
  it.each([
    [kintone, 'User', true],
    [kintone, 'user', true],
    [kintone, 'Group', false],
    [generic, 'Group', true],
    [generic, 'constructor', false],
  ])('resourceTypeById %#', (profile, id, found) => {
    expect(resourceTypeById(profile, id, BASE) !== undefined).toBe(found);
  });
});
