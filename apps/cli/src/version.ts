import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version of the provsim package (the nearest package.json named provsim above this file, built or not). */
export function cliVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'provsim' && pkg.version) return pkg.version;
    } catch {
      // not here: look further up
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}
