/**
 * provsim soak with groups, end to end in this process: with the generic profile the invariant covers the in-scope
 * groups (their mapped values and their members, by target id) besides the users; a soak with group membership churn
 * holds every invariant, and a target that ignores member removals in group PATCHes stops the soak at the first cycle
 * where a removal was ignored, with a replay command that reproduces the failure.
 */
import type { Report } from '../src/report/report';
import { soakOptions } from '../src/soak/command';
import { runSoak } from '../src/soak/run';
import { provsim, replayArgv, startPatchRewritingProxy } from './run-provsim';
import { startTestScimTarget, type TestScimTarget } from '../../scim-target/test/harness';

jest.setTimeout(300_000);

const cli = (over: Record<string, string | undefined>) =>
  soakOptions({
    profile: 'generic',
    users: '100',
    groups: '6',
    days: '3',
    churn: '0.05',
    maxHeapGrowth: '64',
    fullCheckEvery: '36',
    ...over,
  });

describe('provsim soak with groups', () => {
  it('generic profile, 100 users and 6 groups × 3 simulated days of churn with 503s holds every invariant, groups included', async () => {
    const report = await runSoak(cli({ faults: '503:5%', seed: '11' }));
    expect(report.checks.filter((c) => c.status === 'FAILED')).toEqual([]);
    expect(report.summary).toEqual({ passed: 6, failed: 0, skipped: 0, warnings: 0 });
    expect(report.checks.find((c) => c.id === 'soak.target-matches-mappings')!.name).toMatch(/groups, with their members/);
    const cycles = report.cycles!;
    expect(cycles.length).toBeGreaterThanOrEqual(109);
    // The initial cycle created most of the 90 assigned users (5 % of the requests answer 503: those are escrowed).
    expect(cycles[0].created).toBeGreaterThan(50);
  });

  it('the kintone profile serves no groups: --groups only adds tenant churn, and the invariants hold', async () => {
    const report = await runSoak(cli({ profile: 'kintone', users: '60', groups: '4', days: '1', seed: '12' }));
    expect(report.summary).toEqual({ passed: 6, failed: 0, skipped: 0, warnings: 0 });
  });

  it('rejects a profile the registry does not know, with exit 2 and the registry’s names', async () => {
    const bad = await provsim(['soak', '--profile', 'okta']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--profile must be one of kintone, generic, got "okta"/);
  });

  describe('a target that ignores member removals in group PATCHes', () => {
    let target: TestScimTarget;
    let proxy: Awaited<ReturnType<typeof startPatchRewritingProxy>>;
    let proxyBase: string;
    /** Member removals the proxy dropped so far. */
    let dropped = 0;

    beforeAll(async () => {
      target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'generic' });
      // The planted defect: a thin proxy in front of the target that strips member removals from group PATCHes (and
      // still answers 204, as an app that ignores them would).
      proxy = await startPatchRewritingProxy(
        target.url,
        (path) => /\/Groups\//.test(path),
        (operations) => {
          const kept = operations.filter((op) => !(op.op?.toLowerCase() === 'remove' && op.path?.toLowerCase().startsWith('members')));
          dropped += operations.length - kept.length;
          return kept;
        },
      );
      proxyBase = proxy.scimBase;
    });

    afterAll(async () => {
      await proxy.close();
      await target.stop();
    });

    it('stops at the first cycle where a removal was ignored, and the replay command reproduces the failure', async () => {
      const options = cli({ target: proxyBase, token: target.token, users: '40', groups: '4', days: '3', churn: '0.05', seed: '7' });
      // The cycle in which the proxy first dropped a removal: the soak must stop exactly there.
      let firstDrop: number | null = null;
      const report = await runSoak(options, {
        onCycle: (stat) => {
          if (firstDrop === null && dropped > 0) firstDrop = stat.cycle;
        },
      });
      expect(firstDrop).not.toBeNull();
      expect(report.firstViolation).toMatchObject({ check: 'soak.target-matches-mappings', cycle: firstDrop });
      expect(report.firstViolation!.message).toMatch(
        /^group ".+": its members on the target are not its in-scope provisioned members; on the target but not members/,
      );
      const cycle = report.firstViolation!.cycle;
      expect(cycle).toBeGreaterThan(0); // groups are created with their members: only a later removal shows the defect
      expect(report.cycles![report.cycles!.length - 1].cycle).toBe(cycle);
      const failed = report.checks.find((c) => c.id === 'soak.target-matches-mappings')!;
      expect(failed).toMatchObject({ status: 'FAILED', cycle });
      expect(failed.exchanges?.some((e) => /\/Groups/.test(e.url))).toBe(true);
      expect(report.replay).toBe(
        `provsim soak --target ${proxyBase} --token "$PROVSIM_TOKEN" --profile generic --users 40 --groups 4 --days 3 --churn 0.05 --seed 7 --stop-at-cycle ${cycle}`,
      );

      // The app is emptied (as a fresh test instance would be) and the printed command is run as printed.
      expect((await target.admin('POST', '/admin/tenants/default/reset')).status).toBe(204);
      const replay = await provsim([...replayArgv(report.replay!, target.token), '--json'], { PROVSIM_TOKEN: target.token });
      expect(replay.code).toBe(1);
      const again = JSON.parse(replay.stdout) as Report;
      // Same cycle, same group, same member; the target's ids are new (the app was emptied), so they are left out.
      const withoutIds = (v: Report['firstViolation']) => ({ ...v, message: v!.message.replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/g, '<id>') });
      expect(withoutIds(again.firstViolation)).toEqual(withoutIds(report.firstViolation));
      expect(replay.stdout).not.toContain(target.token);
    });
  });
});
