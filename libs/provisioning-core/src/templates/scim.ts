/** The generic non-gallery SCIM app ("scim" template, reference §3.3): users + groups. */
import type { AttributeDefinition, AttributeMapping, SynchronizationSchema } from '../schema/model';
import { ENTERPRISE_USER_URN, GROUP_TARGET_OBJECT, USER_TARGET_OBJECT } from '../mapping/scim-urns';
import { definition, direct, join, mapping, softDeleteSwitch } from './builders';
import { deepFreeze } from './freeze';
import { SOURCE_DIRECTORY_NAME, sourceDirectory } from './source-directory';

export const SCIM_DIRECTORY_NAME = 'customappsso';
export const SCIM_RULE_ID = '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8';

const ext = (name: string): string => `${ENTERPRISE_USER_URN}:${name}`;
const address = (sub: string): string => `addresses[type eq "work"].${sub}`;
const phone = (type: string): string => `phoneNumbers[type eq "${type}"].value`;

/** [target attribute, source attribute] pairs of the plain Direct mappings after userName/active/displayName. */
const DIRECT_USER_MAPPINGS: readonly [string, string][] = [
  ['title', 'jobTitle'],
  ['emails[type eq "work"].value', 'mail'],
  ['preferredLanguage', 'preferredLanguage'],
  ['name.givenName', 'givenName'],
  ['name.familyName', 'surname'],
];

const ADDRESS_MAPPINGS: readonly [string, string][] = [
  [address('formatted'), 'physicalDeliveryOfficeName'],
  [address('streetAddress'), 'streetAddress'],
  [address('locality'), 'city'],
  [address('region'), 'state'],
  [address('postalCode'), 'postalCode'],
  [address('country'), 'country'],
  [phone('work'), 'telephoneNumber'],
  [phone('mobile'), 'mobile'],
  [phone('fax'), 'facsimileTelephoneNumber'],
  ['externalId', 'mailNickname'],
  [ext('employeeNumber'), 'employeeId'],
  [ext('department'), 'department'],
];

function userMappings(): AttributeMapping[] {
  return [
    direct('userName', 'userPrincipalName', { matchingPriority: 1 }),
    mapping('active', softDeleteSwitch()),
    direct('displayName', 'displayName'),
    ...DIRECT_USER_MAPPINGS.map(([target, source]) => direct(target, source)),
    mapping('name.formatted', join(' ', 'givenName', 'surname')),
    ...ADDRESS_MAPPINGS.map(([target, source]) => direct(target, source)),
    direct(ext('manager'), 'manager'),
  ];
}

function userDefinitions(): AttributeDefinition[] {
  const plain = [...DIRECT_USER_MAPPINGS, ...ADDRESS_MAPPINGS].map(([target]) => definition(target));
  return [
    definition('userName', { required: true }),
    definition('active', { type: 'Boolean' }),
    definition('displayName'),
    ...plain,
    definition('name.formatted'),
    definition(ext('manager'), { type: 'Reference', referencedObjects: [USER_TARGET_OBJECT] }),
    definition(ext('costCenter')),
    definition(ext('division')),
    definition(ext('organization')),
    definition('nickName'),
    definition('userType'),
    definition('roles[primary eq "True"].value'),
  ];
}

function groupDefinitions(): AttributeDefinition[] {
  return [
    definition('displayName', { required: true }),
    definition('externalId'),
    definition('members', { type: 'Reference', multivalued: true, referencedObjects: [USER_TARGET_OBJECT, GROUP_TARGET_OBJECT] }),
  ];
}

function buildScimTemplate(): SynchronizationSchema {
  return {
    id: 'scim',
    version: 'Date:2024-01-01~ID:scim',
    directories: [
      sourceDirectory(),
      {
        id: '8ffa6169-f354-4751-9b77-9c00765be92d',
        name: SCIM_DIRECTORY_NAME,
        discoverabilities: 'None',
        discoveryDateTime: null,
        readOnly: false,
        version: null,
        objects: [
          { name: USER_TARGET_OBJECT, supportedApis: [], metadata: [], attributes: userDefinitions() },
          { name: GROUP_TARGET_OBJECT, supportedApis: [], metadata: [], attributes: groupDefinitions() },
        ],
      },
    ],
    synchronizationRules: [
      {
        id: SCIM_RULE_ID,
        name: 'USER_GROUP_OUTBOUND',
        sourceDirectoryName: SOURCE_DIRECTORY_NAME,
        targetDirectoryName: SCIM_DIRECTORY_NAME,
        editable: true,
        containerFilter: null,
        groupFilter: null,
        metadata: [],
        objectMappings: [
          {
            name: 'Provision Microsoft Entra ID Users',
            enabled: true,
            flowDirection: 'Outbound',
            flowTypes: 'Add, Update, Delete',
            sourceObjectName: 'User',
            targetObjectName: USER_TARGET_OBJECT,
            scope: null,
            metadata: [],
            attributeMappings: userMappings(),
          },
          {
            name: 'Provision Microsoft Entra ID Groups',
            enabled: true,
            flowDirection: 'Outbound',
            flowTypes: 'Add, Update, Delete',
            sourceObjectName: 'Group',
            targetObjectName: GROUP_TARGET_OBJECT,
            scope: null,
            metadata: [],
            attributeMappings: [
              direct('displayName', 'displayName', { matchingPriority: 1 }),
              direct('externalId', 'objectId'),
              direct('members', 'members'),
            ],
          },
        ],
      },
    ],
  };
}

/** Deep-frozen; use `cloneTemplate` for an editable copy. */
export const scimTemplate: SynchronizationSchema = deepFreeze(buildScimTemplate());
