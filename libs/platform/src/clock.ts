/** The one source of time for domain code (no Date.now() there): real, accelerated or manual in later slices. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
