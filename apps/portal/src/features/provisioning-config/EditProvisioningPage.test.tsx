import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderRoutes, type Call } from '../../shell/test-utils';
import { Component as EditProvisioningPage } from './EditProvisioningPage';

const SP = 'sp-1';
const JOB = 'kintone.job';
const base = `/v1.0/servicePrincipals/${SP}/synchronization`;
const SAVED = [
  { key: 'BaseAddress', value: 'http://127.0.0.1:3001/scim/v2' },
  { key: 'SecretToken', value: '*' },
];
const FAILURE =
  'You appear to have entered invalid credentials: http://127.0.0.1:3001/scim/v2 answered HTTP 401. SystemForCrossDomainIdentityManagementCredentialValidationUnavailable';

function tenant(call: Call) {
  const path = new URL(call.url, 'http://portal.test').pathname;
  if (path === `${base}/jobs` && call.method === 'GET')
    return { body: { value: [{ id: JOB, templateId: 'kintone', schedule: { state: 'Active' }, status: { code: 'Active' } }] } };
  if (path === `${base}/secrets` && call.method === 'GET') return { body: { value: SAVED } };
  if (path === `${base}/secrets` && call.method === 'PUT') return { status: 204 };
  if (path === `${base}/jobs/${JOB}/schema`)
    return {
      body: {
        directories: [],
        synchronizationRules: [
          {
            id: 'r',
            name: 'USER_OUTBOUND_USER',
            objectMappings: [
              { name: 'Provision Microsoft Entra ID Users', enabled: true, sourceObjectName: 'User', attributeMappings: [] },
            ],
          },
        ],
      },
    };
  if (path === `${base}/jobs/${JOB}/validateCredentials`) {
    const token = (call.body as { credentials: { key: string; value: string }[] }).credentials.find((c) => c.key === 'SecretToken')?.value;
    return token === '*' ? { status: 204 } : { status: 400, body: { error: { code: 'BadRequest', message: FAILURE } } };
  }
  if (path === `${base}/jobs/${JOB}/restart` || path === `${base}/jobs/${JOB}/pause`) return { status: 204 };
  return undefined;
}

const routes = [{ path: '/apps/:servicePrincipalId/provisioning/edit', element: <EditProvisioningPage /> }];
const render = () => renderRoutes(routes, `/apps/${SP}/provisioning/edit`);

describe('Edit provisioning', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('never shows the saved token, and Test Connection shows the API answer: success with it, the failure with a typed one', async () => {
    const calls = mockApi(tenant);
    render();
    const token = await screen.findByLabelText('Secret Token');
    expect((token as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('table', { name: 'Mappings' }).textContent).toContain('Provision Microsoft Entra ID Users');

    fireEvent.click(screen.getByRole('button', { name: 'Test Connection' }));
    await screen.findByText('The supplied credentials are authorized to enable provisioning');
    expect(calls.find((c) => c.url.endsWith('/validateCredentials'))?.body).toEqual({ useSavedCredentials: true, credentials: SAVED });

    fireEvent.change(token, { target: { value: 'wrong-token' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test Connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Test Connection failed');
    expect(alert.textContent).toContain(FAILURE);
  });

  it('saves the settings as the whole secret set; a changed scope asks first; Off pauses; then a restart makes the next cycle full', async () => {
    const calls = mockApi(tenant);
    render();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Prevent accidental deletion' }));
    const threshold = screen.getByRole('spinbutton', { name: 'Accidental deletion threshold' });
    fireEvent.change(threshold, { target: { value: '2' } });
    fireEvent.blur(threshold);
    fireEvent.click(screen.getByRole('radio', { name: 'Sync all users and groups' }));
    fireEvent.click(screen.getByRole('switch', { name: /On/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const confirm = await screen.findByRole('alertdialog');
    expect(calls.some((c) => c.method !== 'GET')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Yes' }));
    await screen.findByText('The provisioning settings were saved.');
    const writes = calls.filter((c) => c.method !== 'GET').map((c) => [c.method, c.url.slice(base.length), c.body]);
    expect(writes).toEqual([
      [
        'PUT',
        '/secrets',
        {
          value: [
            ...SAVED,
            {
              key: 'SyncNotificationSettings',
              value: '{"Enabled":false,"Recipients":"","DeleteThresholdEnabled":true,"DeleteThresholdValue":2}',
            },
            { key: 'SyncAll', value: 'true' },
            { key: 'SkipOutOfScopeDeletions', value: 'false' },
          ],
        },
      ],
      ['POST', `/jobs/${JOB}/pause`, undefined],
      ['POST', `/jobs/${JOB}/restart`, { criteria: { resetScope: 'Watermark' } }],
    ]);
  });
});
