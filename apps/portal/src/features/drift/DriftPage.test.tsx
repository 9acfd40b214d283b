import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderRoutes, type Call } from '../../shell/test-utils';
import { Component as DriftPage } from './DriftPage';

const SP = 'sp-1';
const JOB = 'scim.job1';
const DRIFT = `/sim/servicePrincipals/${SP}/synchronization/jobs/${JOB}/drift`;
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function answer(value: unknown[], counts: { missing: number; extra: number; differs: number }) {
  return (call: Call) => {
    const url = new URL(call.url, 'http://portal.test');
    if (url.pathname === `/v1.0/servicePrincipals/${SP}/synchronization/jobs`) return { body: { value: [{ id: JOB }] } };
    if (url.pathname === DRIFT) return { body: { summary: { inScope: 3, inTarget: 4, ...counts }, value } };
    return undefined;
  };
}

const routes = [{ path: '/apps/:servicePrincipalId/drift', element: <DriftPage /> }];

describe('Drift (provsim)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists missing, extra and differing objects, each marked, with expected and actual values', async () => {
    mockApi(
      answer(
        [
          {
            kind: 'differs',
            objectType: 'User',
            sourceId: 's1',
            targetId: 't1',
            displayName: 'dr-1@contoso.com',
            attributes: [{ name: `${ENTERPRISE}:department`, expected: 'Sales', actual: 'Finance' }],
          },
          { kind: 'extra', objectType: 'User', sourceId: null, targetId: 't9', displayName: 'stray@contoso.com', attributes: [] },
          { kind: 'missing', objectType: 'User', sourceId: 's2', targetId: null, displayName: 'new@contoso.com', attributes: [] },
        ],
        { missing: 1, extra: 1, differs: 1 },
      ),
    );
    renderRoutes(routes, `/apps/${SP}/drift`);
    expect(await screen.findByText('provsim — not part of Entra')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Differences' });
    await within(table).findByText('dr-1@contoso.com');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('td')!.textContent)).toEqual(['Differs', 'Extra in target', 'Missing in target']);
    expect(within(table).getByRole('list', { name: 'Differing attributes of dr-1@contoso.com' }).textContent).toBe(
      `${ENTERPRISE}:department: expected Sales, target has Finance`,
    );
    expect(screen.getByTestId('drift-extra').textContent).toBe('Extra in target: 1');
    expect(screen.queryByText(/Zero differences/)).toBeNull();
  });

  it('says so when the target has converged', async () => {
    mockApi(answer([], { missing: 0, extra: 0, differs: 0 }));
    renderRoutes(routes, `/apps/${SP}/drift`);
    expect(await screen.findByText('Zero differences: the target holds exactly what the mappings expect.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Differences' })).toBeNull();
  });
});
