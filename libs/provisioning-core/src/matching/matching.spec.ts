import fc from 'fast-check';
import type { AttributeMapping, ObjectMapping } from '../schema/model';
import { MatchingError } from './errors';
import { classifyMatch, nextMatchStep } from './match-decision';
import { planMatchQueries, type MatchQuery } from './match-plan';
import { matchingAttributes } from './matching-attributes';
import { isScimAttributePath, scimFilterFor } from './scim-filter';

function mapping(targetAttributeName: string, matchingPriority: number, sourceName = targetAttributeName): AttributeMapping {
  return {
    source: { type: 'Attribute', name: sourceName },
    targetAttributeName,
    flowType: 'Always',
    matchingPriority,
  };
}

const USERS: Pick<ObjectMapping, 'attributeMappings'> = {
  attributeMappings: [
    mapping('displayName', 0),
    mapping('externalId', 2, 'mailNickname'),
    mapping('userName', 1, 'userPrincipalName'),
    mapping('emails[type eq "work"].value', 3, 'mail'),
  ],
};

describe('matchingAttributes', () => {
  it('keeps matchingPriority > 0 sorted by precedence', () => {
    expect(matchingAttributes(USERS).map((m) => m.targetAttributeName)).toEqual(['userName', 'externalId', 'emails[type eq "work"].value']);
  });

  it('is stable for equal priorities and ignores negative/NaN priorities', () => {
    const mappings = { attributeMappings: [mapping('b', 1), mapping('a', 1), mapping('c', -1), mapping('d', Number.NaN)] };
    expect(matchingAttributes(mappings).map((m) => m.targetAttributeName)).toEqual(['b', 'a']);
  });
});

describe('scimFilterFor', () => {
  it.each([
    ['userName', 'alice@contoso.com', 'userName eq "alice@contoso.com"'],
    ['externalId', 'say "hi"', 'externalId eq "say \\"hi\\""'],
    ['externalId', 'C:\\Users\\bob', 'externalId eq "C:\\\\Users\\\\bob"'],
    ['displayName', 'a\nb\tc', 'displayName eq "a\\nb\\tc"'],
    ['displayName', 'Ünïcødé 日本', 'displayName eq "Ünïcødé 日本"'],
    ['displayName', 'R&D (EU) [team]', 'displayName eq "R&D (EU) [team]"'],
    ['emails[type eq "work"].value', 'a@b.c', 'emails[type eq "work"].value eq "a@b.c"'],
    ['name.givenName', 'Alice', 'name.givenName eq "Alice"'],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
      '0042',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "0042"',
    ],
    [
      'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badge',
      'x',
      'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User:badge eq "x"',
    ],
  ])('%s = %p → %s', (path, value, expected) => {
    expect(scimFilterFor(path, value)).toBe(expected);
  });

  it.each(['', 'user name', 'userName eq "x"', 'emails[type eq "work"]', '1abc', 'a.b.c', 'emails[type co "w"].value'])(
    'rejects the attribute path %p',
    (path) => {
      expect(isScimAttributePath(path)).toBe(false);
      expect(() => scimFilterFor(path, 'x')).toThrow(MatchingError);
    },
  );
});

describe('planMatchQueries', () => {
  const values: Record<string, string | null> = { userPrincipalName: 'alice@contoso.com', mailNickname: 'alice', mail: null };
  const evaluate = (m: AttributeMapping): string | null => values[m.source?.name ?? ''] ?? null;

  it('returns one query per matching attribute with a value, in precedence order', () => {
    expect(planMatchQueries(USERS, evaluate)).toEqual({
      matchable: true,
      queries: [
        { targetAttributeName: 'userName', value: 'alice@contoso.com', filter: 'userName eq "alice@contoso.com"', matchingPriority: 1 },
        { targetAttributeName: 'externalId', value: 'alice', filter: 'externalId eq "alice"', matchingPriority: 2 },
      ],
    });
  });

  it.each([
    ['all null', null],
    ['all empty', ''],
  ])('cannot match an object without any matching value (%s)', (_label, value) => {
    expect(planMatchQueries(USERS, () => value)).toEqual({
      matchable: false,
      errorCode: 'ImportSkipped',
      reason: 'NoMatchingAttributeValue',
      missingAttributes: ['userName', 'externalId', 'emails[type eq "work"].value'],
      message: 'The object has no value for any matching attribute (userName, externalId, emails[type eq "work"].value).',
    });
  });

  it('cannot match when the mapping has no matching attribute', () => {
    expect(planMatchQueries({ attributeMappings: [mapping('displayName', 0)] }, () => 'x')).toMatchObject({
      matchable: false,
      reason: 'NoMatchingAttributes',
    });
  });
});

describe('classifyMatch', () => {
  it.each([
    [0, 'create'],
    [1, 'link'],
    [2, 'DuplicateTargetEntries'],
    [17, 'DuplicateTargetEntries'],
  ])('%p results → %p', (count, expected) => {
    expect(classifyMatch(count)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (count) => {
    expect(() => classifyMatch(count)).toThrow(MatchingError);
  });
});

describe('nextMatchStep', () => {
  const q = (name: string): MatchQuery => ({ targetAttributeName: name, value: 'v', filter: `${name} eq "v"`, matchingPriority: 1 });
  const queries = [q('userName'), q('externalId'), q('emails[type eq "work"].value')];

  it.each([
    // result counts so far, expected step
    [[], { kind: 'query', index: 0 }],
    [[0], { kind: 'query', index: 1 }],
    [[0, 0], { kind: 'query', index: 2 }],
    [[0, 0, 0], { kind: 'decided', outcome: 'create' }],
    [[1], { kind: 'decided', outcome: 'link' }],
    [[0, 1], { kind: 'decided', outcome: 'link' }],
    [[2], { kind: 'decided', outcome: 'DuplicateTargetEntries' }], // no fallback to the next attribute
    [[0, 0, 3], { kind: 'decided', outcome: 'DuplicateTargetEntries' }],
  ])('after %p → %p', (counts, expected) => {
    expect(nextMatchStep(queries, counts)).toMatchObject(expected);
  });

  it('names the deciding attempt and keeps every attempt for the log', () => {
    const step = nextMatchStep(queries, [0, 1]);
    expect(step).toEqual({
      kind: 'decided',
      outcome: 'link',
      decidedBy: { query: queries[1], resultCount: 1 },
      attempts: [
        { query: queries[0], resultCount: 0 },
        { query: queries[1], resultCount: 1 },
      ],
    });
  });

  it.each([[[1, 0]], [[0, 0, 0, 0]], [[-1]]])('rejects impossible result sequences %p', (counts) => {
    expect(() => nextMatchStep(queries, counts)).toThrow(MatchingError);
  });
});

describe('scimFilterFor (property)', () => {
  it('the quoted literal always decodes back to the value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const filter = scimFilterFor('userName', value);
        expect(filter.startsWith('userName eq "')).toBe(true);
        expect(JSON.parse(filter.slice('userName eq '.length))).toBe(value);
      }),
    );
  });
});
