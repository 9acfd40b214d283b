import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import {
  advanceClock,
  AxeAudit,
  openEnterpriseApp,
  startPortalStack,
  type PortalStack,
  graphJson,
  type JsonInit,
  callJson,
} from './harness';

/**
 * The demo story, in a real browser against `npm start` on a manual clock, each step asserting what the page shows:
 * sign in with the printed link → Kintone → Provisioning Overview shows the initial cycle and its counts → create a
 * user and assign it → provision it on demand (Create and its SCIM POST) → rename another user, advance the clock
 * from the top bar, find the Update with old → new and its SCIM PATCH → rotate the SCIM target's token (its admin
 * API), change a user, advance, and see the quarantine banner with its reason → download the logs as CSV.
 */
describe('portal: the demo story (browser)', () => {
  let stack: PortalStack;
  let page: Page;
  const advance = () => advanceClock(page);

  const axe = new AxeAudit(() => page);
  const audit = (name: string) => axe.audit(name);
  const graph = <T>(path: string, init?: JsonInit) => graphJson<T>(stack, path, init);
  async function rename(prefix: string, suffix: string): Promise<{ before: string; after: string; upn: string }> {
    const users = await graph<{ value: { id: string; displayName: string; userPrincipalName: string }[] }>(
      `/v1.0/users?$filter=startswith(displayName,'${prefix}')&$select=id,displayName,userPrincipalName`,
    );
    const user = users.value[0];
    await graph(`/v1.0/users/${user.id}`, { method: 'PATCH', body: { displayName: `${user.displayName} ${suffix}` } });
    return { before: user.displayName, after: `${user.displayName} ${suffix}`, upn: user.userPrincipalName };
  }

  beforeAll(async () => {
    stack = await startPortalStack();
    page = stack.page;
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('signs in with the printed link and opens Kintone → Provisioning: the initial cycle with its counts', async () => {
    expect(stack.output()).toContain(`Sign in:  ${stack.signInUrl}`);
    await page.goto(stack.signInUrl);
    await openEnterpriseApp(page, 'Kintone');
    await audit('App overview');
    await page.getByRole('tab', { name: 'Provisioning', exact: true }).click();
    const cycle = page.getByLabel('Current cycle status');
    await cycle.getByText(/cycle completed/).waitFor();
    // The demo job's initial cycle ran at start: its users are counted, the statistics name its activity and job.
    const users = Number(await cycle.locator('dt:text-is("Users") + dd').textContent());
    expect(users).toBeGreaterThan(0);
    const stats = page.getByLabel('Statistics to date');
    expect(Number(await stats.locator('dt:text-is("Exported (last cycle with exports)") + dd').textContent())).toBe(users);
    expect(await stats.locator('dt:text-is("Job ID") + dd').textContent()).toMatch(/^kintone\./);
    expect(await stats.locator('dt:text-is("Activity ID") + dd').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    await audit('Provisioning overview');
  });

  it('creates a user and assigns it to Kintone', async () => {
    await page.getByRole('navigation', { name: 'Navigation' }).getByText('Users', { exact: true }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('dialog').getByLabel('Display name').fill('Casey Demo');
    await page.getByRole('dialog').getByRole('textbox', { name: 'Department' }).fill('Demo');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByText('was created').waitFor();

    await page.getByRole('navigation', { name: 'Navigation' }).getByText('Enterprise applications', { exact: true }).click();
    await page.getByRole('table', { name: 'Enterprise applications' }).getByRole('link', { name: 'Kintone' }).click();
    await page.getByRole('tab', { name: 'Users and groups' }).click();
    await page.getByRole('button', { name: 'Add user/group' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').first().fill('Casey');
    await page.getByRole('option', { name: /Casey Demo/ }).click();
    await audit('Add assignment');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Assigned users and groups' }).getByRole('cell', { name: 'Casey Demo', exact: true }).waitFor();
    await audit('Users and groups');
  });

  it('provisions it on demand: Create, and the SCIM POST it caused', async () => {
    await page.getByRole('tab', { name: 'Provision on demand' }).click();
    await page.getByRole('heading', { name: 'Provision on demand' }).waitFor();
    await page.getByRole('combobox', { name: /Select a user/ }).fill('Casey');
    await page.getByRole('option', { name: /Casey Demo/ }).click();
    await page.getByRole('button', { name: 'Provision' }).click();
    await page.getByText('Create · Success').waitFor();
    const scim = page.getByRole('region', { name: 'SCIM requests of log entry 1' });
    await scim
      .getByTestId('scim-request-header')
      .filter({ hasText: /^POST201/ })
      .waitFor();
    expect(await scim.getByTestId('scim-request-body').last().textContent()).toContain('Casey');
  });

  it('renames another user, advances the clock from the top bar, and finds the Update: old → new and its SCIM PATCH', async () => {
    const { before, after, upn } = await rename('Megan', 'Renamed');
    await page.getByRole('tab', { name: 'Provisioning logs' }).click();
    await page.getByRole('table', { name: 'Provisioning logs' }).getByRole('row').nth(1).waitFor();
    await advance();
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Update' }).click();
    const table = page.getByRole('table', { name: 'Provisioning logs' });
    // The Identity column names the user by its UPN, as Entra's log does.
    await table.getByRole('row').filter({ hasText: upn }).first().getByRole('link').click();
    const pane = page.getByRole('dialog');
    await pane.getByRole('tab', { name: 'Modified properties' }).click();
    const row = pane.getByRole('table', { name: 'Modified properties' }).getByRole('row').filter({ hasText: 'displayName' });
    await row.getByRole('cell', { name: before, exact: true }).waitFor();
    await row.getByRole('cell', { name: after, exact: true }).waitFor();
    await pane.getByRole('tab', { name: /SCIM requests/ }).click();
    await pane
      .getByTestId('scim-request-header')
      .filter({ hasText: /^PATCH200/ })
      .first()
      .waitFor();
    expect(await pane.getByTestId('scim-request-body').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(after)]));
    await audit('Update entry');
    await pane.getByRole('button', { name: 'Close' }).click();
  });

  it('rotates the SCIM target token, and after the next cycle with a change the Overview shows the quarantine banner', async () => {
    await callJson(`${stack.scim.url}/admin/tenants/default/token`, stack.scim.adminToken, { method: 'POST', body: {} });
    await rename('Alex', 'Moved');
    await page.getByRole('tab', { name: 'Provisioning', exact: true }).click();
    await page.getByLabel('Current cycle status').waitFor();
    await advance();
    const banner = page.getByRole('alert').filter({ hasText: 'Your application is in quarantine' });
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/Reason: \w+/);
    expect(await banner.textContent()).toMatch(/next attempt/);
    expect(await page.getByLabel('Current cycle status').locator('dt:text-is("Provisioning Status") + dd').textContent()).toBe(
      'Quarantined',
    );
    await audit('Quarantine');
  });

  it('downloads the logs as CSV', async () => {
    await page.getByRole('tab', { name: 'Provisioning logs' }).click();
    await page.getByRole('table', { name: 'Provisioning logs' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Download' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^CSV: summary/ }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header.split(',').slice(0, 3)).toEqual(['id', 'activityDateTime', 'tenantId']);
    expect(rows.length).toBeGreaterThan(0);
    expect(csv).toContain(',create,');
    expect(csv).toContain('casey.demo@provsim.onmicrosoft.com');
  });

  it('has no serious or critical axe-core violation on the views visited', () => {
    expect(axe.violations).toEqual([]);
  });
});
