import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { advanceClock, AxeAudit, startPortalStack, type PortalStack, graphJson, type JsonInit, settledColumn } from './harness';

/**
 * Provisioning logs and Provision on demand in a real browser against `npm start` on a manual clock: a cycle run
 * from the top bar, the logs filtered by action, an entry's Modified properties and SCIM requests, Back/Forward
 * through the open entry, a user provisioned on demand (Create and its SCIM POST), the CSV download; axe-core on
 * every view.
 */
describe('portal: provisioning logs and provision on demand (browser)', () => {
  let stack: PortalStack;
  let page: Page;
  let spId: string;

  const axe = new AxeAudit(() => page);
  const audit = (name: string) => axe.audit(name);
  const graph = <T>(path: string, init?: JsonInit) => graphJson<T>(stack, path, init);
  const logsTable = () => page.getByRole('table', { name: 'Provisioning logs' });

  beforeAll(async () => {
    stack = await startPortalStack();
    page = stack.page;
    const apps = await graph<{ value: { id: string; displayName: string }[] }>('/v1.0/servicePrincipals?$select=id,displayName');
    spId = apps.value.find((a) => a.displayName === 'Kintone')!.id;
    await page.goto(stack.signInUrl);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('shows the entries of a cycle run from the top bar, without a reload', async () => {
    await page.getByRole('navigation', { name: 'Navigation' }).getByText('Provisioning logs', { exact: true }).click();
    await page.getByRole('heading', { name: 'Provisioning logs' }).waitFor();
    await advanceClock(page);
    await logsTable().getByRole('row').nth(5).waitFor();
    expect(await logsTable().getByRole('columnheader').allTextContents()).toEqual([
      'Date',
      'Identity',
      'Action',
      'Source System',
      'Target System',
      'Status',
    ]);
    await audit('Provisioning logs');
  });

  it('filters by action (the filter in the URL), opens a Create entry: Modified properties and its SCIM POST', async () => {
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Create' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'create');
    await logsTable().getByRole('row').nth(1).waitFor();
    const actions = await settledColumn(logsTable(), 3, ['Create']);
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['Create']));

    const listUrl = page.url();
    await logsTable().getByRole('row').nth(1).getByRole('link').click();
    const pane = page.getByRole('dialog');
    await pane.getByRole('tab', { name: 'Steps' }).waitFor();
    expect(new URL(page.url()).searchParams.get('entry')).toBeTruthy();
    await pane.getByText('Match user between source and target system').waitFor();
    await audit('Log entry: Steps');

    await pane.getByRole('tab', { name: 'Modified properties' }).click();
    const modified = pane.getByRole('table', { name: 'Modified properties' });
    await modified.getByRole('cell', { name: 'userName', exact: true }).waitFor();
    await audit('Log entry: Modified properties');

    await pane.getByRole('tab', { name: /SCIM requests/ }).click();
    const posts = pane.getByTestId('scim-request-header').filter({ hasText: /^POST201/ });
    await posts.first().waitFor();
    expect(await pane.getByTestId('scim-request-body').last().textContent()).toContain('"userName"');
    await audit('Log entry: SCIM requests');
    const entryUrl = page.url();
    expect(new URL(entryUrl).searchParams.get('tab')).toBe('scim');

    // Back closes the pane onto the filtered list; Forward opens the same entry on the same tab.
    await page.goBack();
    await page.waitForURL(listUrl);
    await pane.waitFor({ state: 'detached' });
    await page.goForward();
    await page.waitForURL(entryUrl);
    await page.getByRole('dialog').getByTestId('scim-request-header').first().waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('shows an Update as old → new with its SCIM PATCH after a rename and a cycle', async () => {
    const users = await graph<{ value: { id: string; displayName: string }[] }>(
      "/v1.0/users?$filter=startswith(displayName,'Megan')&$select=id,displayName",
    );
    const megan = users.value[0];
    await graph(`/v1.0/users/${megan.id}`, { method: 'PATCH', body: { displayName: `${megan.displayName} Renamed` } });
    await page.goto(`${stack.portalUrl}logs`);
    await logsTable().getByRole('row').nth(1).waitFor();
    await advanceClock(page);
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Update' }).click();
    // The cycle's entries arrive after the click (older Update entries may be listed first): open Megan's (by source id).
    await logsTable().getByRole('row').filter({ hasText: megan.id }).first().getByRole('link').click();
    const pane = page.getByRole('dialog');
    await pane.getByRole('tab', { name: 'Modified properties' }).click();
    const row = pane.getByRole('table', { name: 'Modified properties' }).getByRole('row').filter({ hasText: 'displayName' });
    await row.getByRole('cell', { name: megan.displayName, exact: true }).waitFor();
    await row.getByRole('cell', { name: `${megan.displayName} Renamed`, exact: true }).waitFor();
    await pane.getByRole('tab', { name: /SCIM requests/ }).click();
    await pane
      .getByTestId('scim-request-header')
      .filter({ hasText: /^PATCH200/ })
      .first()
      .waitFor();
  });

  it('provisions a new, assigned user on demand: Create and its SCIM POST', async () => {
    const user = await graph<{ id: string }>('/v1.0/users', {
      method: 'POST',
      body: {
        displayName: 'Robin Ondemand',
        userPrincipalName: 'robin.ondemand@provsim.onmicrosoft.com',
        mailNickname: 'robin.ondemand',
        accountEnabled: true,
        givenName: 'Robin',
        surname: 'Ondemand',
        passwordProfile: { password: 'Pr0vsim!demo-42' },
      },
    });
    await graph(`/v1.0/servicePrincipals/${spId}/appRoleAssignedTo`, {
      method: 'POST',
      body: { principalId: user.id, resourceId: spId, appRoleId: '00000000-0000-0000-0000-000000000000' },
    });
    await page.goto(`${stack.portalUrl}apps/${spId}/provision-on-demand`);
    await page.getByRole('heading', { name: 'Provision on demand' }).waitFor();
    const search = page.getByRole('combobox', { name: /Select a user/ });
    await search.fill('Robin');
    await page.getByRole('option', { name: /Robin Ondemand/ }).click();
    await page.waitForURL((url) => url.searchParams.get('user') === user.id);
    await audit('Provision on demand');
    await page.getByRole('button', { name: 'Provision' }).click();
    await page.getByText('Create · Success').waitFor();
    expect(await page.getByTestId('on-demand-step').allTextContents()).toEqual([
      '1. Import userSuccess',
      '2. Determine if user is in scopeSuccess',
      '3. Match user between source and target systemSuccess',
      '4. Perform actionSuccess',
      '5. Export to KintoneSuccess',
    ]);
    const scim = page.getByRole('region', { name: 'SCIM requests of log entry 1' });
    await scim
      .getByTestId('scim-request-header')
      .filter({ hasText: /^POST201/ })
      .waitFor();
    expect(await scim.getByTestId('scim-request-body').last().textContent()).toContain(
      '"userName": "robin.ondemand@provsim.onmicrosoft.com"',
    );
    await audit('Provision on demand: result');

    // The entry it wrote is in the app's Provisioning logs.
    await scim.getByRole('link', { name: 'Open in Provisioning logs' }).click();
    await page.getByRole('dialog').getByText('Export to Kintone').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/portal/apps/${spId}/provisioning-logs`);
  });

  it('downloads the logs as CSV (summary file), with the current filter', async () => {
    await page.goto(`${stack.portalUrl}logs?action=create`);
    await logsTable().getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Download' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^CSV: summary/ }).click()]);
    expect(download.suggestedFilename()).toBe('ProvisioningLogs.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header.split(',').slice(0, 3)).toEqual(['id', 'activityDateTime', 'tenantId']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(',create,'))).toBe(true);
    expect(csv).toContain('robin.ondemand@provsim.onmicrosoft.com');
  });

  it('has no serious or critical axe-core violation on the views visited', () => {
    expect(axe.violations).toEqual([]);
  });
});
