import { builtInTemplate, parseTargetPath } from '@app/provisioning-core';
import { DEFAULT_PROFILE, getProfile, PROFILE_NAMES, PROFILES } from '.';

/** Every registered profile is complete and consistent: what docs/extending.md promises a new profile gets checked. */
describe.each(PROFILES.map((p) => [p.name, p] as const))('registered profile %s', (name, profile) => {
  it('has a lower-case name of its own, reachable through getProfile', () => {
    expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(PROFILE_NAMES.filter((n) => n === name)).toHaveLength(1);
    expect(getProfile(name)).toBe(profile);
    expect(profile.description.trim()).not.toBe('');
  });

  it('defines every schema its resource types reference, and no other', () => {
    const defined = profile.schemas.map((s) => s.id.toLowerCase());
    expect(new Set(defined).size).toBe(defined.length);
    const referenced = profile.resourceTypes.flatMap((rt) => [rt.schema, ...rt.schemaExtensions.map((e) => e.schema)]);
    for (const urn of referenced) expect(defined).toContain(urn.toLowerCase());
    expect([...new Set(referenced.map((urn) => urn.toLowerCase()))].sort()).toEqual([...defined].sort());
  });

  it('serves each resource type at one endpoint of its own, with the resource schema built', () => {
    const endpoints = profile.resourceTypes.map((rt) => rt.endpoint);
    expect(new Set(endpoints).size).toBe(endpoints.length);
    for (const rt of profile.resourceTypes) {
      expect(rt.endpoint).toMatch(/^\/[A-Z][A-Za-z]*$/);
      expect(profile.resourceSchemas.get(rt.endpoint.slice(1))?.resourceType).toBe(rt);
    }
    expect(profile.provisionsGroups).toBe(profile.resourceSchemas.has('Groups'));
  });

  it("serves Users filterable by userName (Entra's matching attribute), and Groups by displayName", () => {
    const users = profile.resourceSchemas.get('Users');
    expect(users?.resolve('userName')?.def.required).toBe(true);
    expect(profile.isFilterable(users!, 'userName')).toBe(true);
    const groups = profile.resourceSchemas.get('Groups');
    if (groups) expect(profile.isFilterable(groups, 'displayName')).toBe(true);
  });

  it('pairs with a built-in Entra synchronization template whose mappings it can take', () => {
    const template = builtInTemplate(profile.entra.synchronizationTemplateId);
    expect(template).toBeDefined();
    expect(profile.entra.appDisplayName.trim()).not.toBe('');
    const mappings = template!.synchronizationRules.flatMap((rule) => rule.objectMappings).filter((m) => m.enabled);
    expect(mappings.length).toBeGreaterThan(0);
    for (const mapping of mappings) {
      // Entra's object kinds (User, Group) are the resource types' names.
      const served = profile.resourceTypes.find((rt) => rt.name === mapping.sourceObjectName);
      expect({ object: mapping.sourceObjectName, served: Boolean(served) }).toEqual({ object: mapping.sourceObjectName, served: true });
      const schema = profile.resourceSchemas.get(served!.endpoint.slice(1))!;
      for (const m of mapping.attributeMappings) {
        const p = parseTargetPath(m.targetAttributeName);
        const path = `${p.schemaUrn ? `${p.schemaUrn}:` : ''}${p.attribute}${p.subAttribute ? `.${p.subAttribute}` : ''}`;
        expect({ attribute: m.targetAttributeName, defined: Boolean(schema.resolve(path)) }).toEqual({
          attribute: m.targetAttributeName,
          defined: true,
        });
      }
    }
  });
});

it('the default profile is registered', () => expect(PROFILE_NAMES).toContain(DEFAULT_PROFILE));
