import type { Page } from 'playwright-core';
import { seriousAxeViolations, startPortalStack, type PortalStack } from './harness';

/**
 * The directory views in a real browser against `npm start` on a manual clock: sign in with the printed link, the
 * seeded users, create a user, edit it, find it, and Back restoring the view before the search; axe-core on every
 * page visited.
 */
describe('portal: directory (browser)', () => {
  let stack: PortalStack;
  let page: Page;
  const audited: string[] = [];
  const violations: string[] = [];

  async function audit(name: string) {
    audited.push(name);
    for (const v of await seriousAxeViolations(page))
      violations.push(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).join(', ')}`);
  }

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
    const before = Date.parse((await clock.getByTestId('sim-clock-now').textContent())!.replace(' UTC', ' GMT'));
    await clock.getByRole('button', { name: 'Advance 40 minutes' }).click();
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

  it('never wrote the admin token to a server log line (it only travels in the fragment and the Authorization header)', () => {
    const lines = stack.output().split('\n');
    expect(lines.filter((l) => l.includes('"req"') || l.includes('"url"')).length).toBeGreaterThan(20);
    const withToken = lines.filter((l) => l.includes(stack.adminToken)).map((l) => l.trim().split(/\s+/)[0]);
    // The banner's lines only: "Sign in:", "Graph base URL:" and its "curl" example.
    expect(withToken.every((first) => ['Sign', 'Graph', 'curl'].includes(first))).toBe(true);
  });

  it('has no serious or critical axe-core violation on any page visited', () => {
    expect(audited.length).toBeGreaterThanOrEqual(8);
    expect(violations).toEqual([]);
  });
});
