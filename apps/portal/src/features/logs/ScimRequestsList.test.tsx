import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderAt } from '../../shell/test-utils';
import podScim from './__fixtures__/on-demand-scim-requests.json';
import { ScimRequestsList, prettyBody } from './ScimRequestsList';

const LOG = 'd67d1910-bfc0-43fd-b87c-ad497b92061c';

describe('SCIM requests list', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the requests in order with method, status, URL and duration, and both bodies pretty-printed', async () => {
    const calls = mockApi((call) => (call.url === `/sim/provisioningLogs/${LOG}/scimRequests` ? { body: podScim } : undefined));
    renderAt(<ScimRequestsList logId={LOG} />);
    const headers = await screen.findAllByTestId('scim-request-header');
    expect(headers.map((h) => h.textContent)).toEqual(podScim.value.map((r) => `${r.method}${r.status}${r.url}${r.durationMs} ms`));
    expect(podScim.value.map((r) => r.method)).toEqual(['GET', 'GET', 'POST']);
    const post = podScim.value[2];
    expect(screen.getAllByTestId('scim-request-body')[2].textContent).toBe(JSON.stringify(post.requestBody, null, 2));
    expect(screen.getAllByTestId('scim-response-body')[2].textContent).toContain(`"id": "${(post.responseBody as { id: string }).id}"`);
    expect(screen.getAllByTestId('scim-request-body')[0].textContent).toBe('(none)');
    expect(screen.getAllByText(/authorization: Bearer \*\*\*\*/).length).toBe(3);
    expect(calls[0].headers.authorization).toBe('Bearer test-token');
  });

  it('shows a request that got no answer, with the connector error', async () => {
    const failed = {
      ...podScim.value[2],
      status: null,
      responseBody: null,
      error: 'SystemForCrossDomainIdentityManagementServiceIncompatible: connection refused',
    };
    mockApi(() => ({ body: { value: [failed] } }));
    renderAt(<ScimRequestsList logId={LOG} />);
    expect((await screen.findByTestId('scim-request-header')).textContent).toContain('no answer');
    expect(screen.getByText(/connection refused/)).toBeTruthy();
    expect(screen.getByTestId('scim-response-body').textContent).toBe('(none)');
  });

  it('says so when the object needed no request, and shows the API error otherwise', async () => {
    mockApi(() => ({ body: { value: [] } }));
    const view = renderAt(<ScimRequestsList logId={LOG} />);
    await screen.findByText('No SCIM request was sent for this object.');
    view.unmount();
    mockApi(() => ({
      status: 404,
      body: { error: { code: 'Request_ResourceNotFound', message: `Provisioning log '${LOG}' was not found.` } },
    }));
    renderAt(<ScimRequestsList logId={LOG} />);
    await screen.findByText(/was not found\./);
  });

  it('prints a text body as it came', () => {
    expect(prettyBody('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
    expect(prettyBody(null)).toBe('(none)');
  });
});
