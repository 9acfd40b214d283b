/**
 * The `--faults` spec of `provsim soak`: a comma-separated list of items, each active over a window of simulated
 * time (from the start of the run to its end unless `@<window>` says otherwise):
 *
 *   <status>[:<rate>%][/retry=<s>][@<window>]   answers <status> (400–599) to that share of SCIM requests,
 *                                                with Retry-After <s> seconds (429/503)
 *   latency=<ms>ms[:<rate>%][@<window>]         delays that share of requests by <ms> wall milliseconds
 *   drop[:<rate>%][@<window>]                   closes the connection without an answer
 *   rotate@<time>                               the app's token is rotated at <time> and the admin saves the new
 *                                                one in the job at once (no failure expected)
 *   rotate@<time>+<duration>                    rotated at <time>; the job keeps the old token for <duration>
 *                                                (401s: quarantine expected), then the admin saves the new token
 *                                                and starts the job
 *
 *   <window>   = <time>[+<duration>]   e.g. 2d, 1d12h, 36h+90m
 *   <time>, <duration> = one or more <n>d / <n>h / <n>m, counted from the start of the run
 *
 * Example: "503:10%,429:100%/retry=120@2d+1h,latency=20ms:5%,rotate@3d,rotate@5d+8h".
 */
export interface StatusFault {
  kind: 'status';
  status: number;
  rate: number;
  retryAfter?: number;
  from: number;
  until: number;
  text: string;
}
export interface LatencyFault {
  kind: 'latency';
  latencyMs: number;
  rate: number;
  from: number;
  until: number;
  text: string;
}
export interface DropFault {
  kind: 'drop';
  rate: number;
  from: number;
  until: number;
  text: string;
}
export interface RotateFault {
  kind: 'rotate';
  at: number;
  /** 0: the admin updates the job at once. */
  staleForMs: number;
  text: string;
}
export type Fault = StatusFault | LatencyFault | DropFault | RotateFault;
export type RuleFault = StatusFault | LatencyFault | DropFault;

export class FaultSpecError extends Error {}

const DURATION = /^(?:\d+[dhm])+$/;

/** `1d12h` → ms. */
export function parseDuration(text: string, what: string): number {
  if (!DURATION.test(text)) throw new FaultSpecError(`${what} "${text}" is not a duration like 2d, 36h, 90m or 1d12h`);
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([dhm])/g))
    ms += Number(n) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[unit as 'd' | 'h' | 'm'];
  return ms;
}

function parseWindow(text: string | undefined, item: string): { from: number; until: number } {
  if (text === undefined) return { from: 0, until: Infinity };
  const [at, duration, extra] = text.split('+');
  if (extra !== undefined || !at) throw new FaultSpecError(`"${item}": the window after @ is <time>[+<duration>], e.g. @2d+6h`);
  const from = parseDuration(at, `"${item}": start`);
  const until = duration === undefined ? Infinity : from + parseDuration(duration, `"${item}": duration`);
  if (until <= from) throw new FaultSpecError(`"${item}": the window is empty`);
  return { from, until };
}

function parseRate(text: string | undefined, item: string): number {
  if (text === undefined) return 1;
  const match = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (!match) throw new FaultSpecError(`"${item}": the rate "${text}" must be a percentage such as 10% or 0.5%`);
  const rate = Number(match[1]) / 100;
  if (rate <= 0 || rate > 1) throw new FaultSpecError(`"${item}": the rate must be above 0% and at most 100%`);
  return rate;
}

export function parseFaults(spec: string | undefined): Fault[] {
  if (spec === undefined || spec.trim() === '' || spec.trim() === 'none') return [];
  const faults: Fault[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (!item) throw new FaultSpecError('an empty item in --faults (two commas in a row?)');
    const [head, window, extra] = item.split('@');
    if (extra !== undefined) throw new FaultSpecError(`"${item}": more than one @`);
    if (head === 'rotate') {
      if (window === undefined) throw new FaultSpecError(`"${item}": rotate needs a time, e.g. rotate@2d or rotate@2d+6h`);
      const { from, until } = parseWindow(window, item);
      faults.push({ kind: 'rotate', at: from, staleForMs: until === Infinity ? 0 : until - from, text: item });
      continue;
    }
    const { from, until } = parseWindow(window, item);
    let match: RegExpExecArray | null;
    if ((match = /^latency=(\d+)ms(?::([^:/]+))?$/.exec(head))) {
      const latencyMs = Number(match[1]);
      if (latencyMs > 300_000) throw new FaultSpecError(`"${item}": latency is at most 300000ms`);
      faults.push({ kind: 'latency', latencyMs, rate: parseRate(match[2], item), from, until, text: item });
    } else if ((match = /^drop(?::([^:/]+))?$/.exec(head))) {
      faults.push({ kind: 'drop', rate: parseRate(match[1], item), from, until, text: item });
    } else if ((match = /^(\d{3})(?::([^:/]+))?(?:\/retry=(\d+))?$/.exec(head))) {
      const status = Number(match[1]);
      if (status < 400 || status > 599) throw new FaultSpecError(`"${item}": the status must be 400–599`);
      const retryAfter = match[3] === undefined ? undefined : Number(match[3]);
      if (retryAfter !== undefined && retryAfter > 86_400) throw new FaultSpecError(`"${item}": retry is at most 86400 seconds`);
      faults.push({
        kind: 'status',
        status,
        rate: parseRate(match[2], item),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        from,
        until,
        text: item,
      });
    } else {
      throw new FaultSpecError(
        `"${item}" is not a fault: use <status>[:<rate>%][/retry=<s>], latency=<ms>ms[:<rate>%], drop[:<rate>%] or rotate@<time>[+<duration>], each optionally @<time>[+<duration>]`,
      );
    }
  }
  return faults;
}

/** The rule-based faults active at `elapsedMs` of simulated time since the start. */
export function activeRules(faults: readonly Fault[], elapsedMs: number): RuleFault[] {
  return faults.filter((f): f is RuleFault => f.kind !== 'rotate' && elapsedMs >= f.from && elapsedMs < f.until);
}

/**
 * Whether the faults active at `elapsedMs` may legitimately quarantine the job: a stale token after a rotation,
 * 401/403 answers, dropped connections, or an outage answering most requests with errors (escrow thresholds).
 */
export function quarantineExpected(faults: readonly Fault[], elapsedMs: number): boolean {
  for (const f of faults) {
    if (f.kind === 'rotate') {
      if (f.staleForMs > 0 && elapsedMs >= f.at && elapsedMs < f.at + f.staleForMs) return true;
      continue;
    }
    if (elapsedMs < f.from || elapsedMs >= f.until) continue;
    if (f.kind === 'drop') return true;
    if (f.kind === 'status' && (f.status === 401 || f.status === 403 || f.rate >= 0.3)) return true;
  }
  return false;
}

/** The fault rule body the local target's admin API takes (POST /admin/tenants/{name}/faults). */
export function ruleBody(fault: RuleFault): Record<string, unknown> {
  const rate = fault.rate < 1 ? { probability: fault.rate } : {};
  if (fault.kind === 'latency') return { latencyMs: fault.latencyMs, ...rate };
  if (fault.kind === 'drop') return { drop: true, ...rate };
  return { status: fault.status, ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}), ...rate };
}
