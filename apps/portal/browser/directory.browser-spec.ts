import type { Page } from 'playwright-core';
import { advanceClock, AxeAudit, startPortalStack, type PortalStack } from './harness';

/**
 * The directory views in a real browser against `npm start` on a manual clock: sign in with the printed link, the
 * seeded users, create a user, edit it, find it, and Back restoring the view before the search; axe-core on every
 * page visited.
 */
describe('portal: directory (browser)', () => {
  let stack: PortalStack;
  let page: Page;

  const axe = new AxeAudit(() => page);
  const audit = (name: string) => axe.audit(name);

  beforeAll(async () => {
    // Request logging on (npm start's default is warn): the last test reads every line the server wrote.
    stack = await startPortalStack({ env: { LOG_LEVEL: 'info' } });
    page = stack.page;
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('signs in with the printed link, which carries the token in the fragment only', async () => {
    expect(new URL(stack.signInUrl).search).toBe('');
    expect(new URL(stack.signInUrl).hash).toMatch(/^#token=/);
    await page.goto(stack.signInUrl);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // The token left the address bar at once.
    expect(page.url()).toBe(stack.portalUrl);
    await page.getByTestId('org-name').getByText('provsim').waitFor();
    await page.getByTestId('sim-clock-mode').getByText('(manual)').waitFor();
    await audit('Home');
  });

  it('lists the seeded users with their columns', async () => {
    await page.getByRole('navigation', { name: 'Navigation' }).getByText('Users', { exact: true }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByRole('table', { name: 'Users' }).getByRole('row').nth(5).waitFor();
    const headers = await page.getByRole('table', { name: 'Users' }).getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Display name', 'User principal name', 'Account enabled', 'Department', 'Job title']);
    const count = Number((await page.getByTestId('users-count').textContent())?.replace(/\D/g, ''));
    expect(count).toBeGreaterThanOrEqual(20);
    await audit('Users');
  });

  it('creates a user from the New user dialog, whose open state is in the URL', async () => {
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('dialog').getByText('Create new user').waitFor();
    expect(new URL(page.url()).searchParams.get('new')).toBe('1');
    await audit('New user dialog');
    await page.getByRole('dialog').getByLabel('Display name').fill('Quinn Browser');
    await page.getByRole('dialog').getByRole('textbox', { name: 'Department' }).fill('Demo');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByText('was created').waitFor();
    expect(new URL(page.url()).searchParams.get('new')).toBeNull();
  });

  it('opens the user and edits its department (PATCH), the page showing the new value', async () => {
    await page.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Quinn Browser' }).click();
    await page.getByRole('heading', { name: 'Quinn Browser' }).waitFor();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('Users').waitFor();
    await audit('User');
    await page.getByRole('button', { name: 'Edit properties' }).click();
    expect(new URL(page.url()).searchParams.get('edit')).toBe('1');
    const drawer = page.getByRole('dialog', { name: 'Edit properties' });
    await drawer.getByRole('textbox', { name: 'Department' }).fill('Field Sales');
    await audit('Edit properties');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.waitFor({ state: 'detached' });
    await page.getByTestId('user-department').getByText('Field Sales').waitFor();
  });

  it('finds the user by search, and Back restores the list as it was before the search', async () => {
    await page.goto(`${stack.portalUrl}users`);
    await page.getByRole('table', { name: 'Users' }).getByRole('row').nth(5).waitFor();
    const before = page.url();
    const firstRows = await page.getByRole('table', { name: 'Users' }).getByRole('row').allTextContents();
    await page.getByRole('searchbox', { name: /Search users/ }).fill('quinn');
    await page.waitForURL((url) => url.searchParams.get('q') === 'quinn');
    await page.getByTestId('users-count').getByText('1 user found').waitFor();
    await page.getByRole('table', { name: 'Users' }).getByText('Field Sales').waitFor();
    expect(await page.getByRole('table', { name: 'Users' }).getByRole('row').count()).toBe(2);
    await audit('Users (search)');
    await page.goBack();
    await page.waitForURL(before);
    // The URL changes first; the router renders the restored view a moment later (its loaders run in between).
    const search = page.getByRole('searchbox', { name: /Search users/ });
    await search.evaluate((input: HTMLInputElement) =>
      input.value === ''
        ? undefined
        : new Promise<void>((resolve) => {
            const check = () => (input.value === '' ? resolve() : requestAnimationFrame(check));
            check();
          }),
    );
    expect(await search.inputValue()).toBe('');
    await page.getByRole('table', { name: 'Users' }).getByRole('row').nth(5).waitFor();
    expect(await page.getByRole('table', { name: 'Users' }).getByRole('row').allTextContents()).toEqual(firstRows);
  });

  it('deletes the user, and restores it from Deleted users', async () => {
    await page.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Quinn Browser' }).click();
    await page.getByRole('heading', { name: 'Quinn Browser' }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL((url) => url.pathname === '/portal/users');
    await page.getByRole('button', { name: 'Deleted users' }).click();
    await page.getByRole('button', { name: 'Restore Quinn Browser' }).click();
    await page.getByRole('table', { name: 'Deleted users' }).getByText('Quinn Browser').waitFor({ state: 'detached' });
    await page.goto(`${stack.portalUrl}users?q=quinn`);
    await page.getByTestId('users-count').getByText('1 user found').waitFor();
  });

  it('advances the manual clock 40 minutes from the top bar', async () => {
    const clock = page.getByRole('group', { name: 'Simulated clock' });
    // The top bar shows a placeholder until the clock's first answer: read the time once it is there.
    await clock
      .getByTestId('sim-clock-now')
      .getByText(/\d{2}:\d{2}:\d{2} UTC/)
      .waitFor();
    const before = Date.parse((await clock.getByTestId('sim-clock-now').textContent())!.replace(' UTC', ' GMT'));
    await advanceClock(page);
    const after = new Date(before + 40 * 60_000).toUTCString().replace('GMT', 'UTC');
    await clock.getByTestId('sim-clock-now').getByText(after).waitFor();
  });

  it('shows the groups and the deleted users', async () => {
    await page.getByRole('navigation', { name: 'Navigation' }).getByText('Groups', { exact: true }).click();
    await page.getByRole('table', { name: 'Groups' }).getByRole('row').nth(1).waitFor();
    await audit('Groups');
    await page.getByRole('table', { name: 'Groups' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: /^Members/ }).waitFor();
    await audit('Group');
    await page.goto(`${stack.portalUrl}users/deleted`);
    await page.getByRole('heading', { name: 'Deleted users' }).waitFor();
    await audit('Deleted users');
    await page.goto(`${stack.portalUrl}simulator`);
    await page.getByRole('heading', { name: 'Simulated clock' }).waitFor();
    await audit('Simulator');
  });

  type GraphBody = { id?: string; value: { id: string; displayName: string }[] };
  /** The tenant's Graph API as a script would call it, to check what the portal's clicks changed. */
  async function graph(path: string): Promise<{ status: number; body: GraphBody }> {
    const res = await fetch(`${stack.baseUrl}/v1.0${path}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    return { status: res.status, body: (res.status === 204 ? { value: [] } : await res.json()) as GraphBody };
  }

  async function quinnId(): Promise<string> {
    const found = await graph(`/users?$filter=${encodeURIComponent("displayName eq 'Quinn Browser'")}`);
    expect(found.body.value).toHaveLength(1);
    return found.body.value[0].id;
  }

  it('adds a member to a group with the user picker and removes it again (Graph sees both)', async () => {
    const quinn = await quinnId();
    await page.goto(`${stack.portalUrl}groups`);
    const link = page.getByRole('table', { name: 'Groups' }).getByRole('link').first();
    await link.click();
    await page.getByRole('heading', { name: /^Members/ }).waitFor();
    const groupId = new URL(page.url()).pathname.split('/').pop()!;
    const members = page.getByRole('table', { name: 'Members' });
    expect(await members.getByText('Quinn Browser').count()).toBe(0);
    await page.getByRole('toolbar', { name: 'Group commands' }).getByRole('button', { name: 'Add members' }).click();
    expect(new URL(page.url()).searchParams.get('add')).toBe('1');
    const dialog = page.getByRole('dialog', { name: 'Add members' });
    await dialog.getByRole('combobox', { name: 'User' }).fill('Quinn');
    await page.getByRole('option', { name: /Quinn Browser/ }).click();
    await dialog.getByRole('button', { name: 'Select' }).click();
    await dialog.waitFor({ state: 'detached' });
    await members.getByText('Quinn Browser').waitFor();
    const after = await graph(`/groups/${groupId}/members?$select=id`);
    expect(after.body.value.map((m: { id: string }) => m.id)).toContain(quinn);

    await members.getByRole('button', { name: 'Remove Quinn Browser' }).click();
    await members.getByText('Quinn Browser').waitFor({ state: 'detached' });
    const removed = await graph(`/groups/${groupId}/members?$select=id`);
    expect(removed.body.value.map((m: { id: string }) => m.id)).not.toContain(quinn);
  });

  it('sets the manager with the picker, changes it, and removes it by clearing the field (Graph sees each)', async () => {
    const quinn = await quinnId();
    const others = (await graph(`/users?$top=3&$orderby=displayName&$select=id,displayName`)).body.value.filter(
      (u: { id: string }) => u.id !== quinn,
    ) as { id: string; displayName: string }[];
    const choose = async (who: { displayName: string } | null) => {
      await page.getByRole('button', { name: 'Edit properties' }).click();
      const drawer = page.getByRole('dialog', { name: 'Edit properties' });
      const field = drawer.getByRole('combobox', { name: 'Manager' });
      await field.fill('');
      if (who) {
        await field.fill(who.displayName);
        await page.getByRole('option', { name: new RegExp(`^${who.displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) }).click();
      }
      await drawer.getByRole('button', { name: 'Save' }).click();
      await drawer.waitFor({ state: 'detached' });
      await page
        .getByTestId('user-manager')
        .getByText(who ? who.displayName : 'None', { exact: true })
        .waitFor();
    };
    await page.goto(`${stack.portalUrl}users/${quinn}`);
    await page.getByRole('heading', { name: 'Quinn Browser' }).waitFor();
    await choose(others[0]);
    expect((await graph(`/users/${quinn}/manager`)).body.id).toBe(others[0].id);
    await choose(others[1]);
    expect((await graph(`/users/${quinn}/manager`)).body.id).toBe(others[1].id);
    await choose(null);
    expect((await graph(`/users/${quinn}/manager`)).status).toBe(404);
  });

  it('can be used with the keyboard alone: navigation, search, a user, its Edit panel (Escape closes it)', async () => {
    /** Presses Tab until the element has the focus (at most `max` times); fails if it never gets there. */
    const tabTo = async (target: ReturnType<Page['getByRole']>, max = 60) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      }
      throw new Error(`Tab never reached ${String(target)}`);
    };
    await page.goto(stack.portalUrl);
    await page.getByRole('navigation', { name: 'Navigation' }).waitFor();
    // The navigation is one tab stop (its current item); the arrow keys move inside it, as in the admin center.
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await tabTo(nav.getByRole('link', { name: 'Home', exact: true }));
    const users = nav.getByRole('link', { name: 'Users', exact: true });
    await page.keyboard.press('ArrowDown');
    expect(await users.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.endsWith('/users'));
    await tabTo(page.getByRole('searchbox', { name: /Search users/ }));
    await page.keyboard.type('quinn');
    await page.getByTestId('users-count').getByText('1 user found').waitFor();
    await tabTo(page.getByRole('table', { name: 'Users' }).getByRole('link', { name: 'Quinn Browser' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Quinn Browser' }).waitFor();
    await tabTo(page.getByRole('button', { name: 'Edit properties' }));
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog', { name: 'Edit properties' });
    await drawer.waitFor();
    expect(new URL(page.url()).searchParams.get('edit')).toBe('1');
    // The panel takes the focus; Escape closes it and its URL state.
    expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('edit')).toBeNull();
  });

  it('never wrote the admin token to a server log line (it only travels in the fragment and the Authorization header)', () => {
    const lines = stack.output().split('\n');
    expect(lines.filter((l) => l.includes('"req"') || l.includes('"url"')).length).toBeGreaterThan(20);
    const withToken = lines.filter((l) => l.includes(stack.adminToken)).map((l) => l.trim().split(/\s+/)[0]);
    // The banner's lines only: "Sign in:", "Graph base URL:" and its "curl" example.
    expect(withToken.every((first) => ['Sign', 'Graph', 'curl'].includes(first))).toBe(true);
  });

  it('has no serious or critical axe-core violation on any page visited', () => {
    expect(axe.audited.length).toBeGreaterThanOrEqual(8);
    expect(axe.violations).toEqual([]);
  });
});
