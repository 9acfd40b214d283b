import { FUNCTION_SCHEMAS } from './function-schemas';
import { FUNCTIONS } from './functions/registry';

/** Entries of FUNCTIONS that are not documented functions: the comparison operators, written infix. */
const OPERATORS = ['=', '<>', '>', '>=', '<', '<='];

const documented = new Set(FUNCTION_SCHEMAS.map((schema) => schema.name));

describe('documented functions and their implementations', () => {
  it.each(FUNCTION_SCHEMAS.map((schema) => [schema.name]))('%s (in FUNCTION_SCHEMAS) has an implementation in FUNCTIONS', (name) => {
    expect(typeof FUNCTIONS.get(name)).toBe('function');
  });

  it.each([...FUNCTIONS.keys()].filter((name) => !OPERATORS.includes(name)).map((name) => [name]))(
    '%s (in FUNCTIONS) is documented in FUNCTION_SCHEMAS',
    (name) => {
      expect(documented.has(name)).toBe(true);
    },
  );

  it.each(OPERATORS.map((operator) => [operator]))('operator %s is implemented', (operator) => {
    expect(typeof FUNCTIONS.get(operator)).toBe('function');
  });

  it('lists every function once, and as many as it implements', () => {
    expect(documented.size).toBe(FUNCTION_SCHEMAS.length);
    expect(FUNCTIONS.size).toBe(FUNCTION_SCHEMAS.length + OPERATORS.length);
  });
});
