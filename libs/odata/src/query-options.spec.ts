import { parseCount, parseTop } from './query-options';

const OPTS = { default: 100, max: 999 };

describe('parseTop', () => {
  it.each([
    [undefined, 100],
    ['1', 1],
    ['999', 999],
    ['010', 10],
    [' 5 ', 5],
  ])('%j → %d', (text, expected) => {
    expect(parseTop(text, OPTS)).toBe(expected);
  });

  it.each([
    ['0', 'Request_UnsupportedQuery', "Invalid page size specified: '0'. Must be between 1 and 999 inclusive."],
    ['1000', 'Request_UnsupportedQuery', "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive."],
    [
      '99999999999999999999999',
      'Request_UnsupportedQuery',
      "Invalid page size specified: '99999999999999999999999'. Must be between 1 and 999 inclusive.",
    ],
    ['-1', 'BadRequest', "Invalid value '-1' for $top query option found. The $top query option requires a non-negative integer value."],
    ['1.5', 'BadRequest', "Invalid value '1.5' for $top query option found. The $top query option requires a non-negative integer value."],
    ['abc', 'BadRequest', "Invalid value 'abc' for $top query option found. The $top query option requires a non-negative integer value."],
    ['', 'BadRequest', "Invalid value '' for $top query option found. The $top query option requires a non-negative integer value."],
    ['1e3', 'BadRequest', "Invalid value '1e3' for $top query option found. The $top query option requires a non-negative integer value."],
  ])('%j → %s', (text, code, message) => {
    expect(() => parseTop(text, OPTS)).toThrow(expect.objectContaining({ code, message }));
  });
});

describe('parseCount', () => {
  it.each([
    [undefined, false],
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
  ])('%j → %s', (text, expected) => {
    expect(parseCount(text)).toBe(expected);
  });

  it.each(['', 'yes', '1', 'truee'])('%j → BadRequest', (text) => {
    expect(() => parseCount(text)).toThrow(expect.objectContaining({ code: 'BadRequest' }));
  });
});
