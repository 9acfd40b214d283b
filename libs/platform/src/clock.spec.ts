import { parseClockMode, SimulatedClock } from './clock';

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
