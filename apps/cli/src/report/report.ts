/**
 * The canonical report of `provsim validate` and `provsim soak`: one JSON document from which the JUnit XML, the
 * HTML page and the closing stdout line are all derived (writers in this folder).
 */
export type CheckStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'WARNING';

/** One HTTP request and its answer, as a failing check shows it. Authorization headers are masked before storage. */
export interface HttpExchange {
  method: string;
  url: string;
  requestHeaders?: Record<string, string>;
  requestBody?: unknown;
  status?: number;
  responseBody?: unknown;
  error?: string;
  durationMs?: number;
}

export interface CheckResult {
  /** Stable id named after what the check verifies, e.g. `user.create.returns-id-and-username`. */
  id: string;
  name: string;
  /** What the check belongs to (`schema`, `users`, `quirks`, `engine.users`, `invariants` …): the JUnit class name. */
  group: string;
  mandatory: boolean;
  status: CheckStatus;
  durationMs: number;
  message?: string;
  /** What Entra expects (on failure). */
  expected?: string;
  /** Plain-words likely fix (on failure), no links. */
  fix?: string;
  exchanges?: HttpExchange[];
  cycle?: number;
}

export interface CycleStat {
  cycle: number;
  simulatedAt: string;
  durationMs: number;
  created: number;
  updated: number;
  disabled: number;
  deleted: number;
  skipped: number;
  failed: number;
  escrowed: number;
  rssBytes: number;
  /** The JavaScript heap in use after the cycle (what the memory invariant watches). */
  heapUsedBytes: number;
}

export interface Report {
  tool: 'provsim';
  version: string;
  command: 'validate' | 'soak';
  startedAt: string;
  finishedAt: string;
  target: { url: string; profile?: string; local: boolean };
  options: Record<string, unknown>;
  seed?: number;
  checks: CheckResult[];
  cycles?: CycleStat[];
  summary: { passed: number; failed: number; skipped: number; warnings: number };
  replay?: string;
  firstViolation?: { cycle: number; check: string; message: string };
}

/** Counts by status. A WARNING counts as a warning only (neither passed nor failed). */
export function summarize(checks: CheckResult[]): Report['summary'] {
  const summary = { passed: 0, failed: 0, skipped: 0, warnings: 0 };
  for (const check of checks) {
    if (check.status === 'PASSED') summary.passed++;
    else if (check.status === 'FAILED') summary.failed++;
    else if (check.status === 'SKIPPED') summary.skipped++;
    else summary.warnings++;
  }
  return summary;
}

/** The closing stdout line: `N passed, N failed` and `, N skipped` when any were skipped. */
export function closingLine(summary: Report['summary']): string {
  const line = `${summary.passed} passed, ${summary.failed} failed`;
  return summary.skipped > 0 ? `${line}, ${summary.skipped} skipped` : line;
}

/** Exit code of a finished run: 1 when a check or invariant failed, else 0. */
export function exitCodeOf(summary: Report['summary']): 0 | 1 {
  return summary.failed > 0 ? 1 : 0;
}

export { writeReports } from './writers';
