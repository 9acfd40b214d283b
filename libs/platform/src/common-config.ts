import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { LOG_LEVELS, LogLevel } from './logger';

/** Variables every provsim app reads the same way. App configs extend this class. */
export class CommonConfig {
  /** Interface to listen on. 127.0.0.1 by default; the container image sets 0.0.0.0. */
  @IsString()
  HOST = '127.0.0.1';

  /** PostgreSQL URL; when unset the embedded PGlite database under PROVSIM_DATA_DIR is used. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded database keeps its files ('memory' keeps nothing). */
  @IsString()
  PROVSIM_DATA_DIR = './.data';

  /**
   * Serve over HTTPS with a certificate signed by a local CA, both generated once under <PROVSIM_DATA_DIR>/tls
   * (libs/platform/src/tls). Off: plain HTTP.
   */
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'PROVSIM_HTTPS must be true or false' })
  PROVSIM_HTTPS = false;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';
}
