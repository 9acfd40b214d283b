/** Helpers shared by the expression specs (not exported from index). */
import { evaluateExpression } from './evaluator';
import { parseExpression } from './parser';
import { EvaluationContext, EvaluationResult } from './types';

export const FIXED_NOW = new Date('2021-07-02T15:33:38Z');

/** Deterministic pseudo-random source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function context(source: Record<string, unknown> = {}, extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    source,
    now: FIXED_NOW,
    random: seededRandom(42),
    newGuid: () => '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
    ...extra,
  };
}

export function run(text: string, source: Record<string, unknown> = {}, extra: Partial<EvaluationContext> = {}): EvaluationResult {
  return evaluateExpression(parseExpression(text), context(source, extra));
}

export function value(text: string, source: Record<string, unknown> = {}, extra: Partial<EvaluationContext> = {}): unknown {
  return run(text, source, extra).value;
}
