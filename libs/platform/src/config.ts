import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown at boot when an environment variable is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const own = Object.values(e.constraints ?? {}).map((msg) => `${prefix}${e.property}: ${msg}`);
    return [...own, ...describe(e.children ?? [], `${prefix}${e.property}.`)];
  });
}

/**
 * Validates a flat record of variables (usually `process.env`) into a typed config object, once, at boot.
 * Empty strings count as unset, so `FOO=` in a shell falls back to the default instead of failing oddly.
 */
export function loadConfig<T extends object>(cls: new () => T, source: Record<string, string | undefined>): T {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const instance = plainToInstance(cls, cleaned, { exposeDefaultValues: true, enableImplicitConversion: true });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  return instance;
}
