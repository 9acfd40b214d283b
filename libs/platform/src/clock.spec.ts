import { ClockSnapshot, parseClockMode, SimulatedClock } from './clock';

describe('SimulatedClock', () => {
  it.each([
    ['real', { kind: 'real' }],
    ['manual', { kind: 'manual' }],
    ['accelerated:600', { kind: 'accelerated', factor: 600 }],
    ['accelerated:0.5', { kind: 'accelerated', factor: 0.5 }],
  ])('parses %s', (spec, mode) => {
    expect(parseClockMode(spec)).toEqual(mode);
  });

  it.each(['', 'fast', 'accelerated', 'accelerated:', 'accelerated:-1', 'accelerated:0', 'manual:1'])('rejects %j', (spec) => {
    expect(() => parseClockMode(spec)).toThrow(/clock/);
  });

  it('real follows the wall clock and cannot be advanced', async () => {
    let wall = 1_000;
    const clock = new SimulatedClock({ kind: 'real' }, () => wall);
    wall = 5_000;
    expect(clock.now().getTime()).toBe(5_000);
    await expect(clock.advance(1)).rejects.toThrow(/cannot be advanced/);
  });

  it('manual stands still until advanced, then runs the due work', async () => {
    let wall = 1_000;
    const clock = new SimulatedClock({ kind: 'manual' }, () => wall);
    const seen: number[] = [];
    clock.onAdvance((now) => {
      seen.push(now.getTime());
    });
    wall = 9_999;
    expect(clock.now().getTime()).toBe(1_000);
    expect((await clock.advance(40 * 60_000)).getTime()).toBe(1_000 + 2_400_000);
    expect(seen).toEqual([2_401_000]);
    await expect(clock.advance(-1)).rejects.toThrow();
  });

  it('accelerated: 40 simulated minutes in 4 wall seconds at factor 600, plus jumps', async () => {
    let wall = 0;
    const clock = new SimulatedClock({ kind: 'accelerated', factor: 600 }, () => wall);
    wall = 4_000;
    expect(clock.now().getTime()).toBe(40 * 60_000);
    await clock.advance(1_000);
    expect(clock.now().getTime()).toBe(40 * 60_000 + 1_000);
  });
});

describe('SimulatedClock snapshots and restore', () => {
  const DAY = 24 * 60 * 60 * 1000;

  /** A clock on a wall that only moves when told to, saving into `saved`. */
  function durableClock(spec: string, wallAt: number, saved: ClockSnapshot[], leadMs = 1_000) {
    const state = { wall: wallAt };
    const clock = new SimulatedClock(parseClockMode(spec), () => state.wall);
    clock.persistWith(
      async (snapshot) => {
        saved.push(snapshot);
      },
      { leadMs },
    );
    return { clock, state };
  }

  it.each<[string, ClockSnapshot, string, number, number]>([
    // saved by,                                    resumed as,        wall at restore, expected now
    ['manual → manual: exactly', { mode: 'manual', simulatedMs: 3 * DAY }, 'manual', 10, 3 * DAY],
    ['manual → manual, wall ahead of it: still exactly', { mode: 'manual', simulatedMs: 3 * DAY }, 'manual', 9 * DAY, 3 * DAY],
    ['manual → accelerated', { mode: 'manual', simulatedMs: 3 * DAY }, 'accelerated:60', 10, 3 * DAY],
    ['accelerated → manual', { mode: 'accelerated:600', simulatedMs: 5 * DAY }, 'manual', 10, 5 * DAY],
    ['accelerated → accelerated, other factor', { mode: 'accelerated:600', simulatedMs: 5 * DAY }, 'accelerated:2', 10, 5 * DAY],
    ['real → manual: wall time, which the real clock showed', { mode: 'real', simulatedMs: 1 * DAY }, 'manual', 2 * DAY, 2 * DAY],
    ['real that carried a later instant → manual', { mode: 'real', simulatedMs: 4 * DAY }, 'manual', 2 * DAY, 4 * DAY],
    ['manual → real: wall time', { mode: 'manual', simulatedMs: 3 * DAY }, 'real', 10, 10],
  ])('%s', (_name, snapshot, spec, wallAt, expected) => {
    const wall = wallAt;
    const clock = new SimulatedClock(parseClockMode(spec), () => wall);
    expect(clock.restore(snapshot).getTime()).toBe(expected);
    expect(clock.now().getTime()).toBe(expected);
  });

  it('the real clock keeps showing wall time but carries a later simulated instant over to its snapshot', () => {
    const clock = new SimulatedClock({ kind: 'real' }, () => 1_000);
    clock.restore({ mode: 'manual', simulatedMs: 3 * DAY });
    expect(clock.now().getTime()).toBe(1_000);
    expect(clock.snapshot()).toEqual({ mode: 'real', simulatedMs: 3 * DAY });
  });

  it.each<[string, ClockSnapshot]>([
    ['an unknown mode', { mode: 'fast', simulatedMs: 0 }],
    ['a missing instant', { mode: 'manual', simulatedMs: Number.NaN }],
    ['an infinite instant', { mode: 'manual', simulatedMs: Infinity }],
  ])('refuses a snapshot with %s', (_name, snapshot) => {
    expect(() => new SimulatedClock({ kind: 'manual' }).restore(snapshot)).toThrow(/clock/i);
  });

  it('snapshot and restore round-trip: the restored clock continues from the instant taken', async () => {
    let wall = 0;
    const first = new SimulatedClock({ kind: 'accelerated', factor: 10 }, () => wall);
    wall = 1_000;
    await first.advance(DAY);
    const snapshot = first.snapshot();
    expect(snapshot).toEqual({ mode: 'accelerated:10', simulatedMs: DAY + 10_000 });
    wall = 50_000;
    const second = new SimulatedClock({ kind: 'accelerated', factor: 10 }, () => wall);
    expect(second.restore(snapshot).getTime()).toBe(DAY + 10_000);
    wall = 51_000;
    expect(second.now().getTime()).toBe(DAY + 20_000);
  });

  it('manual: each advance is saved before the listeners run; a failed save moves nothing', async () => {
    const saved: ClockSnapshot[] = [];
    const { clock } = durableClock('manual', 1_000, saved);
    const seenSaved: number[] = [];
    clock.onAdvance(() => {
      seenSaved.push(saved.length);
    });
    await clock.checkpoint();
    await clock.advance(3 * DAY);
    expect(saved).toEqual([
      { mode: 'manual', simulatedMs: 1_000 },
      { mode: 'manual', simulatedMs: 1_000 + 3 * DAY },
    ]);
    expect(seenSaved).toEqual([2]);

    clock.persistWith(async () => {
      throw new Error('database gone');
    });
    await expect(clock.advance(DAY)).rejects.toThrow('database gone');
    expect(clock.now().getTime()).toBe(1_000 + 3 * DAY);
    expect(seenSaved).toEqual([2]);
  });

  it('concurrent advances are saved in the order they apply: the last save is the final time', async () => {
    const saved: ClockSnapshot[] = [];
    const state = { wall: 0 };
    const clock = new SimulatedClock({ kind: 'manual' }, () => state.wall);
    clock.persistWith(async (snapshot) => {
      await new Promise((resolve) => setTimeout(resolve, snapshot.simulatedMs % 7));
      saved.push(snapshot);
    });
    await Promise.all([1, 2, 3, 4, 5].map((ms) => clock.advance(ms)));
    expect(clock.now().getTime()).toBe(15);
    expect(saved.map((s) => s.simulatedMs)).toEqual([1, 3, 6, 10, 15]);
  });

  it('accelerated: never shows more than it saved; stalls at that instant when checkpoints stop, runs on after one', async () => {
    const saved: ClockSnapshot[] = [];
    const { clock, state } = durableClock('accelerated:10', 0, saved, 1_000);
    expect(clock.now().getTime()).toBe(0);
    state.wall = 500;
    expect(clock.now().getTime()).toBe(0); // nothing saved yet
    await clock.checkpoint();
    expect(saved.at(-1)).toEqual({ mode: 'accelerated:10', simulatedMs: 5_000 + 10_000 });
    expect(clock.now().getTime()).toBe(5_000);
    state.wall = 3_000; // no checkpoint for longer than the lead
    expect(clock.now().getTime()).toBe(15_000);
    await clock.checkpoint();
    expect(clock.now().getTime()).toBe(30_000);
  });

  it.each<[string, Array<['wall', number] | ['advance', number] | ['checkpoint'] | ['read']>]>([
    [
      'reads between checkpoints',
      [['checkpoint'], ['wall', 300], ['read'], ['wall', 900], ['read'], ['checkpoint'], ['wall', 1_700], ['read']],
    ],
    ['a read right after an advance', [['checkpoint'], ['wall', 100], ['advance', DAY], ['read'], ['wall', 400], ['read']]],
    ['checkpoints stopped long before the crash', [['checkpoint'], ['wall', 100], ['read'], ['wall', 60_000], ['read']]],
    ['crash before the first checkpoint after boot', [['wall', 200], ['read']]],
  ])('accelerated: a crash (%s) resumes no earlier than anything shown', async (_name, steps) => {
    const saved: ClockSnapshot[] = [{ mode: 'manual', simulatedMs: 7 * DAY }];
    const state = { wall: 0 };
    const clock = new SimulatedClock({ kind: 'accelerated', factor: 600 }, () => state.wall);
    clock.persistWith(
      async (snapshot) => {
        saved.push(snapshot);
      },
      { leadMs: 1_000 },
    );
    clock.restore(saved[0]);
    let shown = clock.now().getTime();
    for (const step of steps) {
      if (step[0] === 'wall') state.wall = step[1];
      else if (step[0] === 'advance') shown = Math.max(shown, (await clock.advance(step[1])).getTime());
      else if (step[0] === 'checkpoint') await clock.checkpoint();
      const now = clock.now().getTime();
      expect(now).toBeGreaterThanOrEqual(shown);
      shown = now;
    }
    // The process dies here: no hold, only what was saved survives.
    state.wall += 1;
    const next = new SimulatedClock({ kind: 'accelerated', factor: 600 }, () => state.wall);
    expect(next.restore(saved.at(-1)!).getTime()).toBeGreaterThanOrEqual(shown);
  });

  it('accelerated: hold() stops at the instant shown and saves exactly it, so a clean restart resumes there', async () => {
    const saved: ClockSnapshot[] = [];
    const { clock, state } = durableClock('accelerated:100', 0, saved, 10_000);
    await clock.checkpoint();
    state.wall = 2_000;
    const shown = clock.now().getTime();
    await clock.hold();
    expect(saved.at(-1)).toEqual({ mode: 'accelerated:100', simulatedMs: shown });
    state.wall = 4_000;
    expect(clock.now().getTime()).toBe(shown);
    await clock.checkpoint(); // a late timer changes nothing
    expect(saved.at(-1)).toEqual({ mode: 'accelerated:100', simulatedMs: shown });
    expect((await clock.advance(1_000)).getTime()).toBe(shown + 1_000);
    expect(saved.at(-1)).toEqual({ mode: 'accelerated:100', simulatedMs: shown + 1_000 });
    const next = new SimulatedClock({ kind: 'accelerated', factor: 100 }, () => state.wall);
    expect(next.restore(saved.at(-1)!).getTime()).toBe(shown + 1_000);
  });

  it.each<[string, Array<[spec: string, advanceMs: number, runWallMs: number]>]>([
    [
      'manual → accelerated → other factor → manual',
      [
        ['manual', 3 * DAY, 5_000],
        ['accelerated:600', DAY, 4_000],
        ['accelerated:2', 0, 9_000],
        ['manual', 0, 1_000],
      ],
    ],
    [
      'accelerated → manual → accelerated',
      [
        ['accelerated:1000', 0, 60_000],
        ['manual', 0, 1_000],
        ['accelerated:1000', 0, 1_000],
      ],
    ],
    [
      'manual → real → manual',
      [
        ['manual', 3 * DAY, 1_000],
        ['real', 0, 2_000],
        ['manual', 0, 1_000],
      ],
    ],
    [
      'real for longer than the manual lead → manual',
      [
        ['manual', 60_000, 1_000],
        ['real', 0, 600_000],
        ['manual', 0, 1_000],
      ],
    ],
  ])('restarts in other modes (%s): a simulated clock never starts earlier than the last run showed', async (_name, runs) => {
    let stored: ClockSnapshot | undefined;
    const state = { wall: 1_000_000 };
    let lastShown = -Infinity;
    for (const [spec, advanceMs, runWallMs] of runs) {
      const clock = new SimulatedClock(parseClockMode(spec), () => state.wall);
      clock.persistWith(
        async (snapshot) => {
          stored = snapshot;
        },
        { leadMs: 1_000 },
      );
      if (stored) clock.restore(stored);
      await clock.checkpoint();
      const first = clock.now().getTime();
      if (spec === 'real') expect(first).toBe(state.wall);
      else expect(first).toBeGreaterThanOrEqual(lastShown);
      if (advanceMs) await clock.advance(advanceMs);
      state.wall += runWallMs;
      lastShown = clock.now().getTime();
      await clock.hold();
      state.wall += 10_000; // down for a while
    }
  });
});
