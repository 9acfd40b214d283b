/** Test support: the built-in templates' mappings and definitions, a deterministic context, sample users. */
import type { AttributeDefinition, ObjectMapping, SourceObject } from '../../schema/model';
import { findObjectMapping, kintoneTemplate, scimTemplate, targetAttributeDefinitions } from '../../templates';
import type { MappingContext } from '../types';

function pick(schema: typeof kintoneTemplate, name: string): { mapping: ObjectMapping; defs: readonly AttributeDefinition[] } {
  const mapping = findObjectMapping(schema, name);
  if (!mapping) throw new Error(`no ${name} mapping`);
  return { mapping, defs: targetAttributeDefinitions(schema, mapping) };
}

export const kintoneUsers = pick(kintoneTemplate, 'User');
export const scimUsers = pick(scimTemplate, 'User');
export const scimGroups = pick(scimTemplate, 'Group');

export const ctx: MappingContext = {
  now: new Date('2024-05-01T00:00:00Z'),
  random: () => 0.5,
  newGuid: () => '11111111-2222-3333-4444-555555555555',
};

export function alice(overrides: Record<string, unknown> = {}): SourceObject {
  return {
    objectId: 'src-alice',
    userPrincipalName: 'alice@contoso.com',
    displayName: 'Alice Jensen',
    givenName: 'Alice',
    surname: 'Jensen',
    mail: 'alice@contoso.com',
    mailNickname: 'alice',
    accountEnabled: true,
    IsSoftDeleted: false,
    ...overrides,
  };
}
