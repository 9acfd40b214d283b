/** `GET /servicePrincipals/{id}/synchronization/templates`: the synchronizationTemplate of the SP's gallery app. */
import { builtInTemplate, type SynchronizationSchema } from '@app/provisioning-core';
import { findTemplate } from '../../applications/templates';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  kintone: 'Provision users from Microsoft Entra ID to Kintone (SCIM 2.0).',
  scim: 'Provision users and groups from Microsoft Entra ID to any SCIM 2.0 application.',
};

export interface SynchronizationTemplate {
  id: string;
  applicationId: string;
  default: boolean;
  description: string;
  discoverable: boolean;
  factoryTag: string;
  metadata: { key: string; value: string }[];
  schema: SynchronizationSchema;
}

/** The synchronization template id for a service principal's application template, if it has one. */
export function synchronizationTemplateIdOf(applicationTemplateId: string | null): string | undefined {
  return applicationTemplateId ? findTemplate(applicationTemplateId)?.synchronizationTemplateId : undefined;
}

/** The templates a service principal offers (Kintone → `kintone`, non-gallery → `scim`; others none). */
export function synchronizationTemplatesFor(sp: { appId: string; applicationTemplateId: string | null }): SynchronizationTemplate[] {
  const id = synchronizationTemplateIdOf(sp.applicationTemplateId);
  const schema = id === undefined ? undefined : builtInTemplate(id);
  if (id === undefined || schema === undefined) return [];
  return [
    {
      id,
      applicationId: sp.appId,
      default: true,
      description: DESCRIPTIONS[id] ?? '',
      discoverable: true,
      factoryTag: id,
      metadata: [],
      schema,
    },
  ];
}
