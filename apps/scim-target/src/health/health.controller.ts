import { Controller, Get, HttpException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Unauthenticated. `/health` is readiness (the database answers); `/health/live` only says the process runs. */
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async ready(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new HttpException({ status: 'unavailable', database: 'down', message: 'database unreachable' }, 503);
    }
    return { status: 'ok', database: 'up' };
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
