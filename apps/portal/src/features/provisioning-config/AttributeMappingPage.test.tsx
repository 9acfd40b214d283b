import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SynchronizationSchema } from '../../api/sync';
import { mockApi, renderRoutes, type Call } from '../../shell/test-utils';
import { Component as AttributeMappingPage } from './AttributeMappingPage';
import { newAttributeDefinition } from './schema-edit';

const SP = 'sp-1';
const JOB = 'kintone.job';
const base = `/v1.0/servicePrincipals/${SP}/synchronization/jobs`;
const REFUSED =
  "Invalid synchronization schema: synchronizationRules[0] ('USER_OUTBOUND_USER').objectMappings[0] ('Provision Microsoft Entra ID Users').attributeMappings[0] ('userName').source: unknown function \"Shout\"";

const schema: SynchronizationSchema = {
  directories: [
    {
      id: 'aad',
      name: 'Azure Active Directory',
      objects: [{ name: 'User', attributes: ['userPrincipalName', 'mail'].map((n) => newAttributeDefinition(n)) }],
    },
    {
      id: 'app',
      name: 'kintone',
      objects: [{ name: 'User', attributes: ['userName', 'externalId'].map((n) => newAttributeDefinition(n)) }],
    },
  ],
  synchronizationRules: [
    {
      id: 'r',
      name: 'USER_OUTBOUND_USER',
      sourceDirectoryName: 'Azure Active Directory',
      targetDirectoryName: 'kintone',
      editable: true,
      objectMappings: [
        {
          name: 'Provision Microsoft Entra ID Users',
          enabled: true,
          flowTypes: 'Add, Update, Delete',
          sourceObjectName: 'User',
          targetObjectName: 'User',
          scope: null,
          attributeMappings: [
            {
              source: { type: 'Function', name: 'Shout', expression: 'Shout([userPrincipalName])' },
              targetAttributeName: 'userName',
              flowType: 'Always',
              matchingPriority: 1,
            },
            { source: { type: 'Attribute', name: 'mail' }, targetAttributeName: 'externalId', flowType: 'Always', matchingPriority: 0 },
          ],
        },
      ],
    },
  ],
};

function tenant(call: Call) {
  const path = new URL(call.url, 'http://portal.test').pathname;
  if (path === `/v1.0/servicePrincipals/${SP}`) return { body: { id: SP, displayName: 'Kintone', appRoles: [] } };
  if (path === base)
    return { body: { value: [{ id: JOB, templateId: 'kintone', schedule: { state: 'Active' }, status: { code: 'Active' } }] } };
  if (path === `${base}/${JOB}/schema` && call.method === 'GET') return { body: schema };
  if (path === `${base}/${JOB}/schema` && call.method === 'PUT')
    return { status: 400, body: { error: { code: 'BadRequest', message: REFUSED } } };
  if (path === `${base}/${JOB}/schema/filterOperators`) return { body: { value: [] } };
  return undefined;
}

describe('Attribute mapping', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the mappings, and after the re-sync warning PUTs the edited schema; a 400 opens the attribute it names with the message on its field', async () => {
    const calls = mockApi(tenant);
    renderRoutes(
      [{ path: '/apps/:servicePrincipalId/provisioning/edit/mappings/:mappingId', element: <AttributeMappingPage /> }],
      `/apps/${SP}/provisioning/edit/mappings/0.0`,
    );
    const table = await screen.findByRole('table', { name: 'Attribute Mappings' });
    await within(table).findByText('Kintone Attribute');
    expect(
      within(table)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([
      'Microsoft Entra ID AttributeKintone AttributeMatching precedenceApply this mappingEditRemove',
      'Shout([userPrincipalName])userName1Always',
      'mailexternalIdAlways',
    ]);
    fireEvent.click(within(table).getByRole('button', { name: 'Remove externalId' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Save changes' });
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Yes' }));

    const dialog = await screen.findByRole('dialog', { name: 'Edit attribute' });
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(
      (put.body as SynchronizationSchema).synchronizationRules[0].objectMappings[0].attributeMappings.map((a) => a.targetAttributeName),
    ).toEqual(['userName']);
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: /Expression/ })).toBeTruthy());
    expect((within(dialog).getByRole('textbox', { name: /Expression/ }) as HTMLTextAreaElement).value).toBe('Shout([userPrincipalName])');
    expect(dialog.textContent).toContain('unknown function "Shout"');
  });
});
