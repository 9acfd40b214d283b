/** Functions fed by the context's randomness: Guid, RandomString. */
import { evaluationError } from '../errors';
import { toInteger, toOptionalInteger } from '../values';
import { FunctionImpl } from './function-impl';

export const RANDOM_STRING_MAX_LENGTH = 256;

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** Non-alphanumeric characters of the Windows password-complexity rule. */
const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';

/** Index in [0, n) from a [0,1) random source, robust against out-of-range values. */
function pick(random: () => number, n: number): number {
  const r = random();
  const i = Math.floor((Number.isFinite(r) ? r : 0) * n);
  return Math.min(n - 1, Math.max(0, i));
}

export const RANDOM_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  Guid: (_p, ev) => ev.ctx.newGuid(),

  RandomString: (p, ev) => {
    const length = toInteger(ev.value(p, 0), 'RandomString length');
    const minimums = [1, 2, 3, 4].map((i) => toOptionalInteger(ev.value(p, i), 'RandomString minimum', 0));
    const avoid = ev.text(p, 5) ?? '';
    if (length < 1 || length > RANDOM_STRING_MAX_LENGTH) {
      throw evaluationError(`RandomString: length must be 1…${RANDOM_STRING_MAX_LENGTH}, got ${length}`);
    }
    if (minimums.some((m) => m < 0)) throw evaluationError('RandomString: minimums must not be negative');
    if (minimums.reduce((a, b) => a + b, 0) > length) {
      throw evaluationError('RandomString: the minimums add up to more than the length');
    }
    const pools = [DIGITS, SPECIAL, UPPER, LOWER].map((pool) => [...pool].filter((c) => !avoid.includes(c)).join(''));
    const chars: string[] = [];
    pools.forEach((pool, i) => {
      if (minimums[i] > 0 && pool === '') throw evaluationError('RandomString: charactersToAvoid excludes a required class');
      for (let k = 0; k < minimums[i]; k++) chars.push(pool[pick(ev.ctx.random, pool.length)]);
    });
    const all = pools.join('');
    if (all === '') throw evaluationError('RandomString: charactersToAvoid excludes every character');
    while (chars.length < length) chars.push(all[pick(ev.ctx.random, all.length)]);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = pick(ev.ctx.random, i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join('');
  },
};
