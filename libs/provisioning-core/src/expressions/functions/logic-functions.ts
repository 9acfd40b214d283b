/**
 * Conditions and flow control: CBool, IIF, IsNull, IsNullOrEmpty, IsPresent, IsString, Not, Switch,
 * IgnoreFlowIfNullOrEmpty, Redact, SelectUniqueValue, and the comparison operators (= <> > >= < <=).
 */
import { evaluationError } from '../errors';
import { ExpressionValue } from '../types';
import { boolText, FALSE, isNull, isNullOrEmpty, parseNumber, toBool, toText, TRUE } from '../values';
import { FunctionImpl } from './function-impl';

export const COMPARISON_OPERATORS = ['=', '<>', '>', '>=', '<', '<='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export function isComparisonOperator(name: string | null): name is ComparisonOperator {
  return name !== null && (COMPARISON_OPERATORS as readonly string[]).includes(name);
}

/** Numeric when both sides are numbers, else ordinal (case-sensitive) string comparison. Null → false. */
function compare(op: ComparisonOperator, left: ExpressionValue, right: ExpressionValue): boolean {
  const a = toText(left);
  const b = toText(right);
  if (a === null || b === null) return false;
  const x = parseNumber(a);
  const y = parseNumber(b);
  const order = x !== null && y !== null ? Math.sign(x - y) : a === b ? 0 : a < b ? -1 : 1;
  switch (op) {
    case '=':
      return order === 0;
    case '<>':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}

const comparison =
  (op: ComparisonOperator): FunctionImpl =>
  (p, ev) =>
    boolText(compare(op, ev.value(p, 0), ev.value(p, 1)));

export const LOGIC_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  CBool: (p, ev) => boolText(toBool(ev.value(p, 0))),

  IIF: (p, ev) => (ev.condition(p, 0) ? ev.value(p, 1) : ev.value(p, 2)),

  IsNull: (p, ev) => boolText(isNull(ev.value(p, 0))),
  IsNullOrEmpty: (p, ev) => boolText(isNullOrEmpty(ev.value(p, 0))),
  IsPresent: (p, ev) => boolText(!isNullOrEmpty(ev.value(p, 0))),
  IsString: (p, ev) => boolText(typeof ev.value(p, 0) === 'string'),

  Not: (p, ev) => (toBool(ev.value(p, 0)) ? FALSE : TRUE),

  Switch: (p, ev) => {
    const source = toText(ev.value(p, 0)) ?? '';
    for (let i = 2; i + 1 < p.length; i += 2) {
      const key = toText(ev.value(p, i)) ?? '';
      if (key === source) return ev.value(p, i + 1);
    }
    return ev.value(p, 1);
  },

  IgnoreFlowIfNullOrEmpty: (p, ev) => {
    const value = ev.value(p, 0);
    if (isNullOrEmpty(value)) ev.ignoreFlow = true;
    return value;
  },

  Redact: (p, ev) => {
    ev.redact = true;
    return ev.value(p, 0);
  },

  SelectUniqueValue: (p, ev) => {
    const isUnique = ev.ctx.isUnique;
    let candidates = 0;
    for (let i = 0; i < p.length; i++) {
      const value = toText(ev.value(p, i));
      if (value === null || value === '') continue;
      candidates++;
      if (!isUnique || isUnique(value)) return value;
    }
    if (candidates === 0) return null;
    throw evaluationError(`SelectUniqueValue: all ${candidates} generated values already exist in the target`);
  },

  '=': comparison('='),
  '<>': comparison('<>'),
  '>': comparison('>'),
  '>=': comparison('>='),
  '<': comparison('<'),
  '<=': comparison('<='),
};
