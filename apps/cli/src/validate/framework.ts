import type { CheckResult, CheckStatus, HttpExchange } from '../report/report';

/** Thrown by a check whose target answered what Entra cannot work with. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** Thrown by a check that cannot run (capability absent, a check it builds on failed): SKIPPED. */
export class CheckSkipped extends Error {}

export interface CheckDefinition<C> {
  id: string;
  name: string;
  group: string;
  /** Mandatory: Entra sends this to the app as configured. Optional failures are reported as WARNING. */
  mandatory: boolean | ((ctx: C) => boolean);
  /** Ids of checks that must have PASSED (or WARNED) first; otherwise this one is SKIPPED. */
  requires?: string[];
  /** Resolves (optionally with a message) when the check passes; throws CheckFailure or CheckSkipped otherwise. */
  run(ctx: C): Promise<string | void>;
}

export type Outcome = { kind: 'passed'; message?: string } | { kind: 'error'; error: unknown };

/**
 * The status of a finished check: passed → PASSED; CheckSkipped → SKIPPED; a failure (CheckFailure or any other
 * error) → FAILED when the check is mandatory, WARNING when optional (Microsoft's validator's rule).
 */
export function evaluate(mandatory: boolean, outcome: Outcome): { status: CheckStatus; message?: string; expected?: string; fix?: string } {
  if (outcome.kind === 'passed') return { status: 'PASSED', ...(outcome.message ? { message: outcome.message } : {}) };
  const error = outcome.error;
  if (error instanceof CheckSkipped) return { status: 'SKIPPED', message: error.message };
  const status: CheckStatus = mandatory ? 'FAILED' : 'WARNING';
  if (error instanceof CheckFailure) {
    return {
      status,
      message: error.message,
      ...(error.expected ? { expected: error.expected } : {}),
      ...(error.fix ? { fix: error.fix } : {}),
    };
  }
  return { status, message: `the check stopped: ${error instanceof Error ? error.message : String(error)}` };
}

export interface Recorder {
  /** Starts collecting the exchanges of the running check; the returned function stops and answers them. */
  capture(): () => HttpExchange[];
}

/**
 * Runs checks one after the other (each builds on the state the previous ones left), records each check's
 * exchanges, and calls `onDone` after each. Exchanges are kept for failures and warnings only. Once `stopped()`
 * answers true (Ctrl-C), the checks not yet run are SKIPPED.
 */
export async function runChecks<C>(
  definitions: readonly CheckDefinition<C>[],
  ctx: C,
  recorder: Recorder,
  onDone: (result: CheckResult) => void = () => undefined,
  stopped: () => boolean = () => false,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const byId = new Map<string, CheckResult>();
  for (const def of definitions) {
    const mandatory = typeof def.mandatory === 'function' ? def.mandatory(ctx) : def.mandatory;
    const started = performance.now();
    const stop = recorder.capture();
    let outcome: Outcome;
    const missing = (def.requires ?? []).filter((id) => {
      const status = byId.get(id)?.status;
      return status !== 'PASSED' && status !== 'WARNING';
    });
    if (stopped()) {
      outcome = { kind: 'error', error: new CheckSkipped('not run: the run was interrupted') };
    } else if (missing.length > 0) {
      outcome = { kind: 'error', error: new CheckSkipped(`needs ${missing.join(', ')} to pass first`) };
    } else {
      try {
        const message = await def.run(ctx);
        outcome = { kind: 'passed', ...(message ? { message } : {}) };
      } catch (error) {
        outcome = { kind: 'error', error };
      }
    }
    const exchanges = stop();
    const verdict = evaluate(mandatory, outcome);
    const result: CheckResult = {
      id: def.id,
      name: def.name,
      group: def.group,
      mandatory,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...verdict,
      ...((verdict.status === 'FAILED' || verdict.status === 'WARNING') && exchanges.length > 0 ? { exchanges } : {}),
    };
    results.push(result);
    byId.set(def.id, result);
    onDone(result);
  }
  return results;
}
