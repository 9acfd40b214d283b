import { Body, Controller, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { IsInt, IsNumber, IsPositive, Max, Min } from 'class-validator';
import { CLOCK, SimulatedClock } from '@app/platform';
import { GraphError } from '../http/graph-error';

export class AdvanceClockDto {
  /** Milliseconds to move simulated time forward (at most 400 days at once). */
  @IsInt()
  @Min(0)
  @Max(400 * 24 * 60 * 60 * 1000)
  ms: number;
}

export class ChangeClockDto {
  /** How many times faster than wall time an accelerated clock runs from now on (120: 40 minutes in 20 s). */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(1_000_000)
  acceleration: number;
}

/** Simulator controls (authenticated like /v1.0): read and advance the simulated clock, change its acceleration. */
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

  /**
   * Changes an accelerated clock's factor (`{"acceleration": 600}`); simulated time goes on from the instant it shows,
   * never jumping. For this run: at the next start PROVSIM_CLOCK decides the mode again.
   */
  @Patch()
  async change(@Body() dto: ChangeClockDto): Promise<{ now: string; mode: string }> {
    if (this.clock.mode.kind !== 'accelerated') {
      throw new GraphError(
        409,
        'Conflict',
        `A ${this.clock.mode.kind} clock has no acceleration; start with PROVSIM_CLOCK=accelerated:<factor> to change it at run time.`,
      );
    }
    const now = await this.clock.setAcceleration(dto.acceleration);
    return { now: now.toISOString(), mode: this.clock.describe() };
  }
}
