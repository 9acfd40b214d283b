/** Application templates of the simulated gallery (Graph `applicationTemplate`), with the app roles they bring. */
export interface AppRole {
  allowedMemberTypes: string[];
  description: string;
  displayName: string;
  id: string;
  isEnabled: boolean;
  origin: 'Application' | 'ServicePrincipal';
  value: string | null;
}

export interface ApplicationTemplate {
  id: string;
  displayName: string;
  homePageUrl: string | null;
  supportedSingleSignOnModes: string[];
  supportedProvisioningTypes: string[];
  logoUrl: string | null;
  categories: string[];
  publisher: string;
  description: string | null;
  /** Not in Graph's shape: the synchronization template a job on this app starts from (`synchronizationTemplate.id`). */
  synchronizationTemplateId: string;
  appRoles: AppRole[];
  tags: string[];
}

/** Default access: the all-zero role id that assigns an app without a specific role. */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** Graph's documented id of the non-gallery ("custom") application template. */
export const NON_GALLERY_TEMPLATE_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';
/** provsim's id for the Kintone gallery template (the real one is not published). */
export const KINTONE_TEMPLATE_ID = '1d7b1ec7-5c7d-4b8e-9a3f-4b5e0c6a7f11';

export const APPLICATION_TEMPLATES: readonly ApplicationTemplate[] = [
  {
    id: KINTONE_TEMPLATE_ID,
    displayName: 'Kintone',
    homePageUrl: 'https://kintone.cybozu.com/',
    supportedSingleSignOnModes: ['saml', 'notSupported'],
    supportedProvisioningTypes: ['sync'],
    logoUrl: null,
    categories: ['productivity', 'collaboration'],
    publisher: 'Cybozu, Inc.',
    description: 'Kintone is a no-code business application platform. Users are provisioned through SCIM 2.0.',
    synchronizationTemplateId: 'kintone',
    appRoles: [
      {
        allowedMemberTypes: ['User'],
        description: 'msiam_access',
        displayName: 'msiam_access',
        id: 'b9632174-c057-4f7e-951b-be3adc52bfe6',
        isEnabled: true,
        origin: 'Application',
        value: null,
      },
    ],
    tags: ['WindowsAzureActiveDirectoryIntegratedApp', 'WindowsAzureActiveDirectoryGalleryApplicationPrimaryV1'],
  },
  {
    id: NON_GALLERY_TEMPLATE_ID,
    displayName: 'Custom',
    homePageUrl: null,
    supportedSingleSignOnModes: ['password', 'saml', 'notSupported'],
    supportedProvisioningTypes: ['sync'],
    logoUrl: null,
    categories: [],
    publisher: 'Microsoft Corporation',
    description: 'Non-gallery application: any SCIM 2.0 endpoint (synchronization template "scim").',
    synchronizationTemplateId: 'scim',
    appRoles: [
      {
        allowedMemberTypes: ['User'],
        description: 'User',
        displayName: 'User',
        id: '18d14569-c3bd-439b-9a66-3a2aee01d14f',
        isEnabled: true,
        origin: 'Application',
        value: null,
      },
    ],
    tags: ['WindowsAzureActiveDirectoryIntegratedApp', 'WindowsAzureActiveDirectoryCustomSingleSignOnApplication'],
  },
];

export function findTemplate(id: string): ApplicationTemplate | undefined {
  return APPLICATION_TEMPLATES.find((t) => t.id === id.toLowerCase());
}

/**
 * The application template a job of this synchronization template starts from (`kintone` → the Kintone gallery app,
 * `scim` → the non-gallery app): what the loop instantiates for a SCIM target profile's `entra.synchronizationTemplateId`.
 */
export function applicationTemplateFor(synchronizationTemplateId: string): ApplicationTemplate | undefined {
  return APPLICATION_TEMPLATES.find((t) => t.synchronizationTemplateId === synchronizationTemplateId);
}
