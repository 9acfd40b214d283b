import type { Page } from 'playwright-core';
import { advanceClock, startPortalStack, type PortalStack, graphJson, type JsonInit, callJson } from './harness';

interface GraphUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
}
interface Job {
  id: string;
  status: { lastExecution: { state: string } | null };
}

/**
 * Fault injection through the portal, in a real browser against `npm start` on a manual clock: the printed sign-in
 * link connects the SCIM target too → the demo job's target tenant (default) → Faults: 503 at 30 % on /Users* →
 * change users, advance the clock: the Provisioning logs show failures with Entra's retry text → remove the fault in
 * the UI, advance until the loop converges: the last cycle has no failure, the target stores every change and Drift reads
 * zero differences.
 */
describe('portal: SCIM target fault injection (browser)', () => {
  let stack: PortalStack;
  let page: Page;
  const advance = () => advanceClock(page);
  const renamed = new Map<string, string>();

  const graph = <T>(path: string, init?: JsonInit) => graphJson<T>(stack, path, init);

  const storedUsers = () =>
    callJson<{ Resources: Record<string, unknown>[] }>(
      `${stack.scim.url}/admin/tenants/default/stored/Users?count=200`,
      stack.scim.adminToken,
    );

  /** Renames every user the target stores (its userName is the UPN), and remembers the new names by UPN. */
  async function renameUsers(round: number): Promise<void> {
    const inTarget = new Set((await storedUsers()).Resources.map((r) => String(r.userName).toLowerCase()));
    const users = await graph<{ value: GraphUser[] }>('/v1.0/users?$top=100&$select=id,displayName,userPrincipalName');
    for (const user of users.value.filter((u) => inTarget.has(u.userPrincipalName.toLowerCase()))) {
      const displayName = `${user.displayName.replace(/ \(r\d+\)$/, '')} (r${round})`;
      await graph(`/v1.0/users/${user.id}`, { method: 'PATCH', body: { displayName } });
      renamed.set(user.userPrincipalName.toLowerCase(), displayName);
    }
  }

  async function demoJob(): Promise<{ servicePrincipalId: string; job: Job }> {
    const sps = await graph<{ value: { id: string; displayName: string }[] }>(`/v1.0/servicePrincipals?$filter=displayName eq 'Kintone'`);
    const servicePrincipalId = sps.value[0].id;
    const jobs = await graph<{ value: Job[] }>(`/v1.0/servicePrincipals/${servicePrincipalId}/synchronization/jobs`);
    return { servicePrincipalId, job: jobs.value[0] };
  }

  /** Whether the target's default tenant stores every renamed user under its new name (read through its admin API). */
  async function targetConverged(): Promise<boolean> {
    const stored = await storedUsers();
    const byUserName = new Map(stored.Resources.map((r) => [String(r.userName).toLowerCase(), JSON.stringify(r)]));
    return [...renamed].every(([upn, name]) => byUserName.get(upn)?.includes(JSON.stringify(name)) === true);
  }

  beforeAll(async () => {
    stack = await startPortalStack();
    page = stack.page;
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('opens the demo job’s target tenant, marked as provsim’s own, through the connection the sign-in link carries', async () => {
    await page.goto(stack.signInUrl);
    await page.getByRole('navigation', { name: 'Navigation' }).getByText('Simulator', { exact: true }).click();
    await page.getByRole('link', { name: 'SCIM target tenants' }).click();
    await page.getByText(/provsim — not part of Entra/).waitFor();
    await page.getByRole('table', { name: 'SCIM target tenants' }).getByRole('link', { name: 'default', exact: true }).click();
    await page.getByRole('heading', { name: 'SCIM target tenant default', level: 1 }).waitFor();
    // The demo job's initial cycle stored its users there.
    await page.getByRole('table', { name: 'Stored users' }).getByRole('row').nth(1).waitFor();
  });

  it('injects 503 at 30 % on /Users* through the Faults tab', async () => {
    await page.getByRole('tab', { name: 'Faults' }).click();
    await page.getByRole('button', { name: 'Add fault' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: /Path/ }).fill('/Users*');
    await dialog.getByRole('spinbutton', { name: /Status code/ }).fill('503');
    await dialog.getByRole('spinbutton', { name: /Probability/ }).fill('30');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Fault rules' }).getByText('answer 503 — 30 % of requests').waitFor();
  });

  it('changes users and advances the clock: the Provisioning logs show failures with the retry text', async () => {
    const { servicePrincipalId } = await demoJob();
    let failed = false;
    for (let round = 1; round <= 4 && !failed; round++) {
      await renameUsers(round);
      await advance();
      const failures = await graph<{ value: unknown[] }>(
        `/v1.0/auditLogs/provisioning?$filter=servicePrincipal/id eq '${servicePrincipalId}' and provisioningStatusInfo/status eq 'failure'&$top=1`,
      );
      failed = failures.value.length > 0;
    }
    expect(renamed.size).toBeGreaterThan(2);
    expect(failed).toBe(true);
    await page.goto(`${stack.portalUrl}apps/${servicePrincipalId}/provisioning-logs?status=failure`);
    const table = page.getByRole('table', { name: 'Provisioning logs' });
    await table.getByRole('row').nth(1).getByRole('link').click();
    const pane = page.getByRole('dialog');
    await pane.getByRole('tab', { name: 'Troubleshooting & Recommendations' }).click();
    // Entra's escrow text: "This operation was retried N times. It will be retried again after this date: …"
    await pane
      .getByRole('table', { name: 'Troubleshooting' })
      .getByText(/It will be retried again after this date/)
      .waitFor();
    await pane.getByRole('button', { name: 'Close' }).click();
  });

  it('removes the fault in the UI and advances until the loop converges: no failure in the last cycle', async () => {
    await page.goto(`${stack.portalUrl}simulator/targets/default?tab=faults`);
    const rules = page.getByRole('table', { name: 'Fault rules' });
    await rules.getByRole('button', { name: /Remove fault/ }).click();
    await rules.getByText('No fault rule: the tenant answers normally.').waitFor();
    let state = '';
    for (let i = 0; i < 8 && !(state === 'Succeeded' && (await targetConverged())); i++) {
      await advance();
      state = (await demoJob()).job.status.lastExecution?.state ?? '';
    }
    expect(state).toBe('Succeeded');
    expect(await targetConverged()).toBe(true);
    // …and the Drift view (provsim) reads zero differences.
    const { servicePrincipalId } = await demoJob();
    await page.goto(`${stack.portalUrl}apps/${servicePrincipalId}/drift`);
    await page.getByText('Zero differences: the target holds exactly what the mappings expect.').waitFor({ timeout: 60_000 });
    // The request log shows the injected 503s, and a details pane with the response the fault gave.
    await page.goto(`${stack.portalUrl}simulator/targets/default?tab=requests&status=503`);
    const log = page.getByRole('table', { name: 'Request log' });
    await log.getByRole('row').nth(1).click();
    await page
      .getByRole('dialog')
      .getByText(/Injected fault/)
      .waitFor();
  });
});
