/**
 * provsim soak end to end, in this process: a week of cycles against the local target with 503s and token
 * rotations holds every invariant; a target that drops one PATCH attribute stops the soak at the first cycle where
 * the target no longer holds what the mappings predict, and the printed replay command reproduces that failure.
 */
import type { Report } from '../src/report/report';
import { soakOptions } from '../src/soak/command';
import { parseFaults } from '../src/soak/faults';
import { runSoak } from '../src/soak/run';
import { provsim, replayArgv, startPatchRewritingProxy } from './run-provsim';
import { startTestScimTarget, type TestScimTarget } from '../../scim-target/test/harness';

jest.setTimeout(300_000);

const cli = (over: Record<string, string | undefined>) =>
  soakOptions({
    profile: 'kintone',
    users: '100',
    groups: '0',
    days: '7',
    churn: '0.01',
    maxHeapGrowth: '64',
    fullCheckEvery: '36',
    ...over,
  });

describe('provsim soak', () => {
  it('300 users × 7 simulated days with 10 % 503s and token rotations holds every invariant', async () => {
    const options = cli({ users: '300', faults: '503:10%,rotate@2d,rotate@4d+3h', seed: '42' });
    const report = await runSoak(options);
    const failed = report.checks.filter((c) => c.status === 'FAILED');
    expect(failed).toEqual([]);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['soak.target-matches-mappings', 'PASSED'],
      ['soak.no-duplicates', 'PASSED'],
      ['soak.log-entry-per-change', 'PASSED'],
      ['soak.escrows-drain', 'PASSED'],
      ['soak.quarantine-only-when-faulted', 'PASSED'],
      ['soak.memory-bounded', 'PASSED'],
    ]);
    const cycles = report.cycles!;
    // The initial cycle and one every 40 minutes for 7 days (252), then the drain once the faults stop.
    expect(cycles.length).toBeGreaterThanOrEqual(253);
    expect(cycles[0].created).toBeGreaterThan(200);
    // The faults did bite: exports failed and were escrowed, and they drained by the end.
    expect(cycles.reduce((n, c) => n + c.failed, 0)).toBeGreaterThan(0);
    expect(cycles.some((c) => c.escrowed > 0)).toBe(true);
    expect(cycles[cycles.length - 1].escrowed).toBe(0);
    expect(report.firstViolation).toBeUndefined();
    expect(report.summary).toEqual({ passed: 6, failed: 0, skipped: 0, warnings: 0 });
  });

  describe('a target that drops displayName from every PATCH', () => {
    let target: TestScimTarget;
    let proxy: Awaited<ReturnType<typeof startPatchRewritingProxy>>;
    let proxyBase: string;

    beforeAll(async () => {
      target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'kintone' });
      // The planted defect: a thin proxy in front of the target that strips the displayName operation of PATCHes.
      proxy = await startPatchRewritingProxy(
        target.url,
        () => true,
        (operations) => operations.filter((op) => op.path?.toLowerCase() !== 'displayname'),
      );
      proxyBase = proxy.scimBase;
    });

    afterAll(async () => {
      await proxy.close();
      await target.stop();
    });

    it('stops at the first cycle where the target diverges, and the replay command reproduces the failure', async () => {
      const argv = ['soak', '--target', proxyBase, '--users', '40', '--days', '2', '--churn', '0.05', '--seed', '7', '--json'];
      const first = await provsim(argv, { PROVSIM_TOKEN: target.token });
      expect(first.code).toBe(1);
      const report = JSON.parse(first.stdout) as Report;
      expect(report.firstViolation).toMatchObject({ check: 'soak.target-matches-mappings' });
      expect(report.firstViolation!.message).toMatch(/displayName/);
      const cycle = report.firstViolation!.cycle;
      expect(cycle).toBeGreaterThan(0); // creates carry displayName: only a later rename shows the defect
      // It stopped there: no cycle after the violation ran.
      expect(report.cycles![report.cycles!.length - 1].cycle).toBe(cycle);
      expect(report.checks.find((c) => c.id === 'soak.target-matches-mappings')).toMatchObject({ status: 'FAILED', cycle });
      expect(report.replay).toBe(
        `provsim soak --target ${proxyBase} --token "$PROVSIM_TOKEN" --users 40 --groups 0 --days 2 --churn 0.05 --seed 7 --stop-at-cycle ${cycle}`,
      );
      expect(first.stdout).not.toContain(target.token);

      // The app is emptied (as a fresh test instance would be) and the printed command is run as printed.
      expect((await target.admin('POST', '/admin/tenants/default/reset')).status).toBe(204);
      process.env.PROVSIM_TOKEN = target.token;
      let replay: Awaited<ReturnType<typeof provsim>>;
      try {
        replay = await provsim([...replayArgv(report.replay!), '--json'], { PROVSIM_TOKEN: target.token });
      } finally {
        delete process.env.PROVSIM_TOKEN;
      }
      expect(replay.code).toBe(1);
      const again = JSON.parse(replay.stdout) as Report;
      expect(again.firstViolation).toEqual(report.firstViolation);
    });
  });

  it('rejects a bad --faults spec, and faults against a remote target, with exit 2', async () => {
    expect(() => parseFaults('503:10')).toThrow(/percentage/);
    expect(() => parseFaults('503:10%@2x')).toThrow(/duration/);
    expect(() => parseFaults('rotate')).toThrow(/rotate needs a time/);
    expect(() => parseFaults('lag=5ms')).toThrow(/is not a fault/);
    expect(parseFaults('503:10%,429:100%/retry=120@2d+1h,latency=20ms:5%,drop:1%@1d,rotate@3d,rotate@5d+8h')).toEqual([
      { kind: 'status', status: 503, rate: 0.1, from: 0, until: Infinity, text: '503:10%' },
      {
        kind: 'status',
        status: 429,
        rate: 1,
        retryAfter: 120,
        from: 2 * 86_400_000,
        until: 2 * 86_400_000 + 3_600_000,
        text: '429:100%/retry=120@2d+1h',
      },
      { kind: 'latency', latencyMs: 20, rate: 0.05, from: 0, until: Infinity, text: 'latency=20ms:5%' },
      { kind: 'drop', rate: 0.01, from: 86_400_000, until: Infinity, text: 'drop:1%@1d' },
      { kind: 'rotate', at: 3 * 86_400_000, staleForMs: 0, text: 'rotate@3d' },
      { kind: 'rotate', at: 5 * 86_400_000, staleForMs: 8 * 3_600_000, text: 'rotate@5d+8h' },
    ]);
    const bad = await provsim(['soak', '--faults', '503:ten%']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--faults: "503:ten%": the rate "ten%" must be a percentage/);
    const remote = await provsim(['soak', '--target', 'http://127.0.0.1:9/scim/v2', '--token', 'secret-token-123', '--faults', '503:10%']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/--faults needs the local target/);
    expect(remote.stderr).not.toContain('secret-token-123');
    const users = await provsim(['soak', '--users', 'many']);
    expect(users.code).toBe(2);
    expect(users.stderr).toMatch(/--users must be a whole number/);
  });
});
