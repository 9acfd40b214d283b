import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderRoutes, type Call } from '../../shell/test-utils';
import { Component as PreviewPage } from './PreviewPage';

const SP = 'sp-1';
const JOB = 'scim.job1';
const PREVIEW = `/sim/servicePrincipals/${SP}/synchronization/jobs/${JOB}/preview`;
const disable = {
  sourceId: 'u-eng',
  objectType: 'User',
  displayName: 'eng@contoso.com',
  action: 'Disable',
  reason: null,
  modifiedProperties: [],
  targetId: 't-eng',
};
const update = {
  sourceId: 'u-sales',
  objectType: 'User',
  displayName: 'sales@contoso.com',
  action: 'Update',
  reason: null,
  modifiedProperties: [{ displayName: 'title', oldValue: 'Dev', newValue: 'Manager' }],
  targetId: 't-sales',
};
const skip = {
  sourceId: 'u-out',
  objectType: 'User',
  displayName: 'out@contoso.com',
  action: 'Skip',
  reason: 'The object is not in scope.',
  modifiedProperties: [],
  targetId: null,
};
const summary = (wouldTrip: boolean) => ({
  cycle: 'initial',
  counts: { Create: 0, Update: 1, Disable: 1, Delete: 0, StagedDelete: 0, Skip: 1, None: 0 },
  deletionThreshold: { enabled: true, threshold: wouldTrip ? 0 : 500, wouldDelete: 1, wouldTrip },
});

function answer(wouldTrip = false) {
  return (call: Call) => {
    const url = new URL(call.url, 'http://portal.test');
    if (url.pathname === `/v1.0/servicePrincipals/${SP}/synchronization/jobs`) return { body: { value: [{ id: JOB }] } };
    if (url.pathname !== PREVIEW) return undefined;
    if (url.searchParams.get('$skiptoken') === 'P2') return { body: { value: [skip] } };
    const action = url.searchParams.get('action');
    const value = action ? [disable, update, skip].filter((e) => e.action === action) : [disable, update];
    return {
      body: { summary: summary(wouldTrip), value, '@odata.nextLink': action ? undefined : `http://portal.test${PREVIEW}?$skiptoken=P2` },
    };
  };
}

const routes = [{ path: '/apps/:servicePrincipalId/preview', element: <PreviewPage /> }];
const previewCalls = (calls: Call[]) => calls.map((c) => new URL(c.url, 'http://portal.test')).filter((u) => u.pathname === PREVIEW);

describe('Preview next cycle (provsim)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says it is not part of Entra, shows the summary and each object with its action and modified properties', async () => {
    mockApi(answer());
    renderRoutes(routes, `/apps/${SP}/preview`);
    expect(await screen.findByText('provsim — not part of Entra')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Objects of the next cycle' });
    await within(table).findByText('eng@contoso.com');
    expect(screen.getByTestId('preview-cycle').textContent).toBe('Next cycle: Initial');
    expect(screen.getByTestId('count-Disable').textContent).toBe('Disable: 1');
    expect(screen.getByText(/The deletion threshold would not trip/)).toBeTruthy();
    const rows = within(table).getAllByRole('row');
    expect(rows[1].textContent).toContain('Disable');
    expect(rows[1].textContent).toContain('Target ID: t-eng');
    const props = within(table).getByRole('list', { name: 'Modified properties of sales@contoso.com' });
    expect(props.textContent).toBe('title: Dev → Manager');
  });

  it('warns when the deletion threshold would trip', async () => {
    mockApi(answer(true));
    renderRoutes(routes, `/apps/${SP}/preview`);
    expect(await screen.findByText(/The deletion threshold would trip: 1 disables and deletes exceed 0/)).toBeTruthy();
  });

  it('keeps the action filter and the page cursor in the URL and sends them to the API', async () => {
    const calls = mockApi(answer());
    const { router } = renderRoutes(routes, `/apps/${SP}/preview`);
    await screen.findByText('eng@contoso.com');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?page=P2&n=2'));
    await screen.findByText('The object is not in scope.');
    expect(previewCalls(calls).at(-1)!.searchParams.get('$skiptoken')).toBe('P2');
    // The summary stays (the first page's).
    expect(screen.getByTestId('count-Skip').textContent).toBe('Skip: 1');

    fireEvent.click(screen.getByRole('combobox', { name: 'Action' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Skip' }));
    await waitFor(() => expect(router.state.location.search).toBe('?action=Skip'));
    const filtered = previewCalls(calls).at(-1)!;
    expect(filtered.searchParams.get('action')).toBe('Skip');
    expect(filtered.searchParams.has('$skiptoken')).toBe(false);
  });

  it('restores the filters from a deep link', async () => {
    const calls = mockApi(answer());
    renderRoutes(routes, `/apps/${SP}/preview?action=Disable&objectType=User`);
    await screen.findByText('eng@contoso.com');
    const first = previewCalls(calls)[0];
    expect(first.searchParams.get('action')).toBe('Disable');
    expect(first.searchParams.get('objectType')).toBe('User');
    expect(screen.queryByText('sales@contoso.com')).toBeNull();
  });
});
