import { ODataError } from '@app/odata';
import { MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from '../http/filter-grammar';
import { AUDIT_FILTER_PROPERTIES, auditFilterToSql, directoryAuditFilterSql, parseAuditFilter } from './directory-audit.filter';

describe('directory audit $filter → SQL', () => {
  it.each([
    ['activityDateTime ge 2024-01-01T00:00:00Z', '(activity_date_time >= $1::timestamptz)', ['2024-01-01T00:00:00.000Z']],
    ['activityDateTime le 2024-01-01', '(activity_date_time <= $1::timestamptz)', ['2024-01-01T00:00:00.000Z']],
    ['activityDateTime eq 2024-01-01T00:00:00.5Z', '(activity_date_time = $1::timestamptz)', ['2024-01-01T00:00:00.500Z']],
    ["activityDisplayName eq 'Add user'", '(activity_display_name = $1::text)', ['Add user']],
    ["ACTIVITYDISPLAYNAME eq 'Add user'", '(activity_display_name = $1::text)', ['Add user']],
    ["startswith(activityDisplayName, 'Add')", 'starts_with(activity_display_name, $1::text)', ['Add']],
    ["category eq 'UserManagement'", '(category = $1::text)', ['UserManagement']],
    ["correlationId eq 'c-1'", '(correlation_id = $1::text)', ['c-1']],
    ['id eq 74C3B0AE-9CC5-850E-E0A5-7A6A4231DE87', '(id = $1::text)', ['74C3B0AE-9CC5-850E-E0A5-7A6A4231DE87']],
    ["loggedByService eq 'Core Directory'", '(logged_by_service = $1::text)', ['Core Directory']],
    ["result eq 'Success'", '(lower(result) = lower($1::text))', ['Success']],
    ["initiatedBy/user/id eq 'u'", "((initiated_by->'user'->>'id') = $1::text)", ['u']],
    ["initiatedBy/user/displayName eq 'Admin'", "((initiated_by->'user'->>'displayName') = $1::text)", ['Admin']],
    [
      "initiatedBy/user/userPrincipalName eq 'admin@contoso.com'",
      "((initiated_by->'user'->>'userPrincipalName') = $1::text)",
      ['admin@contoso.com'],
    ],
    [
      "startswith(initiatedBy/user/userPrincipalName, 'admin@')",
      "starts_with((initiated_by->'user'->>'userPrincipalName'), $1::text)",
      ['admin@'],
    ],
    ["initiatedBy/app/appId eq 'a'", "((initiated_by->'app'->>'appId') = $1::text)", ['a']],
    [
      "initiatedBy/app/displayName eq 'Azure AD Provisioning'",
      "((initiated_by->'app'->>'displayName') = $1::text)",
      ['Azure AD Provisioning'],
    ],
    ["targetResources/any(t: t/id eq 'sp-1')", "(target_resources @> jsonb_build_array(jsonb_build_object('id', $1::text)))", ['sp-1']],
    [
      "targetResources/any(x:x/displayName eq 'Kintone')",
      "(target_resources @> jsonb_build_array(jsonb_build_object('displayName', $1::text)))",
      ['Kintone'],
    ],
    [
      "targetResources/any(t: startswith(t/displayName, 'Kin'))",
      "EXISTS (SELECT 1 FROM jsonb_array_elements(target_resources) AS t(v) WHERE starts_with(t.v->>'displayName', $1::text))",
      ['Kin'],
    ],
    [
      "category eq 'GroupManagement' and (activityDisplayName eq 'Add group' or startswith(activityDisplayName, 'Delete'))",
      '((category = $1::text) AND ((activity_display_name = $2::text) OR starts_with(activity_display_name, $3::text)))',
      ['GroupManagement', 'Add group', 'Delete'],
    ],
    ["id eq 'O''Brien'", '(id = $1::text)', ["O'Brien"]],
  ])('%s', (filter, sql, params) => {
    expect(directoryAuditFilterSql(filter)).toEqual({ sql, params });
  });

  it('numbers placeholders from firstParam', () => {
    expect(auditFilterToSql(parseAuditFilter("category eq 'a' or targetResources/any(t: t/id eq 'b')"), 3)).toEqual({
      sql: "((category = $3::text) OR (target_resources @> jsonb_build_array(jsonb_build_object('id', $4::text))))",
      params: ['a', 'b'],
    });
  });

  it('serves every documented property with each of its operators', () => {
    for (const [name, spec] of Object.entries(AUDIT_FILTER_PROPERTIES)) {
      const value = spec.type === 'datetime' ? '2024-01-01T00:00:00Z' : "'x'";
      for (const op of spec.operators) {
        const filter = op === 'startswith' ? `startswith(${name}, 'x')` : `${name} ${op} ${value}`;
        expect(() => parseAuditFilter(filter)).not.toThrow();
      }
    }
  });

  const INJECTIONS = ["x'; DROP TABLE entra.directory_audits; --", "' OR 1=1 --", "\\'); SELECT pg_sleep(10); --", '%_%', 'x$9y', 'a"b'];
  it.each(INJECTIONS)('values only travel as parameters: %s', (value) => {
    const literal = `'${value.replace(/'/g, "''")}'`;
    for (const filter of [
      `activityDisplayName eq ${literal}`,
      `startswith(activityDisplayName, ${literal})`,
      `targetResources/any(t: t/id eq ${literal})`,
      `targetResources/any(t: startswith(t/displayName, ${literal}))`,
    ]) {
      const { sql, params } = directoryAuditFilterSql(filter);
      expect(sql).not.toContain(value);
      expect(params).toEqual([value]);
    }
  });

  it.each([
    ['empty', '   '],
    ['unknown property', "userPrincipalName eq 'x'"],
    ['undocumented operator on a property', "startswith(category, 'User')"],
    ['gt on the date', 'activityDateTime gt 2024-01-01'],
    ['lt on the date', 'activityDateTime lt 2024-01-01'],
    ['ge on a string', "category ge 'a'"],
    ['ne', "category ne 'a'"],
    ['not', "not category eq 'a'"],
    ['in', "category in ('a')"],
    ['contains', "contains(activityDisplayName, 'user')"],
    ['endswith', "endswith(activityDisplayName, 'user')"],
    ['string for the date', "activityDateTime ge '2024-01-01'"],
    ['date for a string', 'category eq 2024-01-01'],
    ['number', 'category eq 5'],
    ['null', 'category eq null'],
    ['bare property', 'category'],
    ['dangling and', "category eq 'a' and"],
    ['missing paren', "(category eq 'a'"],
    ['literal on the left', "'a' eq category"],
    ['unterminated string', "category eq 'a"],
    ['all instead of any', "targetResources/all(t: t/id eq 'a')"],
    ['targetResources without lambda', "targetResources eq 'a'"],
    ['undocumented target property', "targetResources/any(t: t/type eq 'User')"],
    ['startswith on target id', "targetResources/any(t: startswith(t/id, 'a'))"],
    ['other range variable', "targetResources/any(t: u/id eq 'a')"],
    ['ne inside the lambda', "targetResources/any(t: t/id ne 'a')"],
    ['missing colon', "targetResources/any(t t/id eq 'a')"],
    ['missing lambda paren', "targetResources/any(t: t/id eq 'a'"],
    ['cast', "initiatedBy/user/microsoft.graph.x/id eq 'a'"],
    ['too long', `activityDisplayName eq '${'a'.repeat(MAX_FILTER_LENGTH)}'`],
    ['too deep', `${'('.repeat(MAX_FILTER_DEPTH + 1)}category eq 'a'${')'.repeat(MAX_FILTER_DEPTH + 1)}`],
    ['too many clauses', Array.from({ length: MAX_FILTER_CLAUSES + 1 }, () => "category eq 'a'").join(' or ')],
  ])('rejects %s with 400 Request_BadRequest', (_name, filter) => {
    let error: unknown;
    try {
      parseAuditFilter(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ODataError);
    expect((error as ODataError).code).toBe('Request_BadRequest');
  });
});
