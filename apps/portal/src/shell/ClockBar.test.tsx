import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockBar, describeMode, formatSimTime } from './ClockBar';
import { mockApi, renderAt } from './test-utils';

describe('the clock bar', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the simulated time and mode, and "Advance 40 minutes" POSTs 2,400,000 ms then refetches what is shown', async () => {
    let now = '2026-12-05T10:00:00.000Z';
    const calls = mockApi((call) => {
      if (call.url === '/sim/clock/advance') {
        now = '2026-12-05T10:40:00.000Z';
        return { body: { now, mode: 'manual' } };
      }
      if (call.url === '/sim/clock') return { body: { now, mode: 'manual' } };
      return undefined;
    });
    const { client } = renderAt(<ClockBar />);
    await screen.findByText('Sat, 05 Dec 2026 10:00:00 UTC');
    expect(screen.getByText('(manual)')).toBeTruthy();
    const invalidate = vi.spyOn(client, 'invalidateQueries');
    fireEvent.click(screen.getByRole('button', { name: 'Advance 40 minutes' }));
    await screen.findByText('Sat, 05 Dec 2026 10:40:00 UTC');
    const advance = calls.filter((c) => c.method === 'POST');
    expect(advance).toEqual([expect.objectContaining({ url: '/sim/clock/advance', body: { ms: 2_400_000 } })]);
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith());
  });

  it('cannot advance the real clock, and offers the acceleration only on an accelerated one', async () => {
    mockApi((call) => (call.url === '/sim/clock' ? { body: { now: '2026-12-05T10:00:00.000Z', mode: 'real' } } : undefined));
    renderAt(<ClockBar />);
    await screen.findByText('(real)');
    expect((screen.getByRole('button', { name: 'Advance 40 minutes' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Acceleration' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the API error of a refused advance', async () => {
    mockApi((call) =>
      call.url === '/sim/clock/advance'
        ? { status: 409, body: { error: { code: 'Conflict', message: 'The real clock cannot be advanced.' } } }
        : call.url === '/sim/clock'
          ? { body: { now: '2026-12-05T10:00:00.000Z', mode: 'accelerated:120' } }
          : undefined,
    );
    renderAt(<ClockBar />);
    await screen.findByText('(accelerated ×120)');
    fireEvent.click(screen.getByRole('button', { name: 'Advance 40 minutes' }));
    await screen.findByText(/The real clock cannot be advanced\./);
  });
});

describe('clock formatting', () => {
  it.each([
    ['manual', 'manual'],
    ['accelerated:600', 'accelerated ×600'],
    ['real', 'real'],
  ])('%s → %s', (mode, text) => expect(describeMode(mode)).toBe(text));
  it('prints UTC', () => expect(formatSimTime('2026-01-02T03:04:05Z')).toBe('Fri, 02 Jan 2026 03:04:05 UTC'));
});

describe('the acceleration menu', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('PATCHes /sim/clock with the chosen factor and shows the new mode', async () => {
    let mode = 'accelerated:120';
    const calls = mockApi((call) => {
      if (call.method === 'PATCH' && call.url === '/sim/clock') {
        mode = `accelerated:${(call.body as { acceleration: number }).acceleration}`;
        return { body: { now: '2026-12-05T10:00:00.000Z', mode } };
      }
      if (call.url === '/sim/clock') return { body: { now: '2026-12-05T10:00:00.000Z', mode } };
      return undefined;
    });
    renderAt(<ClockBar />);
    fireEvent.click(await screen.findByRole('button', { name: 'Acceleration ×120' }));
    fireEvent.click(await screen.findByRole('menuitemradio', { name: '×600' }));
    await screen.findByText('(accelerated ×600)');
    expect(calls.filter((c) => c.method === 'PATCH')).toEqual([
      expect.objectContaining({ url: '/sim/clock', body: { acceleration: 600 } }),
    ]);
  });
});
