import { SimulatedClock } from '@app/platform';

/** A wall clock the test moves by hand. */
function wall(start = 1_000_000) {
  let now = start;
  return { read: () => now, move: (ms: number) => (now += ms) };
}

describe('SimulatedClock.setAcceleration', () => {
  it('runs on at the new factor from the instant shown, without a jump', async () => {
    const w = wall();
    const clock = new SimulatedClock({ kind: 'accelerated', factor: 10 }, w.read, 0);
    w.move(1_000);
    expect(clock.now().getTime()).toBe(10_000);
    expect((await clock.setAcceleration(600)).getTime()).toBe(10_000);
    expect(clock.describe()).toBe('accelerated:600');
    w.move(1_000);
    expect(clock.now().getTime()).toBe(610_000);
  });

  it('saves the new mode before it applies, with the lead ahead at the new factor', async () => {
    const w = wall();
    const saved: { mode: string; simulatedMs: number }[] = [];
    const clock = new SimulatedClock({ kind: 'accelerated', factor: 10 }, w.read, 0);
    clock.persistWith(async (s) => void saved.push(s), { leadMs: 100 });
    await clock.checkpoint();
    w.move(50);
    await clock.setAcceleration(2);
    expect(saved.at(-1)).toEqual({ mode: 'accelerated:2', simulatedMs: 500 + 100 * 2 });
    w.move(1_000);
    // Never past the saved instant until the next checkpoint.
    expect(clock.now().getTime()).toBe(700);
  });

  it('does not change the mode when saving fails', async () => {
    const w = wall();
    const clock = new SimulatedClock({ kind: 'accelerated', factor: 10 }, w.read, 0);
    clock.persistWith(() => Promise.reject(new Error('disk full')));
    await expect(clock.setAcceleration(5)).rejects.toThrow('disk full');
    expect(clock.describe()).toBe('accelerated:10');
  });

  it.each([
    [{ kind: 'manual' } as const, 'manual'],
    [{ kind: 'real' } as const, 'real'],
  ])('refuses a %s clock', async (mode, name) => {
    const clock = new SimulatedClock(mode);
    await expect(clock.setAcceleration(5)).rejects.toThrow(`A ${name} clock has no acceleration factor`);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the factor %s', async (factor) => {
    const clock = new SimulatedClock({ kind: 'accelerated', factor: 10 });
    await expect(clock.setAcceleration(factor)).rejects.toThrow('positive');
  });
});
