import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderRoutes, type Call } from '../../shell/test-utils';
import podAnswer from '../logs/__fixtures__/on-demand-response.json';
import podScim from '../logs/__fixtures__/on-demand-scim-requests.json';
import { Component as ProvisionOnDemandPage } from './ProvisionOnDemandPage';

const SP = '9638520b-9314-4581-9bac-ec8288a6b699';
const JOB = 'kintone.537459aea33041359626546d325f460a.7357b799a3b316023030e5bfb32bb34c';
const RULE = '2b6c3f0e-6b1d-4c55-9d0a-6b9a0f1c7a01';
const LOG = 'd67d1910-bfc0-43fd-b87c-ad497b92061c';
const pat = { id: '7d32c6ed-7e0a-4021-98b8-0e7e05a0ee0f', displayName: 'Pat Demo', userPrincipalName: 'pat.demo@provsim.onmicrosoft.com' };
const jobsPath = `/v1.0/servicePrincipals/${SP}/synchronization/jobs`;

function tenant(call: Call) {
  const url = new URL(call.url, 'http://portal.test');
  if (url.pathname === jobsPath) return { body: { value: [{ id: JOB, templateId: 'kintone' }] } };
  if (url.pathname === `${jobsPath}/${JOB}/schema`)
    return {
      body: {
        synchronizationRules: [
          {
            id: RULE,
            name: 'USER_OUTBOUND_USER',
            objectMappings: [{ sourceObjectName: 'User', targetObjectName: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' }],
          },
        ],
      },
    };
  if (url.pathname === `/v1.0/users/${pat.id}`) return { body: pat };
  if (url.pathname === '/v1.0/users') return { body: { value: url.searchParams.has('$search') ? [pat] : [] } };
  if (url.pathname === '/v1.0/groups') return { body: { value: [] } };
  if (call.method === 'POST' && url.pathname === `${jobsPath}/${JOB}/provisionOnDemand`)
    return { body: podAnswer, headers: { 'x-provsim-provisioning-log-ids': LOG } };
  if (url.pathname === `/sim/provisioningLogs/${LOG}/scimRequests`) return { body: podScim };
  return undefined;
}

const routes = [{ path: '/apps/:servicePrincipalId/provision-on-demand', element: <ProvisionOnDemandPage /> }];

describe('Provision on demand', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("picks a user by search, POSTs Graph's body with the job's rule, and shows Entra's steps and the SCIM POST", async () => {
    const calls = mockApi(tenant);
    const { router } = renderRoutes(routes, `/apps/${SP}/provision-on-demand`);
    const search = await screen.findByRole('combobox', { name: /Select a user/ });
    fireEvent.change(search, { target: { value: 'Pat' } });
    await waitFor(() => expect(calls.some((c) => c.url.includes('%24search'))).toBe(true));
    fireEvent.click(await screen.findByRole('option', { name: /Pat Demo/ }));
    await waitFor(() => expect(router.state.location.search).toBe(`?user=${pat.id}`));
    const provision = screen.getByRole('button', { name: 'Provision' });
    await waitFor(() => expect((provision as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(provision);

    await screen.findByText('Create · Success');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe(`${jobsPath}/${JOB}/provisionOnDemand`);
    expect(post.body).toEqual({ parameters: [{ ruleId: RULE, subjects: [{ objectId: pat.id, objectTypeName: 'User' }] }] });
    expect(post.headers.authorization).toBe('Bearer test-token');

    expect(screen.getAllByTestId('on-demand-step').map((s) => s.textContent)).toEqual([
      '1. Import userSuccess',
      '2. Determine if user is in scopeSuccess',
      '3. Match user between source and target systemSuccess',
      '4. Perform actionSuccess',
      '5. Export to KintoneSuccess',
    ]);
    // Perform action is open: its modified attributes, old → new.
    const modified = screen.getByRole('table', { name: 'Modified attributes' });
    expect(modified.textContent).toContain('userName');
    expect(modified.textContent).toContain('pat.demo@provsim.onmicrosoft.com');
    // Scoping details with the portal's labels.
    fireEvent.click(screen.getByRole('button', { name: /Determine if user is in scope/ }));
    const scoping = await screen.findByRole('table', { name: 'Determine if user is in scope details' });
    expect(scoping.textContent).toContain('Active in source system');
    expect(scoping.textContent).toContain('Assigned to application');

    // The SCIM requests behind the log entry named by x-provsim-provisioning-log-ids.
    const scim = await screen.findByRole('region', { name: 'SCIM requests of log entry 1' });
    const headers = await within(scim).findAllByTestId('scim-request-header');
    expect(headers.map((h) => h.textContent?.split('http')[0])).toEqual(['GET200', 'GET200', 'POST201']);
    expect(within(scim).getAllByTestId('scim-request-body')[2].textContent).toContain('"userName": "pat.demo@provsim.onmicrosoft.com"');
    expect(within(scim).getByRole('link', { name: 'Open in Provisioning logs' }).getAttribute('href')).toBe(
      `/portal/apps/${SP}/provisioning-logs?entry=${LOG}`,
    );
  });

  it('shows a skip with its reason, and the API error when the call is refused', async () => {
    const skipped = {
      ...podAnswer,
      key: JSON.stringify({
        result: 'Skipped',
        details: { errorCode: 'NotEffectivelyEntitled', errorMessage: 'The user is not assigned to the application.' },
      }),
      value: JSON.stringify({
        ...JSON.parse(podAnswer.value),
        action: 'Other',
        provisioningSteps: JSON.parse(podAnswer.value).provisioningSteps.slice(0, 2),
        modifiedProperties: [],
      }),
    };
    mockApi((call) => (call.method === 'POST' ? { body: skipped } : tenant(call)));
    renderRoutes(routes, `/apps/${SP}/provision-on-demand?user=${pat.id}`);
    const provision = await screen.findByRole('button', { name: 'Provision' });
    await waitFor(() => expect((provision as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(provision);
    await screen.findByText('Other · Skipped');
    expect(screen.getByText(/NotEffectivelyEntitled: The user is not assigned to the application\./)).toBeTruthy();
    expect(screen.getByText(/No provisioning log entry was written/)).toBeTruthy();

    vi.unstubAllGlobals();
    mockApi((call) =>
      call.method === 'POST'
        ? { status: 400, body: { error: { code: 'Request_BadRequest', message: 'subjects[0].objectId is required.' } } }
        : tenant(call),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Provision' }));
    await screen.findByText(/subjects\[0\]\.objectId is required\./);
  });

  it('provisions a group with the members chosen (at most five), as links.members', async () => {
    const group = { id: 'g1', displayName: 'Sales' };
    const members = Array.from({ length: 6 }, (_, i) => ({
      id: `m${i + 1}`,
      '@odata.type': '#microsoft.graph.user',
      displayName: `Member ${i + 1}`,
    }));
    const calls = mockApi((call) => {
      if (call.url.startsWith('/v1.0/groups/g1/members')) return { body: { value: members } };
      if (call.url === '/v1.0/groups/g1') return { body: group };
      if (call.method === 'POST') return { body: podAnswer, headers: { 'x-provsim-provisioning-log-ids': `${LOG},other` } };
      return tenant(call);
    });
    renderRoutes(routes, `/apps/${SP}/provision-on-demand?type=group&group=g1&members=m1,m2,m3,m4,m5`);
    await screen.findByRole('checkbox', { name: 'Member 6' });
    expect((screen.getByRole('checkbox', { name: 'Member 6' }) as HTMLInputElement).disabled).toBe(true);
    const provision = screen.getByRole('button', { name: 'Provision' });
    await waitFor(() => expect((provision as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(provision);
    await screen.findByText('Log entry 2 of 2');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({
      parameters: [
        {
          ruleId: RULE,
          subjects: [
            {
              objectId: 'g1',
              objectTypeName: 'Group',
              links: { members: ['m1', 'm2', 'm3', 'm4', 'm5'].map((objectId) => ({ objectId, objectTypeName: 'User' })) },
            },
          ],
        },
      ],
    });
  });
});
