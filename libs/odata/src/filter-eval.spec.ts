import { evaluateFilter, filterPredicate } from './filter-eval';
import { parseFilter } from './filter-parser';
import { SEMANTICS_CASES, USERS, USER_PROPS } from './test-fixtures';

const idsMatching = (filter: string): string[] => {
  const predicate = filterPredicate(parseFilter(filter), USER_PROPS);
  return USERS.filter(predicate).map((u) => String(u.id).slice(-2));
};

describe('evaluateFilter — shared semantics table (also run as SQL in filter-sql.int-spec.ts)', () => {
  it.each(SEMANTICS_CASES)('%s', (filter, expected) => {
    expect(idsMatching(filter)).toEqual(expected);
  });
});

describe('evaluateFilter — value shapes', () => {
  const node = parseFilter('createdDateTime ge 2021-01-01T00:00:00Z');
  it.each([
    ['ISO string', '2021-06-01T00:00:00Z', true],
    ['Date', new Date('2021-06-01T00:00:00Z'), true],
    ['epoch ms', Date.parse('2020-06-01T00:00:00Z'), false],
    ['unparseable string (treated as null)', 'yesterday', false],
    ['undefined (absent)', undefined, false],
  ])('datetime given as %s', (_label, value, expected) => {
    expect(evaluateFilter(node, { createdDateTime: value }, USER_PROPS)).toBe(expected);
  });

  it.each([
    ['absent collection', {}, false],
    ['null collection', { businessPhones: null }, false],
    ['collection with a null element', { businessPhones: [null, '1'] }, true],
  ])('any() over %s', (_label, object, expected) => {
    expect(evaluateFilter(parseFilter("businessPhones/any(p:p ne '2')"), object, USER_PROPS)).toBe(expected);
  });

  it('validates before evaluating (unknown property → ODataError)', () => {
    expect(() => evaluateFilter(parseFilter("nope eq 'x'"), {}, USER_PROPS)).toThrow(
      expect.objectContaining({ code: 'Request_BadRequest' }),
    );
  });
});
