import { bool, complex, str } from '../attribute-builders';
import { SCIM_SCHEMAS } from '../errors';
import { SchemaDef } from '../schema';
import { defineProfile } from './profile';
import { userResourceType } from './standard';

/** The Kintone gallery app's target attributes (reference §3.3). */
const kintoneUserSchema: SchemaDef = {
  id: SCIM_SCHEMAS.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    str('userName', {
      required: true,
      uniqueness: 'server',
      returned: 'always',
      description: 'Unique identifier for the User, typically the sign-in name.',
    }),
    complex('name', [str('givenName'), str('familyName')], { description: "The components of the user's name." }),
    str('displayName', { description: 'The name of the User, suitable for display.' }),
    complex('emails', [str('value'), str('type', { canonicalValues: ['work', 'home', 'other'] }), bool('primary')], {
      multiValued: true,
      description: 'Email addresses for the user.',
    }),
    bool('active', { description: "The user's administrative status." }),
  ],
};

/** The Kintone gallery app: Users only, only `userName` filterable. */
export const kintone = defineProfile({
  name: 'kintone',
  description: 'Kintone gallery app (users only)',
  schemas: [kintoneUserSchema],
  resourceTypes: [userResourceType([])],
  // Only userName is filterable (Kintone tutorial) — it must stay the matching attribute.
  isFilterable: (_rs, path) => path.toLowerCase() === 'username',
  entra: { synchronizationTemplateId: 'kintone', appDisplayName: 'Kintone' },
});
