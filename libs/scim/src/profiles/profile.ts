import { ResourceSchema, ResourceTypeDef, SchemaDef } from '../schema';

/**
 * What one SCIM target profile declares, in its own file of this folder. Everything else about a profile derives
 * from it: the routes and discovery answers of the SCIM target, the accepted values of SCIM_TARGET_PROFILE and of
 * POST /admin/tenants, the CLI's `--profile` choices, and the Entra app the loop provisions it from.
 */
export interface ProfileDefinition<N extends string = string> {
  /**
   * The profile's name, lower case: the value of SCIM_TARGET_PROFILE, of POST /admin/tenants {"profile"}, of
   * `provsim validate --profile` and of startTestLoop({ profile }). Names the SCIM app, never the Entra template.
   */
  name: N;
  /** One line for help texts: what kind of SCIM app this is. */
  description: string;
  /** Every schema the resource types reference (core and extensions); /Schemas lists them in this order. */
  schemas: SchemaDef[];
  /** The resource types the app serves; their endpoints ('/Users', '/Groups') are its only resource routes. */
  resourceTypes: ResourceTypeDef[];
  /** Whether `filter` may name this attribute (canonical path); other filters answer 400 invalidFilter. */
  isFilterable(resourceSchema: ResourceSchema, canonicalPath: string): boolean;
  /** The Entra side this app pairs with: what the loop (apps/cli/src/loop, apps/entra/test/loop-harness.ts) creates. */
  entra: {
    /**
     * Entra's synchronization template id, its wire name (POST …/synchronization/jobs {"templateId"}): `kintone` for
     * the Kintone gallery app, `scim` for a non-gallery SCIM app. One of libs/provisioning-core's built-in templates;
     * the application template instantiated is the one of apps/entra/src/applications/templates.ts whose
     * synchronizationTemplateId this is.
     */
    synchronizationTemplateId: string;
    /** displayName of the enterprise application the loop instantiates (it names the target in provisioning logs). */
    appDisplayName: string;
  };
}

/** A registered profile: its definition, with the resource schemas built once. */
export interface Profile<N extends string = string> extends Readonly<ProfileDefinition<N>> {
  /** keyed by endpoint name without slash: 'Users', 'Groups' */
  resourceSchemas: ReadonlyMap<string, ResourceSchema>;
  /** The app serves /Groups: the loop provisions groups and `provsim validate` checks them only then. */
  provisionsGroups: boolean;
}

/** Builds a profile from its definition; throws at load when a resource type names a schema the profile lacks. */
export function defineProfile<const N extends string>(definition: ProfileDefinition<N>): Profile<N> {
  const resourceSchemas = new Map(
    definition.resourceTypes.map((rt) => [rt.endpoint.replace(/^\//, ''), new ResourceSchema(rt, definition.schemas)]),
  );
  return Object.freeze({ ...definition, resourceSchemas, provisionsGroups: resourceSchemas.has('Groups') });
}
