import { OnDemandRateLimiter, SlidingWindowRateLimiter } from './rate-limiter';

type Step = [at: number, key: string, expected: { allowed: true } | { allowed: false; retryAfterSeconds: number; retryAfterMs?: number }];

describe('SlidingWindowRateLimiter (5 per 10 s)', () => {
  const scenarios: [string, Step[]][] = [
    [
      'five calls at once pass, the sixth waits for the first to leave the window',
      [
        [0, 'job', { allowed: true }],
        [0, 'job', { allowed: true }],
        [0, 'job', { allowed: true }],
        [0, 'job', { allowed: true }],
        [0, 'job', { allowed: true }],
        [0, 'job', { allowed: false, retryAfterSeconds: 10, retryAfterMs: 10_000 }],
      ],
    ],
    [
      'the wait is counted from the oldest call and rounded up to whole seconds',
      [
        [0, 'job', { allowed: true }],
        [2_000, 'job', { allowed: true }],
        [2_000, 'job', { allowed: true }],
        [3_000, 'job', { allowed: true }],
        [4_000, 'job', { allowed: true }],
        [8_500, 'job', { allowed: false, retryAfterSeconds: 2, retryAfterMs: 1_500 }],
        [9_999, 'job', { allowed: false, retryAfterSeconds: 1, retryAfterMs: 1 }],
        [10_000, 'job', { allowed: true }],
        [10_001, 'job', { allowed: false, retryAfterSeconds: 2, retryAfterMs: 1_999 }],
        [12_000, 'job', { allowed: true }],
      ],
    ],
    [
      'refused calls are not counted (they do not extend the wait)',
      [
        ...[0, 1, 2, 3, 4].map((): Step => [0, 'job', { allowed: true }]),
        [5_000, 'job', { allowed: false, retryAfterSeconds: 5 }],
        [9_000, 'job', { allowed: false, retryAfterSeconds: 1 }],
        [10_000, 'job', { allowed: true }],
      ],
    ],
    [
      'each job has its own budget',
      [
        ...[0, 1, 2, 3, 4].map((): Step => [0, 'a', { allowed: true }]),
        [0, 'a', { allowed: false, retryAfterSeconds: 10 }],
        [0, 'b', { allowed: true }],
      ],
    ],
    [
      'the window slides: after 10 s the budget is whole again',
      [
        ...[0, 1, 2, 3, 4].map((i): Step => [i * 1_000, 'job', { allowed: true }]),
        [20_000, 'job', { allowed: true }],
        [20_000, 'job', { allowed: true }],
        [20_000, 'job', { allowed: true }],
        [20_000, 'job', { allowed: true }],
        [20_000, 'job', { allowed: true }],
        [20_000, 'job', { allowed: false, retryAfterSeconds: 10 }],
      ],
    ],
  ];

  it.each(scenarios)('%s', (_name, steps) => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(5, 10_000, () => now);
    steps.forEach(([at, key, expected], i) => {
      now = at;
      expect({ step: i, decision: limiter.take(key) }).toEqual({ step: i, decision: expect.objectContaining(expected) });
    });
  });

  it('reports what is left of the budget', () => {
    const limiter = new SlidingWindowRateLimiter(2, 1_000, () => 0);
    expect(limiter.take('k')).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.take('k')).toEqual({ allowed: true, remaining: 0 });
  });

  it('reset() forgets every call', () => {
    const limiter = new SlidingWindowRateLimiter(1, 1_000, () => 0);
    limiter.take('k');
    expect(limiter.take('k').allowed).toBe(false);
    limiter.reset();
    expect(limiter.take('k').allowed).toBe(true);
  });

  it('drops idle keys once many were seen', () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(1, 1_000, () => now);
    for (let i = 0; i < 1_500; i++) limiter.take(`job-${i}`);
    now = 5_000;
    limiter.take('late');
    expect((limiter as unknown as { hits: Map<string, number[]> }).hits.size).toBe(1);
  });

  it.each([
    [0, 1_000],
    [1.5, 1_000],
    [1, 0],
    [1, Number.NaN],
  ])('refuses limit %p per %p ms', (limit, windowMs) => {
    expect(() => new SlidingWindowRateLimiter(limit, windowMs)).toThrow(RangeError);
  });

  it("the provider is Graph's documented limit, on wall time", () => {
    const limiter = new OnDemandRateLimiter();
    expect([limiter.limit, limiter.windowMs]).toEqual([5, 10_000]);
    for (let i = 0; i < 5; i++) expect(limiter.take('job').allowed).toBe(true);
    const refused = limiter.take('job');
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(9);
  });
});
