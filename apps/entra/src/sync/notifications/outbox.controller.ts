import { Controller, Delete, Get, HttpCode, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_OUTBOX_PAGE, NotificationOutbox } from './notification-outbox';
import type { OutboxEntry } from './notification.types';

export class OutboxClearQuery {
  /** Only this job's entries. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  jobId?: string;
}

export class OutboxListQuery extends OutboxClearQuery {
  /** At most this many entries (default 100, at most 1000). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_OUTBOX_PAGE)
  top?: number;
}

/**
 * Simulator control (authenticated like /v1.0): the notification emails provisioning jobs composed, sent or not.
 * GET /sim/outbox[?jobId=…&top=…] answers `{value: [entry…]}` newest first; DELETE /sim/outbox[?jobId=…] clears.
 */
@Controller('sim/outbox')
export class OutboxController {
  constructor(private readonly outbox: NotificationOutbox) {}

  @Get()
  async list(@Query() query: OutboxListQuery): Promise<{ value: OutboxEntry[] }> {
    return { value: await this.outbox.list({ jobId: query.jobId, top: query.top }) };
  }

  @Delete()
  @HttpCode(204)
  async clear(@Query() query: OutboxClearQuery): Promise<void> {
    await this.outbox.clear({ jobId: query.jobId });
  }
}
