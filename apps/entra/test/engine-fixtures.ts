import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ApplicationsRepository } from '../src/applications/applications.repository';
import { KINTONE_TEMPLATE_ID } from '../src/applications/templates';
import { SyncJobsRepository } from '../src/sync/api/sync-jobs.repository';

/** Where the engine's database tests start: a service principal of the gallery Kintone app or of a custom SCIM app. */
export async function insertTestApp(db: EntityManager, template: 'kintone' | 'scim', displayName: string, at: Date): Promise<string> {
  const id = randomUUID();
  await new ApplicationsRepository().insertServicePrincipal(
    db,
    {
      id,
      appId: randomUUID(),
      applicationId: null,
      displayName,
      applicationTemplateId: template === 'kintone' ? KINTONE_TEMPLATE_ID : null,
      appRoles: [],
      tags: [],
    },
    at,
  );
  return id;
}

/** A synchronization job of that app with this id, not run yet, on the default 40-minute interval. */
export async function insertTestJob(
  db: EntityManager,
  servicePrincipalId: string,
  template: 'kintone' | 'scim',
  id: string,
  at: Date,
): Promise<void> {
  await new SyncJobsRepository().insertJob(
    db,
    { id, servicePrincipalId, templateId: template, settings: [], interval: 'PT40M', statusCode: 'NotRun' },
    at,
  );
}
