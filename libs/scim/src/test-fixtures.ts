import { getProfile } from './profiles';
import { ResourceSchema, SchemaDef } from './schema';
import { bool, complex, str } from './attribute-builders';
import { SCIM_SCHEMAS, ScimError, ScimType } from './errors';

/**
 * Shared fixtures for the specs (not exported from index.ts). Deliberately free of jest globals:
 * the app builds compile every libs/**.ts file except *.spec.ts with types ["node"] only.
 */
export const generic = getProfile('generic');
export const kintone = getProfile('kintone');
export const genericUsers = generic.resourceSchemas.get('Users') as ResourceSchema;
export const genericGroups = generic.resourceSchemas.get('Groups') as ResourceSchema;
export const kintoneUsers = kintone.resourceSchemas.get('Users') as ResourceSchema;

export const ENTERPRISE = SCIM_SCHEMAS.enterpriseUser;
export const CORE_USER = SCIM_SCHEMAS.user;

/** A schema with immutable attributes and numeric/dateTime types, for rules the profiles do not exercise. */
const widgetSchema: SchemaDef = {
  id: 'urn:example:Widget',
  name: 'Widget',
  description: 'test-only',
  attributes: [
    str('name', { required: true }),
    str('serial', { mutability: 'immutable', caseExact: true }),
    { ...str('count'), type: 'integer' },
    { ...str('weight'), type: 'decimal' },
    { ...str('madeAt'), type: 'dateTime' },
    { ...str('blob'), type: 'binary', caseExact: true },
    complex('spec', [str('color'), { ...str('size'), type: 'integer' }, str('code', { mutability: 'immutable' })]),
    { ...str('tags'), multiValued: true },
    bool('enabled'),
  ],
};
export const widgets = new ResourceSchema(
  { id: 'Widget', name: 'Widget', endpoint: '/Widgets', description: 'test', schema: widgetSchema.id, schemaExtensions: [] },
  [widgetSchema],
);

/** Runs fn and returns the ScimError it throws (fails the test otherwise). */
export function scimErrorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw new Error(`expected a ScimError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a ScimError, nothing was thrown');
}

/** Asserts that fn throws ScimError(status, scimType) whose detail matches `detail`. */
export function expectScimError(fn: () => unknown, status: number, scimType: ScimType | undefined, detail?: RegExp): ScimError {
  const err = scimErrorOf(fn);
  if (err.status !== status || err.scimType !== scimType) {
    throw new Error(`expected ScimError ${status} ${String(scimType)}, got ${err.status} ${String(err.scimType)}: ${err.detail}`);
  }
  if (detail && !detail.test(err.detail))
    throw new Error(`ScimError detail ${JSON.stringify(err.detail)} does not match ${String(detail)}`);
  return err;
}
