/** Thrown for invalid policy inputs or parameters (negative counts, NaN times, bad thresholds). */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

export function requireCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new PolicyError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

export function requireTime(name: string, ms: number): number {
  if (!Number.isFinite(ms)) throw new PolicyError(`${name} must be a valid time`);
  return ms;
}
