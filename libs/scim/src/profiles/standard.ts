import { binary, bool, complex, multiValued, ref, str } from '../attribute-builders';
import { SCIM_SCHEMAS } from '../errors';
import { ResourceTypeDef, SchemaDef } from '../schema';

// The standard schemas and resource types of RFC 7643 (§4, §8.7), for profiles to serve whole or to start from.

/** The User resource type, with the schema extensions the profile serves. */
export const userResourceType = (extensions: { schema: string; required: boolean }[]): ResourceTypeDef => ({
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: SCIM_SCHEMAS.user,
  schemaExtensions: extensions,
});

export const groupResourceType: ResourceTypeDef = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: SCIM_SCHEMAS.group,
  schemaExtensions: [],
};

/** The RFC 7643 §4.1 User with every attribute. */
export const coreUserSchema: SchemaDef = {
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
    complex(
      'name',
      [str('formatted'), str('familyName'), str('givenName'), str('middleName'), str('honorificPrefix'), str('honorificSuffix')],
      { description: "The components of the user's real name." },
    ),
    str('displayName', { description: 'The name of the User, suitable for display to end-users.' }),
    str('nickName', { description: 'The casual way to address the user.' }),
    ref('profileUrl', ['external'], { description: "A fully qualified URL pointing to a page representing the User's online profile." }),
    str('title', { description: 'The user\'s title, such as "Vice President".' }),
    str('userType', { description: 'Used to identify the relationship between the organization and the user.' }),
    str('preferredLanguage', { description: "Indicates the User's preferred written or spoken language." }),
    str('locale', { description: "Used to indicate the User's default location." }),
    str('timezone', { description: 'The User\'s time zone in the "Olson" time zone database format.' }),
    bool('active', { description: "A Boolean value indicating the User's administrative status." }),
    str('password', { mutability: 'writeOnly', returned: 'never', caseExact: true, description: "The User's cleartext password." }),
    multiValued('emails', 'Email addresses for the user.', { canonicalTypes: ['work', 'home', 'other'] }),
    multiValued('phoneNumbers', 'Phone numbers for the User.', { canonicalTypes: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }),
    multiValued('ims', 'Instant messaging addresses for the User.', {
      canonicalTypes: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
    }),
    multiValued('photos', 'URLs of photos of the User.', { value: ref('value', ['external']), canonicalTypes: ['photo', 'thumbnail'] }),
    complex(
      'addresses',
      [
        str('formatted'),
        str('streetAddress'),
        str('locality'),
        str('region'),
        str('postalCode'),
        str('country'),
        str('type', { canonicalValues: ['work', 'home', 'other'] }),
        bool('primary'),
      ],
      { multiValued: true, description: 'A physical mailing address for this User.' },
    ),
    complex(
      'groups',
      [
        str('value', { mutability: 'readOnly' }),
        ref('$ref', ['User', 'Group'], { mutability: 'readOnly' }),
        str('display', { mutability: 'readOnly' }),
        str('type', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
      ],
      { multiValued: true, mutability: 'readOnly', description: 'A list of groups to which the user belongs.' },
    ),
    multiValued('entitlements', 'A list of entitlements for the User.'),
    multiValued('roles', 'A list of roles for the User.'),
    multiValued('x509Certificates', 'A list of certificates issued to the User.', { value: binary('value') }),
  ],
};

/** The RFC 7643 §4.3 enterprise extension. */
export const enterpriseUserSchema: SchemaDef = {
  id: SCIM_SCHEMAS.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', { description: 'Numeric or alphanumeric identifier assigned to a person.' }),
    str('costCenter', { description: 'Identifies the name of a cost center.' }),
    str('organization', { description: 'Identifies the name of an organization.' }),
    str('division', { description: 'Identifies the name of a division.' }),
    str('department', { description: 'Identifies the name of a department.' }),
    complex('manager', [str('value', { caseExact: true }), ref('$ref', ['User']), str('displayName', { mutability: 'readOnly' })], {
      description: "The User's manager.",
    }),
  ],
};

/** The RFC 7643 §4.2 Group. */
export const groupSchema: SchemaDef = {
  id: SCIM_SCHEMAS.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    str('displayName', { required: true, returned: 'always', description: 'A human-readable name for the Group.' }),
    complex(
      'members',
      [
        str('value', { mutability: 'immutable', caseExact: true }),
        ref('$ref', ['User', 'Group'], { mutability: 'immutable' }),
        str('display'),
        str('type', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
      ],
      { multiValued: true, description: 'A list of members of the Group.' },
    ),
  ],
};
