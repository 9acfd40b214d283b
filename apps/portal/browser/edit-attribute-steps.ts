import type { Locator, Page } from 'playwright-core';

/** The expression the configuration editors' browser test and screenshots map to `title`. */
export const TITLE_EXPRESSION = 'Join(" - ", [department], [jobTitle])';

/**
 * On an Attribute Mapping page: Add New Mapping → Mapping type Expression → TITLE_EXPRESSION, tested on Megan Bowen.
 * Answers the Edit attribute dialog (its `output` shows the live result).
 */
export async function addTitleExpression(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add New Mapping' }).click();
  await page.waitForURL((url) => url.searchParams.get('attribute') === 'new');
  const dialog = page.getByRole('dialog', { name: 'Edit attribute' });
  const expression = dialog.getByRole('textbox', { name: 'Expression' });
  // A choice made while the dialog is still opening was once lost in CI (the field stayed "Direct"): choose again
  // until the Expression field shows, a few times at most.
  for (let attempt = 1; ; attempt++) {
    await dialog.getByRole('combobox', { name: 'Mapping type' }).click();
    await page.getByRole('option', { name: 'Expression', exact: true }).click();
    const shown = await expression.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown || attempt === 3) break;
  }
  await expression.fill(TITLE_EXPRESSION);
  await dialog.getByRole('combobox', { name: 'Test with a user' }).fill('Megan');
  await page.getByRole('option', { name: /Megan Bowen/ }).click();
  return dialog;
}
