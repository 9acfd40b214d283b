import { readFileSync } from 'node:fs';
import {
  builtInTemplate,
  findObjectMapping,
  parseTargetPath,
  targetAttributeDefinitions,
  type AttributeDefinition,
  type ObjectMapping,
  type SynchronizationSchema,
} from '@app/provisioning-core';
import { getProfile, isProfileName, PROFILE_NAMES, PROFILES, type Profile, type ProfileName } from '@app/scim';
import { UsageError } from '../commands/errors';

/** What `--profile` chose: the attribute mappings Entra would use against the app, and the local target's profile. */
export interface ValidateProfile {
  /** A profile's name (libs/scim/src/profiles) or the mapping file's path. */
  name: string;
  schema: SynchronizationSchema;
  user: { mapping: ObjectMapping; defs: readonly AttributeDefinition[] };
  group?: { mapping: ObjectMapping; defs: readonly AttributeDefinition[] };
  /** Profile of the in-process target when no --target is given, and of the engine run's Entra app. */
  localTargetProfile: ProfileName;
}

/** What a mapping file runs as: a non-gallery SCIM app that takes every standard attribute. */
export const MAPPING_FILE_PROFILE: ProfileName = 'generic';

/**
 * The registered profile a `--profile` value names: a profile's name, or the Entra synchronization template id a
 * profile pairs with (`scim`, as Entra calls the non-gallery app's mappings); undefined for a mapping file.
 */
export function registeredProfile(name: string): Profile<ProfileName> | undefined {
  if (isProfileName(name)) return getProfile(name);
  return PROFILES.find((p) => p.entra.synchronizationTemplateId === name);
}

export function loadProfile(name: string): ValidateProfile {
  const registered = registeredProfile(name);
  if (registered) {
    const template = builtInTemplate(registered.entra.synchronizationTemplateId);
    if (!template) throw new UsageError(`--profile ${name}: no synchronization template '${registered.entra.synchronizationTemplateId}'`);
    return fromSchema(registered.name, template, registered.name);
  }
  let text: string;
  try {
    text = readFileSync(name, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`--profile ${name}: not ${PROFILE_NAMES.join(', ')} or a readable mapping file (${code ?? 'unreadable'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--profile ${name}: not JSON (${(error as Error).message})`);
  }
  return fromSchema(name, asSchema(name, parsed), MAPPING_FILE_PROFILE);
}

/** A mapping file is a synchronization schema as `GET …/synchronization/jobs/{id}/schema` answers it. */
function asSchema(file: string, value: unknown): SynchronizationSchema {
  const v = value as Partial<SynchronizationSchema> | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.synchronizationRules) || !Array.isArray(v.directories)) {
    throw new UsageError(
      `--profile ${file}: expected a synchronization schema with "directories" and "synchronizationRules" (as GET …/synchronization/jobs/{id}/schema answers)`,
    );
  }
  return v as SynchronizationSchema;
}

function fromSchema(name: string, schema: SynchronizationSchema, localTargetProfile: ProfileName): ValidateProfile {
  const user = findObjectMapping(schema, 'User');
  if (!user || !user.enabled) throw new UsageError(`--profile ${name}: the schema has no enabled User object mapping`);
  for (const m of user.attributeMappings) {
    try {
      parseTargetPath(m.targetAttributeName);
    } catch (error) {
      throw new UsageError(`--profile ${name}: ${(error as Error).message}`);
    }
  }
  const group = findObjectMapping(schema, 'Group');
  return {
    name,
    schema,
    user: { mapping: user, defs: targetAttributeDefinitions(schema, user) },
    ...(group && group.enabled ? { group: { mapping: group, defs: targetAttributeDefinitions(schema, group) } } : {}),
    localTargetProfile,
  };
}

/** Target attribute names of a mapping that carry data (not the common `id`/`externalId`/`meta`). */
export function mappedAttributes(mapping: ObjectMapping): string[] {
  return mapping.attributeMappings.map((m) => m.targetAttributeName);
}

const COMMON = new Set(['id', 'externalid', 'meta', 'schemas']);

/** Whether an attribute is a SCIM common attribute, which /Schemas does not list (RFC 7643 §3.1). */
export function isCommonAttribute(targetAttributeName: string): boolean {
  const p = parseTargetPath(targetAttributeName);
  return p.schemaUrn === null && COMMON.has(p.attribute.toLowerCase());
}
