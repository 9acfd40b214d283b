/**
 * Regenerates the admin portal's screenshots in docs/portal/*.png (after `npm run build`):
 *
 *   npx ts-node --transpile-only scripts/portal-screenshots.ts [name…]
 *
 * Starts the stack as the browser tests do (apps/portal/browser/harness.ts: manual clock, demo tenant, fresh data),
 * signs in with the printed link and visits each view of SHOTS in order (a shot may use what an earlier one did).
 * With names, only those shots are written (the others still run, for their side effects).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { addTitleExpression } from '../apps/portal/browser/edit-attribute-steps';
import { startPortalStack, type PortalStack } from '../apps/portal/browser/harness';

interface Shot {
  name: string;
  /** Brings the page to the view; the screenshot is taken once it and its animations have settled. */
  show(page: Page, stack: PortalStack): Promise<void>;
}

const OUT = resolve(__dirname, '../docs/portal');
const users = (page: Page) => page.getByRole('table', { name: 'Users' });

const SHOTS: Shot[] = [
  {
    name: 'signin',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}signin`);
      await page.getByRole('heading', { name: 'Sign in to provsim' }).waitFor();
    },
  },
  {
    name: 'home',
    show: async (page, stack) => {
      await page.goto(stack.signInUrl);
      await page.getByTestId('org-name').getByText('provsim').waitFor();
      await page.getByText('Manage users').waitFor();
    },
  },
  {
    name: 'targets',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}simulator/targets`);
      await page.getByRole('table', { name: 'SCIM target tenants' }).getByRole('link', { name: 'default', exact: true }).waitFor();
    },
  },
  {
    name: 'target-requests',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}simulator/targets/default?tab=requests&method=POST`);
      await page.getByRole('table', { name: 'Request log' }).getByRole('row').nth(1).click();
      await page.getByRole('dialog').getByText('Response body').waitFor();
    },
  },
  {
    name: 'faults',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}simulator/targets/default?tab=faults`);
      await page.getByRole('button', { name: 'Add fault' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('spinbutton', { name: /Probability/ }).fill('30');
      await dialog.getByRole('spinbutton', { name: /Retry-After/ }).fill('120');
      // From tomorrow (real time): the rule is shown, yet no later shot's cycle meets it.
      const tomorrow = new Date(Date.now() + 86_400_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 11) + '09:00';
      await dialog.getByLabel(/Active from/).fill(tomorrow);
      await dialog.getByRole('button', { name: 'Add' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page
        .getByRole('table', { name: 'Fault rules' })
        .getByText(/answer 503/)
        .waitFor();
    },
  },
  {
    name: 'users',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}users`);
      await users(page).getByRole('row').nth(10).waitFor();
    },
  },
  {
    name: 'new-user',
    show: async (page) => {
      await page.getByRole('button', { name: 'New user' }).click();
      await page.getByRole('dialog').getByLabel('Display name').fill('Quinn Demo');
      await page.getByRole('dialog').getByRole('textbox', { name: 'Department' }).fill('Sales');
    },
  },
  {
    name: 'user',
    show: async (page, stack) => {
      await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
      await page.getByText('was created').waitFor();
      await page.goto(`${stack.portalUrl}users?q=adele`);
      await users(page).getByRole('link', { name: 'Adele Vance' }).click();
      await page.getByRole('heading', { name: 'Adele Vance' }).waitFor();
      await page.getByTestId('user-manager').filter({ hasNotText: '…' }).waitFor();
    },
  },
  {
    name: 'edit-user',
    show: async (page) => {
      await page.getByRole('button', { name: 'Edit properties' }).click();
      await page.getByRole('dialog', { name: 'Edit properties' }).getByRole('textbox', { name: 'Department' }).fill('Retail Operations');
    },
  },
  {
    name: 'users-search',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}users?q=quinn`);
      await page.getByTestId('users-count').getByText('1 user found').waitFor();
    },
  },
  {
    name: 'deleted-users',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}users?q=quinn`);
      await users(page).getByRole('link', { name: 'Quinn Demo' }).click();
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await page.waitForURL((url) => url.pathname === '/portal/users');
      await page.goto(`${stack.portalUrl}users/deleted`);
      await page.getByRole('table', { name: 'Deleted users' }).getByText('Quinn Demo').waitFor();
    },
  },
  {
    name: 'groups',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}groups`);
      await page.getByRole('table', { name: 'Groups' }).getByRole('row').nth(1).waitFor();
    },
  },
  {
    name: 'group',
    show: async (page) => {
      await page.getByRole('table', { name: 'Groups' }).getByRole('link').first().click();
      await page.getByRole('table', { name: 'Members' }).getByRole('row').nth(1).waitFor();
    },
  },
  {
    name: 'simulator',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}simulator`);
      await page.getByRole('heading', { name: 'Simulated clock' }).waitFor();
      await page.getByRole('button', { name: 'Advance…' }).click();
      await page.getByRole('button', { name: /^Advance 1 hour$/ }).waitFor();
    },
  },
  {
    name: 'provisioning-logs',
    show: async (page, stack) => {
      await page.keyboard.press('Escape');
      await page.goto(`${stack.portalUrl}logs`);
      await page.getByRole('group', { name: 'Simulated clock' }).getByRole('button', { name: 'Advance 40 minutes' }).click();
      await page.getByRole('table', { name: 'Provisioning logs' }).getByRole('row').nth(8).waitFor();
    },
  },
  {
    name: 'log-entry-modified-properties',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}logs?action=create`);
      await page.getByRole('table', { name: 'Provisioning logs' }).getByRole('row').nth(1).getByRole('link').click();
      await page.getByRole('dialog').getByRole('tab', { name: 'Modified properties' }).click();
      await page.getByRole('dialog').getByRole('table', { name: 'Modified properties' }).waitFor();
    },
  },
  {
    name: 'log-entry-scim-requests',
    show: async (page) => {
      await page
        .getByRole('dialog')
        .getByRole('tab', { name: /SCIM requests/ })
        .click();
      await page.getByRole('dialog').getByTestId('scim-request-header').first().waitFor();
    },
  },
  {
    name: 'provision-on-demand',
    show: async (page, stack) => {
      const call = async (path: string, body?: unknown) => {
        const response = await fetch(stack.baseUrl + path, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { Authorization: `Bearer ${stack.adminToken}`, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return (await response.json()) as { id: string; value: { id: string; displayName: string }[] };
      };
      const sp = (await call('/v1.0/servicePrincipals?$select=id,displayName')).value.find((a) => a.displayName === 'Kintone')!.id;
      const user = await call('/v1.0/users', {
        displayName: 'Robin Ondemand',
        userPrincipalName: 'robin.ondemand@provsim.onmicrosoft.com',
        mailNickname: 'robin.ondemand',
        accountEnabled: true,
        givenName: 'Robin',
        surname: 'Ondemand',
        passwordProfile: { password: 'Pr0vsim!demo-42' },
      });
      await call(`/v1.0/servicePrincipals/${sp}/appRoleAssignedTo`, {
        principalId: user.id,
        resourceId: sp,
        appRoleId: '00000000-0000-0000-0000-000000000000',
      });
      await page.goto(`${stack.portalUrl}apps/${sp}/provision-on-demand?user=${user.id}`);
      await page.getByRole('button', { name: 'Provision' }).click();
      await page.getByText('Create · Success').waitFor();
      await page.getByTestId('scim-request-header').first().waitFor();
    },
  },
  {
    name: 'enterprise-apps',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}apps`);
      await page.getByRole('table', { name: 'Enterprise applications' }).getByRole('link', { name: 'Kintone' }).waitFor();
    },
  },
  {
    name: 'gallery',
    show: async (page) => {
      await page.getByRole('button', { name: 'New application' }).click();
      await page.getByRole('heading', { name: 'Browse Microsoft Entra Gallery' }).waitFor();
      await page.getByText('Cybozu, Inc.').waitFor();
    },
  },
  {
    name: 'users-and-groups',
    show: async (page, stack) => {
      await page.goto(`${stack.portalUrl}apps`);
      await page.getByRole('table', { name: 'Enterprise applications' }).getByRole('link', { name: 'Kintone' }).click();
      await page.getByRole('tab', { name: 'Users and groups' }).click();
      await page.getByRole('table', { name: 'Assigned users and groups' }).getByRole('row').nth(2).waitFor();
    },
  },
  {
    name: 'provisioning-overview',
    show: async (page) => {
      await page.getByRole('tab', { name: 'Provisioning', exact: true }).click();
      await page
        .getByLabel('Current cycle status')
        .getByText(/cycle completed/)
        .waitFor();
    },
  },
  {
    name: 'quarantine',
    show: async (page, stack) => {
      const call = (url: string, token: string, method: string, body: unknown) =>
        fetch(url, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
      await call(`${stack.scim.url}/admin/tenants/default/token`, stack.scim.adminToken, 'POST', {});
      const found = (await (
        await fetch(`${stack.baseUrl}/v1.0/users?$filter=startswith(displayName,'Alex')&$select=id`, {
          headers: { Authorization: `Bearer ${stack.adminToken}` },
        })
      ).json()) as {
        value: { id: string }[];
      };
      await call(`${stack.baseUrl}/v1.0/users/${found.value[0].id}`, stack.adminToken, 'PATCH', {
        jobTitle: 'Moved',
        displayName: 'Alex Wilber (moved)',
      });
      await page.getByRole('group', { name: 'Simulated clock' }).getByRole('button', { name: 'Advance 40 minutes' }).click();
      await page.getByRole('alert').filter({ hasText: 'Your application is in quarantine' }).waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'edit-provisioning',
    show: async (page) => {
      await page.getByRole('toolbar', { name: 'Provisioning commands' }).getByRole('button', { name: 'Edit provisioning' }).click();
      await page.getByRole('table', { name: 'Mappings' }).getByRole('link').first().waitFor();
    },
  },
  {
    name: 'attribute-mapping',
    show: async (page) => {
      await page.getByRole('table', { name: 'Mappings' }).getByRole('link', { name: 'Provision Microsoft Entra ID Users' }).click();
      await page.getByRole('table', { name: 'Attribute Mappings' }).getByRole('cell', { name: 'userPrincipalName', exact: true }).waitFor();
    },
  },
  {
    name: 'edit-attribute',
    show: async (page) => {
      const dialog = await addTitleExpression(page);
      await dialog.locator('output').getByText(' - ').waitFor();
    },
  },
  {
    name: 'scoping-filter',
    show: async (page) => {
      await page.getByRole('dialog', { name: 'Edit attribute' }).getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'All records' }).click();
      const dialog = page.getByRole('dialog', { name: 'Source Object Scope' });
      await dialog.getByRole('button', { name: 'Add scoping filter' }).click();
      await dialog.getByRole('button', { name: 'Add new scoping clause' }).click();
      await dialog.getByRole('combobox', { name: 'Attribute Name' }).click();
      await page.getByRole('option', { name: 'department', exact: true }).click();
      await dialog.getByRole('textbox', { name: 'Attribute Value' }).fill('Sales & Marketing');
      await dialog.getByRole('button', { name: 'Add new scoping clause' }).click();
      await dialog.getByRole('combobox', { name: 'Operator' }).last().click();
      await page.getByRole('option', { name: 'IS NOT NULL', exact: true }).click();
    },
  },
  {
    name: 'users-dark',
    show: async (page, stack) => {
      await page.keyboard.press('Escape');
      await page.goto(`${stack.portalUrl}users`);
      await page.getByRole('button', { name: 'Dark theme' }).click();
      await users(page).getByRole('row').nth(10).waitFor();
    },
  },
];

async function main(): Promise<void> {
  const only = new Set(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  const stack = await startPortalStack({ viewport: { width: 1366, height: 800 } });
  try {
    for (const shot of SHOTS) {
      await shot.show(stack.page, stack);
      await stack.page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
      if (only.size > 0 && !only.has(shot.name)) continue;
      const file = join(OUT, `${shot.name}.png`);
      await stack.page.screenshot({ path: file });
      process.stdout.write(`${file}\n`);
    }
  } finally {
    // Back to the light theme for whoever reads the profile next (it is thrown away anyway).
    await stack.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
