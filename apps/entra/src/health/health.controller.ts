import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GraphError } from '../http/graph-error';

/** Unauthenticated. `/health` is readiness (the database answers); `/health/live` only says the process runs. */
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async ready(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new GraphError(503, 'InternalServerError', 'Database unreachable.');
    }
    return { status: 'ok', database: 'up' };
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
