import { describe, expect, it } from 'vitest';
import type { FilterGroup } from '../../api/sync';
import { addClause, addGroup, removeClause, removeGroup, scopeSummary, setClause, setGroupName } from './scope-edit';

const sales: FilterGroup = {
  name: 'Sales',
  clauses: [{ sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: ['Sales'] } }],
};

describe('scoping filter edits', () => {
  it('adds, renames and removes filter groups (ORed)', () => {
    const two = addGroup([sales]);
    expect(two).toEqual([sales, { name: 'Scoping filter 2', clauses: [] }]);
    expect(setGroupName(two, 1, 'Managers')[1].name).toBe('Managers');
    expect(removeGroup(two, 0)).toEqual([{ name: 'Scoping filter 2', clauses: [] }]);
  });

  it('adds and removes clauses (ANDed) in one group only', () => {
    const groups = addClause([sales, { name: 'Other', clauses: [] }], 0, 'jobTitle', 'IS NOT NULL');
    expect(groups[0].clauses.map((c) => c.sourceOperandName)).toEqual(['department', 'jobTitle']);
    expect(groups[1].clauses).toEqual([]);
    expect(removeClause(groups, 0, 0)[0].clauses.map((c) => c.sourceOperandName)).toEqual(['jobTitle']);
  });

  it.each([
    {
      name: 'a value',
      change: { value: 'Marketing' },
      unary: undefined,
      want: { sourceOperandName: 'department', operatorName: 'EQUALS', targetOperand: { values: ['Marketing'] } },
    },
    {
      name: 'a unary operator drops the operand',
      change: { operatorName: 'IS NULL' },
      unary: true,
      want: { sourceOperandName: 'department', operatorName: 'IS NULL', targetOperand: null },
    },
    {
      name: 'another attribute',
      change: { sourceOperandName: 'city' },
      unary: undefined,
      want: { sourceOperandName: 'city', operatorName: 'EQUALS', targetOperand: { values: ['Sales'] } },
    },
  ])('sets $name', ({ change, unary, want }) => {
    expect(setClause([sales], 0, 0, change, unary)[0].clauses[0]).toEqual(want);
  });

  it('a binary operator after a unary one gets a value to fill in', () => {
    const unary = setClause([sales], 0, 0, { operatorName: 'IS TRUE' }, true);
    expect(setClause(unary, 0, 0, { operatorName: 'EQUALS' }, false)[0].clauses[0].targetOperand).toEqual({ values: [''] });
  });

  it.each([
    { groups: undefined, text: 'All records' },
    { groups: [sales], text: '1 scoping filter' },
    { groups: [sales, sales], text: '2 scoping filters' },
  ])('summary: $text', ({ groups, text }) => {
    expect(scopeSummary(groups)).toBe(text);
  });
});
