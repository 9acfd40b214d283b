import type { CheckSet } from './run';

/**
 * The short engine run of `provsim validate` (b): the real tenant and engine in this process (apps/cli/src/loop)
 * provision into the target and each step is checked over SCIM. Answers null until the loop module is available.
 */
export function engineCheckSet(): { count: number; run: CheckSet } | undefined {
  return undefined;
}
