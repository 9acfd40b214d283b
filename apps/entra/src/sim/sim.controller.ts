import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { CLOCK, SimulatedClock } from '@app/platform';
import { GraphError } from '../http/graph-error';

export class AdvanceClockDto {
  /** Milliseconds to move simulated time forward (at most 400 days at once). */
  @IsInt()
  @Min(0)
  @Max(400 * 24 * 60 * 60 * 1000)
  ms: number;
}

/** Simulator controls (authenticated like /v1.0): read and advance the simulated clock. */
@Controller('sim/clock')
export class SimController {
  constructor(@Inject(CLOCK) private readonly clock: SimulatedClock) {}

  @Get()
  get(): { now: string; mode: string } {
    return { now: this.clock.now().toISOString(), mode: this.clock.describe() };
  }

  /** Moves time forward, then runs what became due (recycle-bin purges, then provisioning cycles) before answering. */
  @Post('advance')
  @HttpCode(200)
  async advance(@Body() dto: AdvanceClockDto): Promise<{ now: string; mode: string }> {
    if (!this.clock.canAdvance) {
      throw new GraphError(409, 'Conflict', 'The real clock cannot be advanced; start with PROVSIM_CLOCK=manual or accelerated:<factor>.');
    }
    const now = await this.clock.advance(dto.ms);
    return { now: now.toISOString(), mode: this.clock.describe() };
  }
}
