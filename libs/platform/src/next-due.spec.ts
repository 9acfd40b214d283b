import { NextDue } from './next-due';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);

describe('NextDue', () => {
  it('is due until a purge has settled it', () => {
    expect(new NextDue(30 * DAY).isDue(at('2026-01-01T00:00:00Z'))).toBe(true);
  });

  it.each<[string, string | null, string, string, boolean]>([
    // what the purge left, when it ran, when the next advance asks, due?
    ['oldest row left, well before its time', '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z', '2026-02-01T00:00:00Z', false],
    ['oldest row left, a millisecond before its time', '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z', '2026-02-08T23:59:59.999Z', false],
    ['oldest row left, exactly at its time', '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z', '2026-02-09T00:00:00Z', true],
    ['oldest row left, past its time', '2026-01-10T00:00:00Z', '2026-01-20T00:00:00Z', '2026-03-01T00:00:00Z', true],
    ['nothing left: rows written from now on are due a retention later', null, '2026-01-20T00:00:00Z', '2026-02-18T00:00:00Z', false],
    ['nothing left, a retention has passed since', null, '2026-01-20T00:00:00Z', '2026-02-19T00:00:00Z', true],
  ])('%s', (_case, oldest, purgedAt, asked, due) => {
    const next = new NextDue(30 * DAY);
    next.settle(oldest === null ? null : at(oldest), at(purgedAt));
    expect(next.isDue(at(asked))).toBe(due);
  });

  it('a row written with an older time brings the next purge forward, a newer one does not push it back', () => {
    const next = new NextDue(30 * DAY);
    next.settle(at('2026-01-10T00:00:00Z'), at('2026-01-20T00:00:00Z'));
    next.wrote(at('2026-03-01T00:00:00Z'));
    expect(next.isDue(at('2026-02-09T00:00:00Z'))).toBe(true);
    next.wrote(at('2025-12-01T00:00:00Z'));
    expect(next.isDue(at('2025-12-31T00:00:00Z'))).toBe(true);
    expect(next.isDue(at('2025-12-30T23:59:59Z'))).toBe(false);
  });

  it('is due again after a reset', () => {
    const next = new NextDue(30 * DAY);
    next.settle(null, at('2026-01-20T00:00:00Z'));
    next.reset();
    expect(next.isDue(at('2026-01-21T00:00:00Z'))).toBe(true);
  });
});
