/** The Kintone gallery app: users only, `userName` the only filterable (matching) attribute (reference §3.3). */
import type { SynchronizationSchema } from '../schema/model';
import { CORE_USER_URN, USER_TARGET_OBJECT } from '../mapping/scim-urns';
import { definition, direct, mapping, softDeleteSwitch } from './builders';
import { deepFreeze } from './freeze';
import { SOURCE_DIRECTORY_NAME, sourceDirectory } from './source-directory';

export const KINTONE_DIRECTORY_NAME = 'kintone';
export const KINTONE_RULE_ID = '2b6c3f0e-6b1d-4c55-9d0a-6b9a0f1c7a01';

function buildKintoneTemplate(): SynchronizationSchema {
  return {
    id: 'kintone',
    version: 'Date:2024-01-01~ID:kintone',
    directories: [
      sourceDirectory(),
      {
        id: '5c6f7e3a-8d2b-4f1e-9a3c-0e7d6b5a4c21',
        name: KINTONE_DIRECTORY_NAME,
        discoverabilities: 'None',
        discoveryDateTime: null,
        readOnly: false,
        version: null,
        objects: [
          {
            name: USER_TARGET_OBJECT,
            supportedApis: [],
            metadata: [{ key: 'schema', value: CORE_USER_URN }],
            attributes: [
              definition('userName', { required: true }),
              definition('active', { type: 'Boolean' }),
              definition('displayName'),
              definition('emails[type eq "work"].value'),
              definition('name.givenName'),
              definition('name.familyName'),
              definition('externalId'),
            ],
          },
        ],
      },
    ],
    synchronizationRules: [
      {
        id: KINTONE_RULE_ID,
        name: 'USER_OUTBOUND_USER',
        sourceDirectoryName: SOURCE_DIRECTORY_NAME,
        targetDirectoryName: KINTONE_DIRECTORY_NAME,
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
            attributeMappings: [
              direct('userName', 'userPrincipalName', { matchingPriority: 1 }),
              mapping('active', softDeleteSwitch()),
              direct('displayName', 'displayName'),
              direct('emails[type eq "work"].value', 'mail'),
              direct('name.givenName', 'givenName'),
              direct('name.familyName', 'surname'),
              direct('externalId', 'mailNickname'),
            ],
          },
        ],
      },
    ],
  };
}

/** Deep-frozen; use `cloneTemplate` for an editable copy. */
export const kintoneTemplate: SynchronizationSchema = deepFreeze(buildKintoneTemplate());
