import { readFileSync } from 'node:fs';
import {
  cloneTemplate,
  findObjectMapping,
  kintoneTemplate,
  parseTargetPath,
  scimTemplate,
  targetAttributeDefinitions,
  type AttributeDefinition,
  type ObjectMapping,
  type SynchronizationSchema,
} from '@app/provisioning-core';
import { UsageError } from '../commands/errors';

/** What `--profile` chose: the attribute mappings Entra would use against the app, and the local target's profile. */
export interface ValidateProfile {
  /** `kintone`, `generic` or the mapping file's path. */
  name: string;
  schema: SynchronizationSchema;
  user: { mapping: ObjectMapping; defs: readonly AttributeDefinition[] };
  group?: { mapping: ObjectMapping; defs: readonly AttributeDefinition[] };
  /** Profile of the in-process target when no --target is given. */
  localTargetProfile: 'kintone' | 'generic';
}

export function loadProfile(name: string): ValidateProfile {
  if (name === 'kintone') return fromSchema(name, cloneTemplate(kintoneTemplate), 'kintone');
  if (name === 'generic' || name === 'scim') return fromSchema('generic', cloneTemplate(scimTemplate), 'generic');
  let text: string;
  try {
    text = readFileSync(name, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new UsageError(`--profile ${name}: not kintone, generic or a readable mapping file (${code ?? 'unreadable'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--profile ${name}: not JSON (${(error as Error).message})`);
  }
  return fromSchema(name, asSchema(name, parsed), 'generic');
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

function fromSchema(name: string, schema: SynchronizationSchema, localTargetProfile: 'kintone' | 'generic'): ValidateProfile {
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
