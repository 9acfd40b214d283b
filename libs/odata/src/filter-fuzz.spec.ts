import fc from 'fast-check';
import { ODataError } from './errors';
import { evaluateFilter } from './filter-eval';
import { parseFilter } from './filter-parser';
import { filterToSql } from './filter-sql';
import { validateFilter } from './filter-validate';
import { filterTextArbitrary, userRowArbitrary } from './test-arbitraries';
import { USER_PROPS } from './test-fixtures';

/** Runs the whole pipeline; anything thrown must be an ODataError. */
function pipeline(text: string): void {
  try {
    const node = validateFilter(parseFilter(text), USER_PROPS, 'User');
    filterToSql(node, USER_PROPS, 1);
    evaluateFilter(node, {}, USER_PROPS);
  } catch (error) {
    if (!(error instanceof ODataError)) throw error;
    expect(typeof error.message).toBe('string');
    if (error.position !== undefined) expect(error.position).toBeGreaterThanOrEqual(0);
  }
}

const TOKENS = [
  '(',
  ')',
  ',',
  ':',
  '/',
  "'",
  "''",
  ' ',
  'eq',
  'ne',
  'gt',
  'in',
  'and',
  'or',
  'not',
  'NOT',
  'any',
  'all',
  'startswith',
  'endswith',
  'contains',
  'displayName',
  'mail',
  'accountEnabled',
  'businessPhones',
  'p',
  'p:',
  "'a'",
  'true',
  'null',
  '1',
  '-1',
  '1.5',
  '2021-01-01',
  '2021-01-01T00:00:00Z',
  '8a4f2a43-2b1c-4e7e-9c1d-0f7d2a9c1b01',
  '$count',
  '@x',
  '%',
  ';',
  '--',
  '"',
  '\\',
  '😀',
  '\u0000',
];

describe('only ODataError escapes, whatever the input', () => {
  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), pipeline), { numRuns: 3000 });
  });

  it('token soup (reaches deep parser states)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), (parts) => pipeline(parts.join(''))),
      { numRuns: 3000 },
    );
  });

  it('token soup with spaces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), (parts) => pipeline(parts.join(' '))),
      { numRuns: 3000 },
    );
  });

  it('deep nesting is refused, not a stack overflow', () => {
    for (const text of ['('.repeat(100_000), 'not '.repeat(1000) + "a eq 'x'", `${'('.repeat(1000)}a eq 1${')'.repeat(1000)}`]) {
      expect(() => parseFilter(text, { maxLength: 1_000_000 })).toThrow(ODataError);
    }
  });

  it('long flat chains stay shallow (n-ary and/or)', () => {
    const text = Array.from({ length: 400 }, () => 'signInCount eq 1').join(' or ');
    const node = parseFilter(text, { maxLength: 100_000 });
    expect(node.kind === 'or' && node.operands.length).toBe(400);
    expect(filterToSql(node, USER_PROPS, 1).params).toHaveLength(400);
  });
});

describe('generated supported filters', () => {
  it('parse, validate, translate and evaluate without error', () => {
    fc.assert(
      fc.property(filterTextArbitrary, userRowArbitrary, (text, row) => {
        const node = parseFilter(text, { maxLength: 100_000 });
        const { sql, params } = filterToSql(node, USER_PROPS, 1);
        expect((sql.match(/\$\d+/g) ?? []).length).toBe(params.length);
        expect(typeof evaluateFilter(node, row, USER_PROPS)).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
