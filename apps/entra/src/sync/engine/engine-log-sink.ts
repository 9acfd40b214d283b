import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CLOCK, Clock } from '@app/platform';
import {
  buildProvisioningObjectSummary,
  ProvisioningLogWriter,
  SYSTEM_INITIATOR,
  type Initiator,
  type ProvisioningObjectSummary,
} from '../logs';
import type { JobConfiguration, JobRow, LogSink } from './cycle-types';
import type { ObjectOutcome } from './object-outcome';

export interface LogEntryInput {
  outcome: ObjectOutcome;
  cycleId: string;
  job: JobRow;
  config: JobConfiguration;
  escrow?: { retryCount: number; nextRetryAt: Date };
  initiatedBy?: Initiator;
}

/** One provisioningObjectSummary per processed object, from the engine's outcome. */
export function summaryOf(input: LogEntryInput, now: Date): ProvisioningObjectSummary {
  const { outcome, job, config } = input;
  const { action, state, error } = outcome;
  return buildProvisioningObjectSummary({
    id: randomUUID(),
    changeId: randomUUID(),
    cycleId: input.cycleId,
    jobId: job.id,
    tenantId: config.tenantId,
    action,
    outcome: error
      ? {
          status: 'failure',
          error: {
            errorCode: error.errorCode,
            reason: error.reason,
            errorCategory: error.errorCategory as never,
            recommendedAction: error.recommendedAction ?? null,
            additionalDetails: error.additionalDetails ?? null,
          },
          failedStepType: action.situation === 'TargetNotRead' ? 'matching' : undefined,
        }
      : undefined,
    servicePrincipal: { id: job.service_principal_id, displayName: config.servicePrincipalName },
    source: { id: state.id, displayName: state.displayName, identityType: state.objectType },
    target: { id: outcome.targetId ?? '', displayName: action.reportableIdentifier },
    targetSystem: { displayName: config.servicePrincipalName },
    initiatedBy: input.initiatedBy ?? SYSTEM_INITIATOR,
    activityDateTime: now,
    durationInMilliseconds: Math.max(0, Math.round(outcome.durationMs)),
    escrow: input.escrow,
  });
}

/** The engine's LogSink: builds the entries and writes them in the page's transaction. */
@Injectable()
export class EngineLogSink implements LogSink {
  constructor(
    private readonly writer: ProvisioningLogWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async write(manager: EntityManager, entries: LogEntryInput[]): Promise<void> {
    if (entries.length === 0) return;
    const now = this.clock.now();
    await this.writer.writeBatch(
      entries.map((e) => summaryOf(e, now)),
      manager,
      entries.map((e) => e.outcome.trace?.records),
    );
  }
}
