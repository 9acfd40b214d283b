/**
 * Value conventions of the evaluator: every scalar is a string ("True"/"False" for booleans, invariant decimal
 * text for numbers), multi-valued attributes are arrays, complex role values are objects, null = no value.
 */
import { evaluationError } from './errors';
import { ExpressionValue } from './types';

export const TRUE = 'True';
export const FALSE = 'False';

export function boolText(value: boolean): string {
  return value ? TRUE : FALSE;
}

/** Invariant decimal text: integers without exponent where possible, no trailing ".0". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** null, or a multi-valued value without any value. */
export function isNull(value: ExpressionValue): boolean {
  return value === null || (Array.isArray(value) && value.length === 0);
}

export function isNullOrEmpty(value: ExpressionValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.every(isNullOrEmpty));
}

/** Scalar text of a value; a multi-valued value reads as its first value; complex objects have no text. */
export function toText(value: ExpressionValue): string | null {
  if (typeof value === 'string') return value;
  if (value === null) return null;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return boolText(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = toText(item);
      if (text !== null) return text;
    }
    return null;
  }
  return null;
}

/** All values of a possibly multi-valued value (nulls dropped). */
export function toList(value: ExpressionValue): ExpressionValue[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.filter((v) => v !== null);
  return [value];
}

const DECIMAL = /^\s*[-+]?\d+(\.\d+)?\s*$/;
const HEX = /^\s*&[Hh]([0-9A-Fa-f]+)\s*$/;

/** Number from decimal text or a VBA `&H` hex literal; null if the text is not numeric. */
export function parseNumber(text: string): number | null {
  if (DECIMAL.test(text)) return Number(text);
  const hex = HEX.exec(text);
  return hex ? parseInt(hex[1], 16) : null;
}

/** Truthiness of a condition: "True"/"False" (any case), non-zero numbers, else false. */
export function toBool(value: ExpressionValue): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  const text = toText(value);
  if (text === null) return false;
  const lower = text.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false' || lower === '') return false;
  const n = parseNumber(text);
  return n !== null && n !== 0;
}

/** Integer argument (fractions truncate toward zero); throws ExpressionError('Evaluation') if not numeric. */
export function toInteger(value: ExpressionValue, what: string): number {
  const text = toText(value);
  const n = text === null ? null : parseNumber(text);
  if (n === null || !Number.isFinite(n)) throw evaluationError(`${what} must be a number, got ${JSON.stringify(text)}`);
  return Math.trunc(n);
}

/** Optional integer argument: null → fallback. */
export function toOptionalInteger(value: ExpressionValue, what: string, fallback: number): number {
  return value === null || value === '' ? fallback : toInteger(value, what);
}

const MAX_DEPTH = 6;

/** A raw source attribute (string | boolean | number | string[] | objects …) as an ExpressionValue. */
export function fromSource(raw: unknown, depth = 0): ExpressionValue {
  switch (typeof raw) {
    case 'string':
      return raw;
    case 'boolean':
      return boolText(raw);
    case 'number':
      return Number.isFinite(raw) ? formatNumber(raw) : null;
    case 'bigint':
      return raw.toString();
    case 'object':
      return fromSourceObject(raw, depth);
    default:
      return null;
  }
}

function fromSourceObject(raw: object | null, depth: number): ExpressionValue {
  if (raw === null || depth >= MAX_DEPTH) return null;
  if (Array.isArray(raw)) {
    const out: ExpressionValue[] = [];
    for (const item of raw as unknown[]) {
      const v = fromSource(item, depth + 1);
      if (v !== null) out.push(v);
    }
    return out;
  }
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  const out: { [key: string]: ExpressionValue } = {};
  for (const key of Object.keys(raw)) {
    out[key] = fromSource((raw as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}
