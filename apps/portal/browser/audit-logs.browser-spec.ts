import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { graphJson, AxeAudit, openEnterpriseApp, startPortalStack, type PortalStack, settledColumn } from './harness';

/**
 * Audit logs in a real browser against `npm start` on a manual clock: Stop provisioning on Kintone's Provisioning
 * page → the tenant's Audit logs list "Disable/pause provisioning configuration" → its details pane names Kintone's
 * service principal as the target → the app's own Audit logs tab lists the entry too; axe-core on every view. With
 * PORTAL_SCREENSHOTS_DIR set, the list with the open entry is saved there as audit-logs.png (docs/portal).
 */
describe('portal: audit logs (browser)', () => {
  let stack: PortalStack;
  let page: Page;
  let spId: string;
  const shots = process.env.PORTAL_SCREENSHOTS_DIR;
  const auditTable = () => page.getByRole('table', { name: 'Audit logs' });

  const axe = new AxeAudit(() => page);
  const audit = (name: string) => axe.audit(name);
  async function shoot(name: string) {
    if (!shots) return;
    mkdirSync(shots, { recursive: true });
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    await page.screenshot({ path: join(shots, `${name}.png`) });
  }

  beforeAll(async () => {
    stack = await startPortalStack({ viewport: { width: 1366, height: 800 } });
    page = stack.page;
    const sps = await graphJson<{ value: { id: string }[] }>(stack, `/v1.0/servicePrincipals?$filter=displayName eq 'Kintone'`);
    spId = sps.value[0].id;
    // A directory change besides the provisioning one (the list then shows both services).
    const users = await graphJson<{ value: { id: string }[] }>(stack, `/v1.0/users?$top=1&$filter=startswith(displayName,'Megan')`);
    await graphJson(stack, `/v1.0/users/${users.value[0].id}`, { method: 'PATCH', body: { jobTitle: 'Sales Lead', department: 'Sales' } });
    await page.goto(stack.signInUrl);
    await openEnterpriseApp(page, 'Kintone');
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('lists "Disable/pause provisioning configuration" after Stop provisioning, with the service principal as target', async () => {
    await page.getByRole('tab', { name: 'Provisioning', exact: true }).click();
    const commands = page.getByRole('toolbar', { name: 'Provisioning commands' });
    // click() waits until the button is enabled (the job loaded and running); Start is enabled once the pause is saved.
    await commands.getByRole('button', { name: 'Stop provisioning' }).click();
    const start = commands.getByRole('button', { name: 'Start provisioning', exact: true });
    for (const until = Date.now() + 30_000; !(await start.isEnabled()); await page.waitForTimeout(100))
      expect(Date.now()).toBeLessThan(until);

    await page.getByRole('navigation', { name: 'Navigation' }).getByText('Audit logs', { exact: true }).click();
    await page.getByRole('heading', { name: 'Audit logs', level: 1 }).waitFor();
    const row = auditTable().getByRole('row').filter({ hasText: 'Disable/pause provisioning configuration' });
    await row.first().waitFor();
    expect(await auditTable().getByRole('columnheader').allTextContents()).toEqual([
      'Date',
      'Service',
      'Category',
      'Activity',
      'Status',
      'Status reason',
      'Target(s)',
      'Initiated by (actor)',
    ]);
    const cells = await row.first().getByRole('cell').allTextContents();
    expect(cells.slice(1, 5)).toEqual([
      'Account Provisioning',
      'ProvisioningManagement',
      'Disable/pause provisioning configuration',
      'Success',
    ]);
    expect(cells[6]).toBe('Kintone');
    await audit('Audit logs');
    await shoot('audit-logs');

    await row.first().getByRole('link', { name: 'Disable/pause provisioning configuration' }).click();
    const pane = page.getByRole('dialog');
    await pane.getByRole('table', { name: 'Activity' }).waitFor();
    expect(new URL(page.url()).searchParams.get('entry')).toBeTruthy();
    await audit('Audit log entry: Activity');

    await pane.getByRole('tab', { name: 'Target(s)' }).click();
    const target = pane.getByRole('table', { name: 'Target 1' });
    await target.waitFor();
    const text = await target.textContent();
    expect(text).toContain('ServicePrincipal');
    expect(text).toContain(spId);
    expect(text).toContain('Kintone');
    await audit('Audit log entry: Target(s)');
    await pane.getByRole('button', { name: 'Close' }).click();
    await pane.waitFor({ state: 'detached' });
  });

  it("filters by category in the URL, and the app's Audit logs tab lists its own entries", async () => {
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'ProvisioningManagement' }).click();
    await page.waitForURL((url) => url.searchParams.get('category') === 'ProvisioningManagement');
    await auditTable().getByRole('row').nth(1).waitFor();
    const categories = await settledColumn(auditTable(), 3, ['ProvisioningManagement']);
    expect(new Set(categories)).toEqual(new Set(['ProvisioningManagement']));

    await page.goto(`${stack.portalUrl}apps/${spId}/audit-logs`);
    await page.getByRole('tab', { name: 'Audit logs', selected: true }).waitFor();
    await auditTable().getByRole('row').filter({ hasText: 'Disable/pause provisioning configuration' }).first().waitFor();
    const targets = await auditTable().getByRole('row').locator('td:nth-child(7)').allTextContents();
    expect(targets.every((t) => t.includes('Kintone'))).toBe(true);
    await audit('App: Audit logs');
  });

  it('has no serious accessibility violations', () => {
    expect(axe.violations).toEqual([]);
  });
});
