import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderRoutes, type Call } from '../../shell/test-utils';
import updateEntry from './__fixtures__/update-entry.json';
import updateScim from './__fixtures__/update-scim-requests.json';
import { Component as ProvisioningLogsPage } from './ProvisioningLogsPage';

const SP = updateEntry.servicePrincipal.id;
const createEntry = {
  ...updateEntry,
  id: '11111111-1111-4111-8111-111111111111',
  provisioningAction: 'create',
  modifiedProperties: [{ displayName: 'userName', oldValue: null, newValue: 'adele@contoso.com' }],
  sourceIdentity: { ...updateEntry.sourceIdentity, displayName: 'adele@contoso.com', id: 'src-adele' },
};
const failedEntry = {
  ...updateEntry,
  id: '22222222-2222-4222-8222-222222222222',
  sourceIdentity: { ...updateEntry.sourceIdentity, displayName: 'lee@contoso.com', id: 'src-lee' },
  provisioningStatusInfo: {
    status: 'failure',
    errorInformation: {
      errorCode: 'EntryConflict',
      reason: 'A user with this userName already exists in the target.',
      additionalDetails: null,
      errorCategory: 'nonServiceFailure',
      recommendedAction: 'Fix the conflicting object.',
    },
  },
};
const entries = [updateEntry, createEntry, failedEntry];

function graph(call: Call) {
  const url = new URL(call.url, 'http://portal.test');
  if (url.pathname === '/v1.0/auditLogs/provisioning') {
    if (url.searchParams.get('$skiptoken') === 'PAGE2') return { body: { '@odata.count': 51, value: [createEntry] } };
    const filter = url.searchParams.get('$filter') ?? '';
    const value = filter.includes("provisioningAction eq 'update'") ? [updateEntry] : entries;
    return {
      body: {
        '@odata.count': filter ? value.length : 51,
        '@odata.nextLink': filter ? undefined : `http://portal.test${url.pathname}?$top=50&$skiptoken=PAGE2`,
        value,
      },
    };
  }
  if (url.pathname === '/v1.0/auditLogs/provisioning/$download') return { body: [updateEntry] };
  const entry = entries.find((e) => url.pathname === `/v1.0/auditLogs/provisioning/${e.id}`);
  if (entry) return { body: entry };
  if (url.pathname === `/sim/provisioningLogs/${updateEntry.id}/scimRequests`) return { body: updateScim };
  if (url.pathname === '/v1.0/servicePrincipals') return { body: { value: [{ id: SP, displayName: 'Kintone' }] } };
  return undefined;
}

const routes = [
  { path: '/logs', element: <ProvisioningLogsPage /> },
  { path: '/apps/:servicePrincipalId/provisioning-logs', element: <ProvisioningLogsPage /> },
];
const listCalls = (calls: Call[]) =>
  calls.map((c) => new URL(c.url, 'http://portal.test')).filter((u) => u.pathname === '/v1.0/auditLogs/provisioning');

describe('Provisioning logs', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows Entra's columns for a page of 50, newest first, with the identity's source and target ids", async () => {
    const calls = mockApi(graph);
    renderRoutes(routes, '/logs');
    const table = await screen.findByRole('table', { name: 'Provisioning logs' });
    await within(table).findByText('adele@contoso.com');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Date', 'Identity', 'Action', 'Source System', 'Target System', 'Status']);
    const row = within(table).getAllByRole('row')[1];
    expect(row.textContent).toContain('Update');
    expect(row.textContent).toContain('Azure Active Directory');
    expect(row.textContent).toContain('Kintone');
    expect(row.textContent).toContain(`Source ID: ${updateEntry.sourceIdentity.id}`);
    expect(row.textContent).toContain(`Target ID: ${updateEntry.targetIdentity.id}`);
    expect(within(table).getByText('Failure')).toBeTruthy();
    const first = listCalls(calls)[0];
    expect(first.searchParams.get('$top')).toBe('50');
    expect(first.searchParams.has('$filter')).toBe(false);
    expect(calls[0].headers.authorization).toBe('Bearer test-token');
    expect(screen.getByTestId('logs-count').textContent).toBe('51 entries');
  });

  it('filters by action through $filter, the filter in the URL; Next page follows the cursor', async () => {
    const calls = mockApi(graph);
    const { router } = renderRoutes(routes, '/logs');
    await screen.findByText('adele@contoso.com');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?page=PAGE2&n=2'));
    expect(listCalls(calls).at(-1)!.searchParams.get('$skiptoken')).toBe('PAGE2');

    fireEvent.click(screen.getByRole('combobox', { name: 'Action' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Update' }));
    await waitFor(() => expect(router.state.location.search).toBe('?action=update'));
    await screen.findByText('1 entry');
    const filtered = listCalls(calls).at(-1)!;
    expect(filtered.searchParams.get('$filter')).toBe("provisioningAction eq 'update'");
    expect(filtered.searchParams.has('$skiptoken')).toBe(false);
  });

  it('restores every filter from a deep link, and under an application filters to its service principal', async () => {
    const calls = mockApi(graph);
    renderRoutes(routes, `/apps/${SP}/provisioning-logs?status=failure&q=Megan&from=2026-12-01T00:00`);
    await screen.findByText('Failure');
    expect(listCalls(calls)[0].searchParams.get('$filter')).toBe(
      `activityDateTime ge 2026-12-01T00:00:00Z and provisioningStatusInfo/status eq 'failure' and servicePrincipal/id eq '${SP}' and (sourceIdentity/id eq 'Megan' or targetIdentity/id eq 'Megan' or contains(sourceIdentity/displayName,'Megan') or contains(targetIdentity/displayName,'Megan'))`,
    );
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('Megan');
  });

  it('opens an entry in the details pane (fetched by id, its id in the URL) with the four tabs and SCIM requests', async () => {
    const calls = mockApi(graph);
    const { router } = renderRoutes(routes, '/logs');
    fireEvent.click(await screen.findByRole('link', { name: updateEntry.sourceIdentity.displayName }));
    await waitFor(() => expect(router.state.location.search).toBe(`?entry=${updateEntry.id}`));
    const pane = await screen.findByRole('dialog');
    expect(calls.some((c) => c.url === `/v1.0/auditLogs/provisioning/${updateEntry.id}`)).toBe(true);
    const tabs = within(pane).getAllByRole('tab');
    const names = ['Steps', 'Troubleshooting & Recommendations', 'Modified properties', 'Summary', 'SCIM requests provsim'];
    expect(tabs).toHaveLength(names.length);
    names.forEach((name, i) => expect(within(pane).getByRole('tab', { name })).toBe(tabs[i]));
    expect(within(pane).getByRole('tab', { name: 'Steps' }).getAttribute('aria-selected')).toBe('true');

    // Steps: Entra's step names, each with its status and details.
    const steps = await within(pane).findByRole('list', { name: 'Steps' });
    expect([...steps.querySelectorAll('h3')].map((h) => h.textContent)).toEqual([
      'Import user',
      'Determine if user is in scope',
      'Match user between source and target system',
      'Perform action',
      'Export to Kintone',
    ]);
    expect(steps.textContent).toContain('IsEffectivelyEntitledForProvisioning');

    fireEvent.click(within(pane).getByRole('tab', { name: 'Modified properties' }));
    await waitFor(() => expect(router.state.location.search).toBe(`?entry=${updateEntry.id}&tab=modified`));
  });

  it('Modified properties: old value → new value', async () => {
    mockApi(graph);
    renderRoutes(routes, `/logs?entry=${updateEntry.id}&tab=modified`);
    const modified = await screen.findByRole('table', { name: 'Modified properties' });
    const cells = within(within(modified).getAllByRole('row')[1])
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual(['displayName', 'Megan Bowen', 'Megan Bowen-Smith']);
  });

  it('Summary: the identifiers in source and target, change, cycle and job', async () => {
    mockApi(graph);
    renderRoutes(routes, `/logs?entry=${updateEntry.id}&tab=summary`);
    const summary = await screen.findByRole('table', { name: 'Summary' });
    for (const value of [
      updateEntry.changeId,
      updateEntry.cycleId,
      updateEntry.jobId,
      updateEntry.sourceIdentity.id,
      updateEntry.targetIdentity.id,
    ])
      expect(summary.textContent).toContain(value);
  });

  it('Troubleshooting & Recommendations says there is nothing to fix on a success', async () => {
    mockApi(graph);
    renderRoutes(routes, `/logs?entry=${updateEntry.id}&tab=troubleshooting`);
    await screen.findByText(/No troubleshooting information/);
  });

  it('SCIM requests (provsim extra): the GET and PATCH the update sent, bodies pretty-printed', async () => {
    const calls = mockApi(graph);
    renderRoutes(routes, `/logs?entry=${updateEntry.id}&tab=scim`);
    const headers = await screen.findAllByTestId('scim-request-header');
    expect(headers.map((h) => h.textContent?.split('http')[0])).toEqual(['GET200', 'PATCH200']);
    expect(screen.getAllByTestId('scim-request-body')[1].textContent).toContain('"op": "Replace"');
    expect(calls.some((c) => c.url === `/sim/provisioningLogs/${updateEntry.id}/scimRequests`)).toBe(true);
  });

  it("shows a failure's error code, reason and recommended action under Troubleshooting & Recommendations", async () => {
    mockApi(graph);
    renderRoutes(routes, `/logs?entry=${failedEntry.id}&tab=troubleshooting`);
    const pane = await screen.findByRole('dialog');
    const table = await within(pane).findByRole('table', { name: 'Troubleshooting' });
    expect(table.textContent).toContain('EntryConflict');
    expect(table.textContent).toContain('A user with this userName already exists in the target.');
    expect(table.textContent).toContain('Fix the conflicting object.');
  });

  it('downloads with the token through fetch and a Blob: JSON, and the CSV files, with the filters', async () => {
    const calls = mockApi(graph);
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:download');
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(`${this.download} ${this.getAttribute('href')}`);
    });
    renderRoutes(routes, '/logs?action=update');
    await screen.findByText('1 entry', undefined, { timeout: 3000 });
    for (const [item, file] of [
      [/^CSV: steps/, 'ProvisioningLogs_ProvisioningSteps.csv'],
      [/^JSON/, 'ProvisioningLogs.json'],
    ] as const) {
      // The previous download is over (the button is disabled while one runs).
      await waitFor(() => expect((screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement).disabled).toBe(false));
      fireEvent.click(screen.getByRole('button', { name: 'Download' }));
      fireEvent.click(await screen.findByRole('menuitem', { name: item }, { timeout: 3000 }));
      await waitFor(() => expect(clicks.at(-1)).toBe(`${file} blob:download`), { timeout: 3000 });
    }
    const downloads = calls.filter((c) => c.url.startsWith('/v1.0/auditLogs/provisioning/$download'));
    expect(
      downloads.map(
        (c) => new URL(c.url, 'http://x').searchParams.get('format') + ':' + new URL(c.url, 'http://x').searchParams.get('part'),
      ),
    ).toEqual(['csv:steps', 'json:null']);
    expect(downloads.every((c) => c.headers.authorization === 'Bearer test-token')).toBe(true);
    expect(downloads.every((c) => new URL(c.url, 'http://x').searchParams.get('$filter') === "provisioningAction eq 'update'")).toBe(true);
    expect(createObjectURL).toHaveBeenCalledTimes(2);
    click.mockRestore();
    vi.restoreAllMocks();
  });

  it("shows the API's message when the download is refused", async () => {
    mockApi((call) =>
      call.url.includes('$download')
        ? { status: 400, body: { error: { code: 'Request_BadRequest', message: "Unsupported format 'xml'." } } }
        : graph(call),
    );
    renderRoutes(routes, '/logs');
    await screen.findByText('51 entries');
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /^JSON/ }));
    await screen.findByText(/Unsupported format 'xml'\./);
  });
});
