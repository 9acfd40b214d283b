import { Logger } from '@nestjs/common';
import pino from 'pino';
import { Writable } from 'node:stream';
import { PinoNestLogger } from '@app/platform';
import { cycleLogRecord } from './cycle-log-record';
import { zeroCounters, type CycleResult } from './cycle-types';

/** Nest's Logger over the app's pino logger (as bootstrap wires it), its JSON lines kept. */
function capture(): { lines: Record<string, unknown>[]; logger: Logger } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  Logger.overrideLogger(new PinoNestLogger(pino({ level: 'info' }, stream)));
  return { lines, logger: new Logger('SyncEngine') };
}

/** A finished cycle's result: these fields over a clean incremental run's. */
const result = (fields: Partial<CycleResult>): CycleResult => ({
  jobId: 'job',
  cycleId: 'cycle',
  initial: false,
  outcome: 'completed',
  counters: zeroCounters(),
  ...fields,
});

describe('cycle log record', () => {
  it('logs a fixed message with the cycle ids, outcome, duration, counts and error code as fields', () => {
    const { lines, logger } = capture();
    const quarantined = result({
      jobId: 'job-1',
      cycleId: 'cycle-1',
      initial: true,
      outcome: 'quarantined',
      counters: { ...zeroCounters(), countImported: 3, countExported: 2, countExports: 4, countFailed: 1, pages: 1 },
      error: 'token refused',
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    });
    logger.log(cycleLogRecord(quarantined, 42));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'provisioning cycle finished',
      context: 'SyncEngine',
      jobId: 'job-1',
      cycleId: 'cycle-1',
      initial: true,
      outcome: 'quarantined',
      durationMs: 42,
      countImported: 3,
      countExported: 2,
      countExports: 4,
      countEscrowed: 0,
      countFailed: 1,
      pages: 1,
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
      error: 'token refused',
    });
  });

  it('logs a failed cycle as an error record whose stack is a field of its own', () => {
    const { lines, logger } = capture();
    const failed = result({
      jobId: 'job-2',
      outcome: 'failed',
      error: 'connection reset',
      errorCode: 'InternalError',
      stack: 'Error: connection reset\n    at somewhere',
    });
    logger.error(cycleLogRecord(failed, 7), failed.stack);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'provisioning cycle failed',
      jobId: 'job-2',
      errorCode: 'InternalError',
      trace: failed.stack,
      durationMs: 7,
    });
  });
});
