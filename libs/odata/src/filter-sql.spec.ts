import fc from 'fast-check';
import { ODataError } from './errors';
import { FilterNode } from './filter-ast';
import { parseFilter } from './filter-parser';
import { escapeLike, filterToSql } from './filter-sql';
import { PropertyMap } from './property-map';
import { USER_PROPS } from './test-fixtures';

const sqlOf = (text: string, first = 1) => filterToSql(parseFilter(text), USER_PROPS, first);

describe('filterToSql — shapes', () => {
  it.each<[string, string, unknown[]]>([
    ["displayName eq 'Adele'", '(u.display_name IS NOT NULL AND lower(u.display_name) = lower($1::text))', ['Adele']],
    ["displayName ne 'Adele'", '(u.display_name IS NULL OR lower(u.display_name) <> lower($1::text))', ['Adele']],
    ["displayName ge 'a'", '(u.display_name IS NOT NULL AND lower(u.display_name) COLLATE "C" >= lower($1::text))', ['a']],
    ["jobTitle eq 'Dev'", '(u.job_title IS NOT NULL AND u.job_title = $1)', ['Dev']],
    ['mail eq null', '(u.mail IS NULL)', []],
    ['mail ne null', '(u.mail IS NOT NULL)', []],
    [
      "startswith(displayName,'a%_\\')",
      "(u.display_name IS NOT NULL AND lower(u.display_name) LIKE lower($1::text) ESCAPE '\\')",
      ['a\\%\\_\\\\%'],
    ],
    ["endswith(mail,'@x.com')", "(u.mail IS NOT NULL AND lower(u.mail) LIKE lower($1::text) ESCAPE '\\')", ['%@x.com']],
    ["startswith(jobTitle,'D')", "(u.job_title IS NOT NULL AND u.job_title LIKE $1 ESCAPE '\\')", ['D%']],
    ["mail in ('a','B','a')", '(u.mail IS NOT NULL AND lower(u.mail) = ANY(SELECT lower(x) FROM unnest($1::text[]) AS x))', [['a', 'B']]],
    [
      "mail in (null,'a')",
      '(u.mail IS NULL OR (u.mail IS NOT NULL AND lower(u.mail) = ANY(SELECT lower(x) FROM unnest($1::text[]) AS x)))',
      [['a']],
    ],
    ['signInCount in (1,2)', '(u.sign_in_count IS NOT NULL AND u.sign_in_count = ANY($1))', [[1, 2]]],
    ['accountEnabled eq false', '(u.account_enabled IS NOT NULL AND u.account_enabled = $1)', [false]],
    ['accountEnabled ne true', '(u.account_enabled IS NULL OR u.account_enabled <> $1)', [true]],
    ['id eq 8A4F2A43-2B1C-4E7E-9C1D-0F7D2A9C1B01', '(u.id IS NOT NULL AND u.id = $1)', ['8a4f2a43-2b1c-4e7e-9c1d-0f7d2a9c1b01']],
    [
      'createdDateTime lt 2021-01-02T13:00:00+01:00',
      '(u.created_date_time IS NOT NULL AND u.created_date_time < $1)',
      ['2021-01-02T12:00:00.000Z'],
    ],
    ["not(displayName eq 'a')", '(NOT (u.display_name IS NOT NULL AND lower(u.display_name) = lower($1::text)))', ['a']],
    [
      "businessPhones/any(p:p eq '1')",
      'EXISTS (SELECT 1 FROM unnest(u.business_phones) AS odata_any_1(v) WHERE (odata_any_1.v IS NOT NULL AND lower(odata_any_1.v) = lower($1::text)))',
      ['1'],
    ],
    ['businessPhones/any()', 'EXISTS (SELECT 1 FROM unnest(u.business_phones) AS odata_any_1(v))', []],
    [
      "accountEnabled eq true and (signInCount gt 1 or startswith(mail,'a'))",
      "((u.account_enabled IS NOT NULL AND u.account_enabled = $1) AND ((u.sign_in_count IS NOT NULL AND u.sign_in_count > $2) OR (u.mail IS NOT NULL AND lower(u.mail) LIKE lower($3::text) ESCAPE '\\')))",
      [true, 1, 'a%'],
    ],
  ])('%s', (text, sql, params) => {
    expect(sqlOf(text)).toEqual({ sql, params });
  });

  it('numbers placeholders from firstParam', () => {
    expect(sqlOf("displayName eq 'a' or signInCount eq 2", 4)).toEqual({
      sql: '((u.display_name IS NOT NULL AND lower(u.display_name) = lower($4::text)) OR (u.sign_in_count IS NOT NULL AND u.sign_in_count = $5))',
      params: ['a', 2],
    });
  });

  it('reads jsonb collections with jsonb_array_elements_text', () => {
    const props: PropertyMap = { tags: { sql: 't.tags', type: 'stringCollection', collection: 'jsonb' } };
    expect(filterToSql(parseFilter("tags/any(t:t eq 'x')"), props, 1).sql).toBe(
      'EXISTS (SELECT 1 FROM jsonb_array_elements_text(t.tags) AS odata_any_1(v) WHERE (odata_any_1.v IS NOT NULL AND lower(odata_any_1.v) = lower($1::text)))',
    );
  });

  it('validates unvalidated trees itself', () => {
    const node: FilterNode = {
      kind: 'compare',
      op: 'eq',
      subject: { kind: 'property', name: 'password' },
      value: { type: 'string', value: 'x' },
      position: 0,
    };
    expect(() => filterToSql(node, USER_PROPS, 1)).toThrow(ODataError);
  });

  it.each([
    ['a%b_c\\d', 'a\\%b\\_c\\\\d'],
    ['plain', 'plain'],
    ['', ''],
  ])('escapeLike(%j) = %j', (input, expected) => {
    expect(escapeLike(input)).toBe(expected);
  });
});

describe('filterToSql — values never reach the SQL text', () => {
  it.each([
    "displayName eq 'x'') or 1=1 --'",
    "displayName eq 'Robert''); DROP TABLE users; --'",
    "startswith(displayName,'%'' OR ''1''=''1')",
    "mail in ('a'' OR 1=1 --', 'b')",
    "businessPhones/any(p:p eq ''' OR TRUE) --')",
    "jobTitle eq '$1'",
  ])('%s', (text) => {
    const { sql, params } = sqlOf(text);
    expect(sql).not.toMatch(/1=1|DROP|TRUE\)|--|\$1'|OR '/);
    expect(JSON.stringify(params)).toMatch(/1=1|'1'='1|DROP|TRUE|\$1/);
  });

  /** Only fixed keywords, the map's trusted SQL, placeholders and generated aliases may appear. */
  const ALLOWED_SQL = new RegExp(
    '^(?:\\s|[()]|,|AND|OR|NOT|IS|NULL|LIKE|ESCAPE|\'\\\\\'|COLLATE|"C"|ANY|EXISTS|SELECT|FROM|WHERE|AS|1|x|lower|unnest|::text(?:\\[\\])?|=|<>|>=|<=|>|<|\\$\\d+|odata_any_\\d+(?:\\(v\\)|\\.v)|u\\.[a-z_0-9]+)+$',
  );

  it('for arbitrary string values, the SQL is made only of allowed tokens and every value is a parameter', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom('eq', 'ne', 'gt', 'startswith', 'endswith', 'in', 'any'),
        (value, form) => {
          const lit = `'${value.replace(/'/g, "''")}'`;
          const text =
            form === 'startswith' || form === 'endswith'
              ? `${form}(mail,${lit})`
              : form === 'in'
                ? `mail in (${lit}, 'other')`
                : form === 'any'
                  ? `businessPhones/any(p:p eq ${lit})`
                  : `displayName ${form} ${lit}`;
          const { sql, params } = sqlOf(text);
          expect(sql).toMatch(ALLOWED_SQL);
          expect(params.length).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
