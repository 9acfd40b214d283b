import type { Locator, Page } from 'playwright-core';

/** The expression the configuration editors' browser test and screenshots map to `title`. */
export const TITLE_EXPRESSION = 'Join(" - ", [department], [jobTitle])';

/**
 * On an Attribute Mapping page: Add New Mapping → Mapping type Expression → TITLE_EXPRESSION, tested on Megan Bowen.
 * Answers the Edit attribute dialog (its `output` shows the live result).
 */
export async function addTitleExpression(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add New Mapping' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit attribute' });
  await dialog.getByRole('combobox', { name: 'Mapping type' }).click();
  await page.getByRole('option', { name: 'Expression', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Expression' }).fill(TITLE_EXPRESSION);
  await dialog.getByRole('combobox', { name: 'Test with a user' }).fill('Megan');
  await page.getByRole('option', { name: /Megan Bowen/ }).click();
  return dialog;
}
