import { SCIM_SCHEMAS } from './errors';
import { listResponse } from './list';
import { Profile } from './profiles';
import { ResourceTypeDef, SchemaDef } from './schema';

/** RFC 7643 §5–§7 discovery documents. */

const trimSlash = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');

export function serviceProviderConfig(
  _profile: Profile,
  baseUrl: string,
  opts: { maxResults: number; maxPayloadSize: number; maxOperations: number },
): object {
  return {
    schemas: [SCIM_SCHEMAS.serviceProviderConfig],
    documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: opts.maxOperations, maxPayloadSize: opts.maxPayloadSize },
    filter: { supported: true, maxResults: opts.maxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${trimSlash(baseUrl)}/ServiceProviderConfig` },
  };
}

function schemaResource(schema: SchemaDef, baseUrl: string): object {
  return {
    schemas: [SCIM_SCHEMAS.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes,
    meta: { resourceType: 'Schema', location: `${trimSlash(baseUrl)}/Schemas/${schema.id}` },
  };
}

function resourceTypeResource(rt: ResourceTypeDef, baseUrl: string): object {
  return {
    schemas: [SCIM_SCHEMAS.resourceType],
    id: rt.id,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.description,
    schema: rt.schema,
    ...(rt.schemaExtensions.length > 0 ? { schemaExtensions: rt.schemaExtensions } : {}),
    meta: { resourceType: 'ResourceType', location: `${trimSlash(baseUrl)}/ResourceTypes/${rt.id}` },
  };
}

/** ListResponse of the profile's schemas (GET /Schemas). */
export function schemasResponse(profile: Profile, baseUrl: string): object {
  const resources = profile.schemas.map((s) => schemaResource(s, baseUrl) as Record<string, unknown>);
  return listResponse(resources, resources.length, 1);
}

/** GET /Schemas/{id} (id compared case-insensitively); undefined → 404. */
export function schemaById(profile: Profile, id: string, baseUrl: string): object | undefined {
  const schema = profile.schemas.find((s) => s.id.toLowerCase() === id.toLowerCase());
  return schema && schemaResource(schema, baseUrl);
}

/** ListResponse of the profile's resource types (GET /ResourceTypes). */
export function resourceTypesResponse(profile: Profile, baseUrl: string): object {
  const resources = profile.resourceTypes.map((rt) => resourceTypeResource(rt, baseUrl) as Record<string, unknown>);
  return listResponse(resources, resources.length, 1);
}

/** GET /ResourceTypes/{id} (case-insensitive); undefined → 404. */
export function resourceTypeById(profile: Profile, id: string, baseUrl: string): object | undefined {
  const rt = profile.resourceTypes.find((r) => r.id.toLowerCase() === id.toLowerCase());
  return rt && resourceTypeResource(rt, baseUrl);
}
