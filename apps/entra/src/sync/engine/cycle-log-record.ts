import type { CycleResult } from './cycle-types';

/**
 * What the server log records of one cycle: a fixed message, and the cycle's ids, outcome, duration, counts and
 * error code as fields of their own. Never a secret: the result holds none (no token, no Tenant URL).
 */
export function cycleLogRecord(result: CycleResult, durationMs: number): { message: string } & Record<string, unknown> {
  const counters = result.counters;
  return {
    message: result.stack ? 'provisioning cycle failed' : 'provisioning cycle finished',
    jobId: result.jobId,
    cycleId: result.cycleId,
    initial: result.initial,
    outcome: result.outcome,
    durationMs,
    ...(counters
      ? {
          countImported: counters.countImported,
          countExported: counters.countExported,
          countExports: counters.countExports,
          countEscrowed: counters.countEscrowed,
          countFailed: counters.countFailed,
          pages: counters.pages,
        }
      : {}),
    ...(result.errorCode ? { errorCode: result.errorCode } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
}
