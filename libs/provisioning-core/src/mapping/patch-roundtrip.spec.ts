/**
 * Property: the PATCH built by mapForUpdate for (old → new), applied by the SCIM target library to the stored old
 * resource, yields a resource whose mapped attributes equal the new values (nulls keep the old value: Entra never
 * clears target values). Both PATCH shapes; Kintone profile.
 */
import fc from 'fast-check';
import { applyPatch, getProfile, normalizeResource, type ResourceSchema } from '@app/scim';
import { mapForCreate } from './create';
import { mapForUpdate } from './update';
import { compileObjectMapping } from './compile';
import { evaluateAttribute } from './evaluate';
import { readAtPath } from './resource-access';
import { isEmptyValue, sameTargetValue } from './values';
import { ctx, kintoneUsers } from './test-support/fixtures';
import type { PatchShape, ScimResource } from './types';
import type { SourceObject } from '../schema/model';

const schema = getProfile('kintone').resourceSchemas.get('Users') as ResourceSchema;
const compiled = compileObjectMapping(kintoneUsers.mapping, kintoneUsers.defs);

const text = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'B', 'c', 'Ä', ' ', '.', '@', '1', '"') });
const optional = fc.option(text, { nil: null });
const user: fc.Arbitrary<SourceObject> = fc.record({
  userPrincipalName: text,
  IsSoftDeleted: fc.boolean(),
  displayName: optional,
  mail: optional,
  givenName: optional,
  surname: optional,
  mailNickname: optional,
});

function stored(source: SourceObject): ScimResource {
  const body = mapForCreate(kintoneUsers.mapping, kintoneUsers.defs, source, ctx).resource;
  return { ...normalizeResource(body, schema, 'create'), id: 'u-1' };
}

describe('mapForUpdate ∘ applyPatch round trip (Kintone profile)', () => {
  it.each<[PatchShape]>([['default'], ['aadOptscim062020']])('%s shape', (shape) => {
    fc.assert(
      fc.property(user, user, (oldUser, newUser) => {
        const old = stored(oldUser);
        const { patch } = mapForUpdate(kintoneUsers.mapping, kintoneUsers.defs, newUser, old, ctx, { shape });
        const result = patch === null ? old : applyPatch(old, patch, schema).resource;
        for (const attribute of compiled.attributes) {
          const wanted = evaluateAttribute(attribute, { ...ctx, source: newUser }).value;
          const before = readAtPath(old, attribute.path);
          const after = readAtPath(result, attribute.path);
          if (isEmptyValue(wanted)) expect(after).toEqual(before);
          else expect(sameTargetValue(wanted, after, attribute.def)).toBe(true);
        }
        // a second PATCH against the result is redundant
        expect(mapForUpdate(kintoneUsers.mapping, kintoneUsers.defs, newUser, result, ctx, { shape }).patch).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
