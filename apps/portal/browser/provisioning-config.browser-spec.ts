import type { Page } from 'playwright-core';
import { addTitleExpression } from './edit-attribute-steps';
import { advanceClock, AxeAudit, openEnterpriseApp, startPortalStack, type PortalStack } from './harness';

/**
 * The configuration editors, in a real browser against `npm start` on a manual clock: Kintone → Edit provisioning →
 * its user mapping: add `title` to the target's attribute list, map it from an expression whose live output is checked
 * for a picked user, save past the re-sync warning, advance the clock and find the PATCHes carrying the new title →
 * a wrong Secret Token fails Test Connection with the API's message → Prevent accidental deletion with a threshold of
 * 2, unassign the Sales and Marketing group, advance: the job stops at the threshold; Restart allowing the deletes
 * lets them through.
 */
describe('portal: the provisioning configuration editors (browser)', () => {
  let stack: PortalStack;
  let page: Page;
  const advance = () => advanceClock(page);
  const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();
  const axe = new AxeAudit(() => page);
  const audit = (name: string) => axe.audit(name);
  async function editProvisioning() {
    await tab('Provisioning');
    await page.getByRole('toolbar', { name: 'Provisioning commands' }).getByRole('button', { name: 'Edit provisioning' }).click();
    await page.getByRole('heading', { name: 'Edit provisioning' }).waitFor();
    await page.getByLabel('Tenant URL').waitFor();
  }

  beforeAll(async () => {
    stack = await startPortalStack();
    page = stack.page;
    await page.goto(stack.signInUrl);
    await openEnterpriseApp(page, 'Kintone');
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('maps title from an expression, checks its live output for a user, saves past the re-sync warning, and the next cycle PATCHes it', async () => {
    const found = (await (
      await fetch(`${stack.baseUrl}/v1.0/users?$filter=startswith(displayName,'Megan')&$select=userPrincipalName,department,jobTitle`, {
        headers: { Authorization: `Bearer ${stack.adminToken}` },
      })
    ).json()) as { value: { userPrincipalName: string; department: string; jobTitle: string }[] };
    const megan = found.value[0];
    const title = `${megan.department} - ${megan.jobTitle}`;

    await editProvisioning();
    await audit('Edit provisioning');
    await page.getByRole('table', { name: 'Mappings' }).getByRole('link', { name: 'Provision Microsoft Entra ID Users' }).click();
    await page.getByRole('heading', { name: 'Attribute Mapping', exact: true }).waitFor();
    const mappings = page.getByRole('table', { name: 'Attribute Mappings' });
    await mappings.getByRole('cell', { name: 'userPrincipalName', exact: true }).waitFor();

    // Kintone's user has no title: add it to the target's attribute list (advanced options).
    await page.getByRole('checkbox', { name: 'Show advanced options' }).check();
    await page.getByLabel('New attribute name').fill('title');
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.getByRole('table', { name: 'Attribute list for Kintone' }).getByRole('cell', { name: 'title', exact: true }).waitFor();
    await audit('Attribute mapping');

    const dialog = await addTitleExpression(page);
    await dialog.locator('output').getByText(title, { exact: true }).waitFor();
    await dialog.getByRole('combobox', { name: 'Target attribute' }).click();
    await page.getByRole('option', { name: 'title', exact: true }).click();
    await audit('Edit attribute');
    await dialog.getByRole('button', { name: 'Ok' }).click();
    await mappings.getByRole('cell', { name: 'Join(" - ", [department], [jobTitle])' }).waitFor();

    await page.getByRole('toolbar', { name: 'Attribute mapping commands' }).getByRole('button', { name: 'Save' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Save changes' });
    expect(await confirm.textContent()).toContain('full (initial) cycle');
    await confirm.getByRole('button', { name: 'Yes' }).click();
    await page.getByText('The mappings were saved.').waitFor();
    // Saved as the API parsed it: the list shows the stored expression.
    await mappings.getByRole('cell', { name: /^Join\(" - ", \[department\], \[jobTitle\]\)$/ }).waitFor();

    await tab('Provisioning logs');
    await page.getByRole('table', { name: 'Provisioning logs' }).getByRole('row').nth(1).waitFor();
    await advance();
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Update' }).click();
    await page
      .getByRole('table', { name: 'Provisioning logs' })
      .getByRole('row')
      .filter({ hasText: megan.userPrincipalName })
      .first()
      .getByRole('link')
      .click();
    const pane = page.getByRole('dialog');
    await pane.getByRole('tab', { name: /SCIM requests/ }).click();
    await pane
      .getByTestId('scim-request-header')
      .filter({ hasText: /^PATCH200/ })
      .first()
      .waitFor();
    expect(await pane.getByTestId('scim-request-body').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(title)]));
    await pane.getByRole('button', { name: 'Close' }).click();
  });

  it('a wrong Secret Token fails Test Connection with the API message', async () => {
    await editProvisioning();
    expect(await page.getByLabel('Secret Token').inputValue()).toBe('');
    await page.getByLabel('Secret Token').fill('not-the-token');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Test Connection failed' });
    await failure.waitFor();
    expect(await failure.textContent()).toContain('You appear to have entered invalid credentials');
    await page.getByRole('toolbar', { name: 'Edit provisioning commands' }).getByRole('button', { name: 'Discard' }).click();
    expect(await page.getByLabel('Secret Token').inputValue()).toBe('');
  });

  it('stops at the accidental deletion threshold after a group is unassigned, and Restart allowing the deletes lets them through', async () => {
    await editProvisioning();
    await page.getByRole('checkbox', { name: 'Prevent accidental deletion' }).check();
    await page.getByRole('spinbutton', { name: 'Accidental deletion threshold' }).fill('2');
    await page.getByRole('spinbutton', { name: 'Accidental deletion threshold' }).press('Tab');
    await page.getByRole('toolbar', { name: 'Edit provisioning commands' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('The provisioning settings were saved.').waitFor();
    expect(await page.getByRole('spinbutton', { name: 'Accidental deletion threshold' }).inputValue()).toBe('2');

    await tab('Users and groups');
    await page.getByRole('button', { name: 'Remove Sales and Marketing' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await tab('Provisioning');
    await page.getByLabel('Current cycle status').waitFor();
    await advance();
    const banner = page.getByRole('alert').filter({ hasText: 'Your application is in quarantine' });
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/Reason: TooManyDeletes/);
    expect(await banner.textContent()).toMatch(/more than the accidental deletion threshold of 2/);

    await page.getByRole('button', { name: 'Restart provisioning' }).click();
    const restart = page.getByRole('dialog', { name: 'Restart provisioning' });
    await restart.getByRole('radio', { name: /Allow the deletes held back/ }).check();
    await restart.getByRole('button', { name: 'Restart' }).click();
    await restart.waitFor({ state: 'detached' });
    await advance();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });

    await tab('Provisioning logs');
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Disable' }).click();
    await page.getByRole('table', { name: 'Provisioning logs' }).getByRole('row').nth(3).waitFor();
  });

  it('has no serious or critical axe-core violation on the views visited', () => {
    expect(axe.violations).toEqual([]);
  });
});
