import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAuditFilter, rangeStart, type DirectoryAudit } from '../../api/audit';
import { mockApi, renderRoutes, type Call } from '../../shell/test-utils';
import { Component as AuditLogsPage } from './AuditLogsPage';

const SP = '5b0c1f9e-2d4a-4c1b-8f3e-7a6d9c2b1e00';
const NOW = '2026-12-05T10:30:00.000Z';
const ADMIN = {
  id: '00000000-0000-0000-0000-0000000ad3e1',
  displayName: 'provsim administrator',
  userPrincipalName: 'admin@provsim.onmicrosoft.com',
  ipAddress: '127.0.0.1',
};

const pause: DirectoryAudit = {
  id: 'a-pause',
  category: 'ProvisioningManagement',
  correlationId: 'c-pause',
  result: 'success',
  resultReason: '',
  activityDisplayName: 'Disable/pause provisioning configuration',
  activityDateTime: '2026-12-05T10:00:00.000Z',
  loggedByService: 'Account Provisioning',
  operationType: 'Update',
  initiatedBy: { user: ADMIN, app: null },
  targetResources: [
    { id: SP, displayName: 'Kintone', type: 'ServicePrincipal', userPrincipalName: null, groupType: null, modifiedProperties: [] },
  ],
  additionalDetails: [{ key: 'JobId', value: 'scim.abc' }],
};
const update: DirectoryAudit = {
  ...pause,
  id: 'a-update',
  category: 'UserManagement',
  correlationId: 'c-update',
  activityDisplayName: 'Update user',
  activityDateTime: '2026-12-05T09:00:00.000Z',
  loggedByService: 'Core Directory',
  targetResources: [
    {
      id: 'u-1',
      displayName: 'Adele Vance',
      type: 'User',
      userPrincipalName: 'adele@contoso.com',
      groupType: null,
      modifiedProperties: [{ displayName: 'department', oldValue: '"Sales"', newValue: '"Marketing"' }],
    },
  ],
  additionalDetails: [],
};
const quarantine: DirectoryAudit = {
  ...pause,
  id: 'a-quarantine',
  activityDisplayName: 'Quarantine',
  initiatedBy: {
    user: null,
    app: { appId: 'x', displayName: 'Azure AD Provisioning', servicePrincipalId: null, servicePrincipalName: null },
  },
};
const entries = [pause, update, quarantine];

function graph(call: Call) {
  const url = new URL(call.url, 'http://portal.test');
  if (url.pathname === '/v1.0/auditLogs/directoryAudits') {
    if (url.searchParams.get('$skiptoken') === 'PAGE2') return { body: { value: [quarantine] } };
    const filter = url.searchParams.get('$filter') ?? '';
    const value = filter.includes("'Core Directory'") ? [update] : filter.includes(SP) ? [pause, quarantine] : entries;
    return {
      body: { '@odata.nextLink': filter ? undefined : `http://portal.test${url.pathname}?$top=50&$skiptoken=PAGE2`, value },
    };
  }
  const entry = entries.find((e) => url.pathname === `/v1.0/auditLogs/directoryAudits/${e.id}`);
  if (entry) return { body: entry };
  if (url.pathname === '/sim/clock') return { body: { now: NOW, mode: 'manual' } };
  if (url.pathname === `/v1.0/servicePrincipals/${SP}`) return { body: { id: SP, displayName: 'Kintone', appId: 'app' } };
  return undefined;
}

const routes = [
  { path: '/audit', element: <AuditLogsPage /> },
  { path: '/apps/:servicePrincipalId/audit-logs', element: <AuditLogsPage /> },
];
const listCalls = (calls: Call[]) =>
  calls.map((c) => new URL(c.url, 'http://portal.test')).filter((u) => u.pathname === '/v1.0/auditLogs/directoryAudits');

describe('Audit logs', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the admin center's columns for a page of 50, newest first, with targets and the actor", async () => {
    const calls = mockApi(graph);
    renderRoutes(routes, '/audit');
    const table = await screen.findByRole('table', { name: 'Audit logs' });
    await within(table).findByText('Disable/pause provisioning configuration');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Date', 'Service', 'Category', 'Activity', 'Status', 'Status reason', 'Target(s)', 'Initiated by (actor)']);
    const cells = within(within(table).getAllByRole('row')[2])
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      '2026-12-05 09:00:00 UTC',
      'Core Directory',
      'UserManagement',
      'Update user',
      'Success',
      '',
      'adele@contoso.com',
      'admin@provsim.onmicrosoft.com',
    ]);
    expect(within(table).getAllByRole('row')[3].textContent).toContain('Azure AD Provisioning');
    const first = listCalls(calls)[0];
    expect(first.searchParams.get('$top')).toBe('50');
    expect(first.searchParams.get('$orderby')).toBe('activityDateTime desc');
    expect(first.searchParams.has('$filter')).toBe(false);
  });

  it('filters by service through $filter with the filter in the URL; Next page follows the cursor', async () => {
    const calls = mockApi(graph);
    const { router } = renderRoutes(routes, '/audit');
    await screen.findByText('Update user');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?page=PAGE2&n=2'));
    expect(listCalls(calls).at(-1)!.searchParams.get('$skiptoken')).toBe('PAGE2');

    fireEvent.click(screen.getByRole('combobox', { name: 'Service' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Core Directory' }));
    await waitFor(() => expect(router.state.location.search).toBe('?service=Core+Directory'));
    await waitFor(() => expect(listCalls(calls).at(-1)!.searchParams.get('$filter')).toBe("loggedByService eq 'Core Directory'"));
    expect(listCalls(calls).at(-1)!.searchParams.has('$skiptoken')).toBe(false);
  });

  it('restores the filters from a deep link: date range from the simulated clock, category, activity prefix', async () => {
    const calls = mockApi(graph);
    renderRoutes(routes, '/audit?date=24h&category=UserManagement&activity=Update');
    await waitFor(() => expect(listCalls(calls).length).toBeGreaterThan(0));
    expect(listCalls(calls)[0].searchParams.get('$filter')).toBe(
      "activityDateTime ge 2026-12-04T10:00:00Z and category eq 'UserManagement' and startswith(activityDisplayName, 'Update')",
    );
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('Update');
  });

  it("under an application lists the entries that target its service principal (the app's Audit logs tab)", async () => {
    const calls = mockApi(graph);
    renderRoutes(routes, `/apps/${SP}/audit-logs`);
    await screen.findByText('Disable/pause provisioning configuration');
    expect(listCalls(calls)[0].searchParams.get('$filter')).toBe(`targetResources/any(t: t/id eq '${SP}')`);
    expect((screen.getByRole('button', { name: 'Reset filters' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('opens an entry in the details pane: Activity, Target(s) and Modified Properties', async () => {
    const calls = mockApi(graph);
    const { router } = renderRoutes(routes, '/audit');
    fireEvent.click(await screen.findByRole('link', { name: 'Update user' }));
    await waitFor(() => expect(router.state.location.search).toBe(`?entry=${update.id}`));
    const pane = await screen.findByRole('dialog');
    expect(calls.some((c) => c.url === `/v1.0/auditLogs/directoryAudits/${update.id}`)).toBe(true);
    const tabs = within(pane).getAllByRole('tab');
    expect(tabs).toHaveLength(3);
    ['Activity', 'Target(s)', 'Modified Properties'].forEach((name, i) => expect(within(pane).getByRole('tab', { name })).toBe(tabs[i]));
    const activity = await within(pane).findByRole('table', { name: 'Activity' });
    for (const text of ['Update user', 'c-update', 'UserManagement', 'Success', 'n/a']) expect(activity.textContent).toContain(text);
    expect(within(pane).getByRole('table', { name: 'Initiated by (actor)' }).textContent).toContain('admin@provsim.onmicrosoft.com');

    fireEvent.click(within(pane).getByRole('tab', { name: 'Target(s)' }));
    await waitFor(() => expect(router.state.location.search).toBe(`?entry=${update.id}&tab=targets`));
  });

  it('Target(s): each target with its type, id, name and user principal name', async () => {
    mockApi(graph);
    renderRoutes(routes, `/audit?entry=${update.id}&tab=targets`);
    const target = await screen.findByRole('table', { name: 'Target 1' });
    expect(target.textContent).toContain('Adele Vance');
    expect(target.textContent).toContain('adele@contoso.com');
    expect(target.textContent).toContain('u-1');
  });

  it('Modified Properties: property, old value, new value (JSON text, as Graph gives them)', async () => {
    mockApi(graph);
    renderRoutes(routes, `/audit?entry=${update.id}&tab=modified`);
    const modified = await screen.findByRole('table', { name: 'Modified properties of Adele Vance' });
    const cells = within(within(modified).getAllByRole('row')[1])
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual(['department', '"Sales"', '"Marketing"']);
  });

  it('shows the service principal as the target of a provisioning change', async () => {
    mockApi(graph);
    renderRoutes(routes, `/audit?entry=${pause.id}&tab=targets`);
    const target = await screen.findByRole('table', { name: 'Target 1' });
    expect(target.textContent).toContain('ServicePrincipal');
    expect(target.textContent).toContain('Kintone');
  });

  it("shows the API's message when the filter is refused", async () => {
    mockApi((call) =>
      call.url.startsWith('/v1.0/auditLogs/directoryAudits?')
        ? { status: 400, body: { error: { code: 'Request_BadRequest', message: 'Invalid filter clause: nope.' } } }
        : graph(call),
    );
    renderRoutes(routes, '/audit?activity=x');
    await screen.findByText(/Invalid filter clause: nope\./);
  });
});

describe('audit $filter of the blade', () => {
  it.each([
    [{}, undefined],
    [{ date: '30d' }, undefined],
    [{ date: '7d' }, 'activityDateTime ge 2026-11-28T10:00:00Z'],
    [{ activity: "O'Brien " }, "startswith(activityDisplayName, 'O''Brien')"],
    [
      { service: 'Account Provisioning', target: SP },
      `loggedByService eq 'Account Provisioning' and targetResources/any(t: t/id eq '${SP}')`,
    ],
  ])('%j → %s', (filters, expected) => {
    expect(buildAuditFilter(filters, NOW)).toBe(expected);
  });

  it('holds a date range until the clock is known', () => {
    expect(rangeStart('24h', undefined)).toBeUndefined();
    expect(buildAuditFilter({ date: '24h' })).toBeUndefined();
  });
});
