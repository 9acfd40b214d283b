/** The source side of every template: the "Azure Active Directory" directory with User and Group. */
import type { DirectoryDefinition, ObjectDefinition } from '../schema/model';
import { definition } from './builders';

export const SOURCE_DIRECTORY_NAME = 'Azure Active Directory';
export const SOURCE_DIRECTORY_ID = '66e4a8cc-1b7b-435e-95f8-f06cea133828';

const STRING_USER_ATTRIBUTES = [
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'mailNickname',
  'jobTitle',
  'department',
  'employeeId',
  'telephoneNumber',
  'mobile',
  'facsimileTelephoneNumber',
  'physicalDeliveryOfficeName',
  'streetAddress',
  'city',
  'state',
  'postalCode',
  'country',
  'preferredLanguage',
  'userType',
  'originalUserPrincipalName',
  'employeeType',
  'companyName',
  'employeeOrgData.division',
  'employeeOrgData.costCenter',
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
] as const;

/**
 * The userPrincipalName a mapping reads: a B2B guest's `alias_theirdomain#EXT#@yourdomain` becomes
 * `alias@theirdomain` (reference §9.7); `originalUserPrincipalName` keeps the stored value. Anything else is itself.
 */
export function sourceUserPrincipalName(upn: string): string {
  const guest = /^(.+)_([^_@#]+)#EXT#@[^@]+$/i.exec(upn);
  return guest ? `${guest[1]}@${guest[2]}` : upn;
}

function userObject(): ObjectDefinition {
  return {
    name: 'User',
    supportedApis: [],
    metadata: [],
    attributes: [
      definition('objectId', { anchor: true, caseExact: true }),
      ...STRING_USER_ATTRIBUTES.map((name) => definition(name)),
      definition('accountEnabled', { type: 'Boolean' }),
      definition('IsSoftDeleted', { type: 'Boolean' }),
      definition('manager', { type: 'Reference', referencedObjects: ['User'] }),
      definition('appRoleAssignments', { multivalued: true }),
    ],
  };
}

function groupObject(): ObjectDefinition {
  return {
    name: 'Group',
    supportedApis: [],
    metadata: [],
    attributes: [
      definition('objectId', { anchor: true, caseExact: true }),
      definition('displayName'),
      definition('mailNickname'),
      definition('IsSoftDeleted', { type: 'Boolean' }),
      definition('members', { type: 'Reference', multivalued: true, referencedObjects: ['User', 'Group'] }),
    ],
  };
}

/** A fresh copy each call. */
export function sourceDirectory(): DirectoryDefinition {
  return {
    id: SOURCE_DIRECTORY_ID,
    name: SOURCE_DIRECTORY_NAME,
    discoverabilities: 'None',
    discoveryDateTime: null,
    readOnly: true,
    version: null,
    objects: [userObject(), groupObject()],
  };
}
