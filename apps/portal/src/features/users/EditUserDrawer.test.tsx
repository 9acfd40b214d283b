import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changedProperties } from '../../api/directory';
import { mockApi, renderAt } from '../../shell/test-utils';
import { EditUserDrawer } from './EditUserDrawer';

const adele = {
  id: 'u1',
  displayName: 'Adele Vance',
  givenName: 'Adele',
  surname: 'Vance',
  userPrincipalName: 'adele@contoso.com',
  jobTitle: 'Retail Manager',
  department: 'Retail',
  mail: 'adele@contoso.com',
  accountEnabled: true,
};

describe('Edit properties', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('PATCHes only the properties that changed', async () => {
    const calls = mockApi((call) => (call.method === 'PATCH' ? { status: 204 } : undefined));
    const onClose = vi.fn();
    renderAt(<EditUserDrawer user={adele} manager={null} onClose={onClose} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Department' }), { target: { value: 'Field Sales' } });
    fireEvent.click(screen.getByRole('switch', { name: 'Account enabled' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].url).toBe('/v1.0/users/u1');
    expect(patches[0].body).toEqual({ department: 'Field Sales', accountEnabled: false });
    expect(calls.some((c) => c.url.includes('manager'))).toBe(false);
  });

  it('sends nothing when nothing changed (Save stays disabled)', () => {
    const calls = mockApi(() => undefined);
    renderAt(<EditUserDrawer user={adele} manager={null} onClose={() => undefined} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Job title' }), { target: { value: 'Retail Manager' } });
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it("shows the API's message when the PATCH is refused, and stays open", async () => {
    mockApi((call) =>
      call.method === 'PATCH'
        ? { status: 400, body: { error: { code: 'Request_BadRequest', message: "Property 'mail' is invalid." } } }
        : undefined,
    );
    const onClose = vi.fn();
    renderAt(<EditUserDrawer user={adele} manager={null} onClose={onClose} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Email' }), { target: { value: 'not an address' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/Property 'mail' is invalid\./);
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe('changedProperties', () => {
  it.each([
    [{ department: 'A' }, { department: 'A' }, undefined],
    [{ department: 'A' }, { department: 'B' }, { department: 'B' }],
    [{ department: 'A' }, { department: '  ' }, { department: null }],
    [{ department: null }, { department: '' }, undefined],
    [{ displayName: 'X' }, { displayName: '' }, undefined],
    [{ accountEnabled: true }, { accountEnabled: false }, { accountEnabled: false }],
  ])('%j → %j: %j', (before, after, patch) => {
    expect(changedProperties(before, after)).toEqual(patch);
  });
});
