import { CheckFailure, CheckSkipped, evaluate, runChecks, type CheckDefinition, type Outcome } from '../src/validate/framework';

describe('check evaluation', () => {
  it.each<[string, boolean, Outcome, string]>([
    ['passed, mandatory', true, { kind: 'passed' }, 'PASSED'],
    ['passed, optional', false, { kind: 'passed' }, 'PASSED'],
    ['failure, mandatory', true, { kind: 'error', error: new CheckFailure('bad', 'good', 'fix it') }, 'FAILED'],
    ['failure, optional → warning', false, { kind: 'error', error: new CheckFailure('bad') }, 'WARNING'],
    ['skipped, mandatory', true, { kind: 'error', error: new CheckSkipped('absent') }, 'SKIPPED'],
    ['unexpected error, mandatory', true, { kind: 'error', error: new TypeError('x is undefined') }, 'FAILED'],
    ['unexpected error, optional', false, { kind: 'error', error: 'boom' }, 'WARNING'],
  ])('%s → %s', (_name, mandatory, outcome, status) => {
    expect(evaluate(mandatory, outcome).status).toBe(status);
  });

  it('keeps the message, what Entra expects and the fix of a failure', () => {
    expect(evaluate(true, { kind: 'error', error: new CheckFailure('answered 400', '204', 'accept it') })).toEqual({
      status: 'FAILED',
      message: 'answered 400',
      expected: '204',
      fix: 'accept it',
    });
    expect(evaluate(true, { kind: 'error', error: new Error('socket hang up') }).message).toBe('the check stopped: socket hang up');
  });
});

describe('running checks', () => {
  const recorder = { capture: () => () => [{ method: 'GET', url: 'http://x', status: 500 }] };
  const def = (
    id: string,
    mandatory: boolean | ((c: { flag: boolean }) => boolean),
    run: () => Promise<void>,
    requires?: string[],
  ): CheckDefinition<{ flag: boolean }> => ({
    id,
    name: id,
    group: 'g',
    mandatory,
    run,
    ...(requires ? { requires } : {}),
  });

  it('skips a check whose prerequisite failed, resolves mandatory per context, keeps exchanges of failures only', async () => {
    const results = await runChecks(
      [
        def('a', true, async () => {
          throw new CheckFailure('no');
        }),
        def('b', true, async () => undefined, ['a']),
        def(
          'c',
          (ctx) => ctx.flag,
          async () => {
            throw new CheckFailure('meh');
          },
        ),
        def('d', true, async () => undefined, ['c']),
        def('e', true, async () => undefined),
      ],
      { flag: false },
      recorder,
    );
    expect(results.map((r) => [r.id, r.status, r.mandatory])).toEqual([
      ['a', 'FAILED', true],
      ['b', 'SKIPPED', true],
      ['c', 'WARNING', false],
      ['d', 'PASSED', true],
      ['e', 'PASSED', true],
    ]);
    expect(results[1].message).toBe('needs a to pass first');
    expect(results[0].exchanges).toHaveLength(1);
    expect(results[4].exchanges).toBeUndefined();
  });

  it('once stopped (Ctrl-C), the checks not yet run are skipped', async () => {
    let calls = 0;
    let stop = false;
    const results = await runChecks(
      [
        def('a', true, async () => {
          calls++;
          stop = true;
        }),
        def('b', true, async () => {
          calls++;
        }),
      ],
      { flag: false },
      recorder,
      () => undefined,
      () => stop,
    );
    expect(calls).toBe(1);
    expect(results.map((r) => [r.id, r.status, r.message])).toEqual([
      ['a', 'PASSED', undefined],
      ['b', 'SKIPPED', 'not run: the run was interrupted'],
    ]);
  });
});
