import fc from 'fast-check';

/** Test data generators shared by the fuzz and PostgreSQL cross-check suites. */

/** Strings chosen to stress case folding, LIKE metacharacters, quoting and code-point order. */
export const trickyString = fc.constantFrom(
  '',
  'a',
  'A',
  'ab',
  'Ab',
  'b',
  'z',
  'Z',
  '%',
  '_',
  '\\',
  "'",
  "O'Brien",
  "o'brien",
  'ü',
  'Ü',
  'ümit',
  'ß',
  'é',
  '😀',
  '\uE000',
  'a%',
  'a_b',
  'a\\b',
  ' ',
  'smtp:',
  'SMTP:x@contoso.com',
  '1=1',
);

const GUIDS = ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-00000000000a', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
const DATES = ['2020-01-01T00:00:00.000Z', '2021-06-15T12:30:00.000Z', '2021-06-15T12:30:00.001Z', '2030-12-31T23:59:59.999Z'];
const INTS = [-1, 0, 1, 42];

const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 4 });

export const userRowArbitrary = fc.record({
  id: fc.uuid(),
  displayName: nullable(trickyString),
  userPrincipalName: nullable(trickyString),
  mail: nullable(trickyString),
  jobTitle: nullable(trickyString),
  accountEnabled: nullable(fc.boolean()),
  createdDateTime: nullable(fc.constantFrom(...DATES)),
  signInCount: nullable(fc.constantFrom(...INTS)),
  businessPhones: nullable(fc.array(trickyString, { maxLength: 3 })),
  proxyAddresses: nullable(fc.array(trickyString, { maxLength: 3 })),
  'onPremisesExtensionAttributes/extensionAttribute1': nullable(trickyString),
});

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const stringLiteral = trickyString.map(quote);
const anyCase = (word: string): fc.Arbitrary<string> =>
  fc.constantFrom(word, word.toUpperCase(), word.charAt(0).toUpperCase() + word.slice(1));

const STRING_PROPS = [
  'displayName',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'onPremisesExtensionAttributes/extensionAttribute1',
  'DISPLAYNAME',
];
const ENDSWITH_PROPS = ['userPrincipalName', 'mail'];
const ORDER_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

const inList = (item: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.array(fc.oneof(item, fc.constant('null')), { minLength: 1, maxLength: 4 }).map((xs) => `(${xs.join(', ')})`);

const stringLeaf = (subject: fc.Arbitrary<string>, endsWith: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(subject, fc.constantFrom(...ORDER_OPS), stringLiteral).map(([p, op, v]) => `${p} ${op} ${v}`),
    fc.tuple(anyCase('startswith'), subject, stringLiteral).map(([f, p, v]) => `${f}(${p},${v})`),
    ...(endsWith ? [fc.tuple(anyCase('endswith'), subject, stringLiteral).map(([f, p, v]) => `${f}(${p}, ${v})`)] : []),
    fc.tuple(subject, inList(stringLiteral)).map(([p, l]) => `${p} in ${l}`),
  );

const leaf: fc.Arbitrary<string> = fc.oneof(
  stringLeaf(fc.constantFrom(...STRING_PROPS), false),
  fc.constantFrom(...ENDSWITH_PROPS).chain((p) => stringLeaf(fc.constant(p), true)),
  fc.tuple(fc.constantFrom(...STRING_PROPS), fc.constantFrom('eq', 'ne')).map(([p, op]) => `${p} ${op} null`),
  fc.tuple(fc.constantFrom('eq', 'ne'), fc.constantFrom('true', 'false', 'null', 'TRUE')).map(([op, v]) => `accountEnabled ${op} ${v}`),
  fc
    .tuple(fc.constantFrom(...ORDER_OPS), fc.constantFrom(...DATES, '2021-06-15', '2021-06-15T14:30:00+02:00'))
    .map(([op, v]) => `createdDateTime ${op} ${v}`),
  fc.tuple(fc.constantFrom(...ORDER_OPS), fc.constantFrom(...INTS)).map(([op, v]) => `signInCount ${op} ${v}`),
  inList(fc.constantFrom(...INTS).map(String)).map((l) => `signInCount in ${l}`),
  fc
    .tuple(fc.constantFrom('eq', 'ne'), fc.constantFrom(...GUIDS, GUIDS[1].toUpperCase(), quote(GUIDS[2])))
    .map(([op, v]) => `id ${op} ${v}`),
  fc.tuple(fc.constantFrom('businessPhones', 'proxyAddresses'), fc.constantFrom('p', 'x')).chain(([collection, v]) =>
    fc.oneof(
      fc.constant(`${collection}/any()`),
      stringLeaf(fc.constant(v), collection === 'proxyAddresses').map((body) => `${collection}/any(${v}:${body})`),
      fc
        .tuple(stringLeaf(fc.constant(v), false), stringLeaf(fc.constant(v), false), fc.constantFrom('and', 'or'))
        .map(([a, b, op]) => `${collection}/any(${v}: ${a} ${op} not(${b}))`),
    ),
  ),
);

/** Random well-formed, supported $filter text over USER_PROPS. */
export const filterTextArbitrary: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('expr'), fc.constantFrom('and', 'or', 'AND', 'Or'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('expr').map((e) => `(${e})`),
    tie('expr').map((e) => `not(${e})`),
    tie('expr').map((e) => `NOT (${e})`),
  ),
})).expr;
