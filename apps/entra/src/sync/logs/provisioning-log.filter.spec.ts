import { ODataError } from '@app/odata';
import { LOG_FILTER_PROPERTIES } from './provisioning-log.columns';
import { logFilterToSql, MAX_FILTER_CLAUSES, parseLogFilter, provisioningLogFilterSql } from './provisioning-log.filter';

describe('provisioning log $filter → SQL', () => {
  it.each([
    ["jobId eq 'scim.abc'", '(job_id = $1::text)', ['scim.abc']],
    ["JOBID eq 'scim.abc'", '(job_id = $1::text)', ['scim.abc']],
    ["contains(jobId,'abc')", '(strpos(job_id, $1::text) > 0)', ['abc']],
    ["CONTAINS(sourceIdentity/displayName, 'Ad')", '(strpos(source_display_name, $1::text) > 0)', ['Ad']],
    ['activityDateTime gt 2024-01-01T00:00:00Z', '(activity_date_time > $1::timestamptz)', ['2024-01-01T00:00:00.000Z']],
    ['activityDateTime ge 2024-01-01', '(activity_date_time >= $1::timestamptz)', ['2024-01-01T00:00:00.000Z']],
    [
      'activityDateTime lt 2024-01-01T02:00:00%2B02:00'.replace('%2B', '+'),
      '(activity_date_time < $1::timestamptz)',
      ['2024-01-01T00:00:00.000Z'],
    ],
    ['activityDateTime le 2024-01-01T00:00:00.5Z', '(activity_date_time <= $1::timestamptz)', ['2024-01-01T00:00:00.500Z']],
    ['durationInMilliseconds gt 100', '(duration_ms > $1::bigint)', [100]],
    ["provisioningStatusInfo/status eq 'Failure'", '(lower(status) = lower($1::text))', ['Failure']],
    ["contains(provisioningStatusInfo/status,'FAIL')", '(strpos(lower(status), lower($1::text)) > 0)', ['FAIL']],
    ["provisioningStatusInfo/errorInformation/errorCode eq 'Timeout'", '(error_code = $1::text)', ['Timeout']],
    ["servicePrincipal/id eq 'sp'", '(service_principal_id = $1::text)', ['sp']],
    ["servicePrincipal/name eq 'Kintone'", '(service_principal_display_name = $1::text)', ['Kintone']],
    ['id eq 74C3B0AE-9CC5-850E-E0A5-7A6A4231DE87', '(id = $1::text)', ['74C3B0AE-9CC5-850E-E0A5-7A6A4231DE87']],
    ['targetIdentity/id eq null', '(target_id IS NULL)', []],
    ["id eq 'O''Brien'", '(id = $1::text)', ["O'Brien"]],
    [
      "jobId eq 'j' and (provisioningAction eq 'create' or provisioningAction eq 'update') and activityDateTime lt 2030-01-01",
      '((job_id = $1::text) AND ((provisioning_action = $2::text) OR (provisioning_action = $3::text)) AND (activity_date_time < $4::timestamptz))',
      ['j', 'create', 'update', '2030-01-01T00:00:00.000Z'],
    ],
    [
      "cycleId eq 'a' or changeId eq 'b' and tenantId eq 'c'",
      '((cycle_id = $1::text) OR ((change_id = $2::text) AND (tenant_id = $3::text)))',
      ['a', 'b', 'c'],
    ],
  ])('%s', (filter, sql, params) => {
    expect(provisioningLogFilterSql(filter)).toEqual({ sql, params });
  });

  it('numbers placeholders from firstParam', () => {
    expect(logFilterToSql(parseLogFilter("jobId eq 'a' or contains(id,'b')"), 4)).toEqual({
      sql: '((job_id = $4::text) OR (strpos(id, $5::text) > 0))',
      params: ['a', 'b'],
    });
  });

  it('serves every documented property with eq (contains where documented)', () => {
    for (const [name, spec] of Object.entries(LOG_FILTER_PROPERTIES)) {
      const value = spec.type === 'datetime' ? '2024-01-01T00:00:00Z' : spec.type === 'int' ? '5' : "'x'";
      expect(() => parseLogFilter(`${name} eq ${value}`)).not.toThrow();
      if (spec.operators.includes('contains')) expect(() => parseLogFilter(`contains(${name},'x')`)).not.toThrow();
    }
  });

  const INJECTIONS = ["x'; DROP TABLE entra.provisioning_logs; --", "' OR 1=1 --", "\\'); SELECT pg_sleep(10); --", '%_%', 'x$9y', 'a"b'];
  it.each(INJECTIONS)('values only travel as parameters: %s', (value) => {
    const literal = `'${value.replace(/'/g, "''")}'`;
    for (const filter of [
      `jobId eq ${literal}`,
      `contains(sourceIdentity/displayName,${literal})`,
      `provisioningStatusInfo/status eq ${literal}`,
    ]) {
      const { sql, params } = provisioningLogFilterSql(filter);
      expect(params).toEqual([value]);
      expect(sql).not.toContain(value);
      expect(sql).toMatch(/^[\w\s()$:=<>,]+$/);
    }
  });

  it.each([
    ['empty', ''],
    ['unknown property', "displayName eq 'x'"],
    ['property that is SQL', "job_id eq 'x'"],
    ['property with a quote', "jobId' eq 'x'"],
    ['injected SQL as property', "1=1 or jobId eq 'x'"],
    ['semicolon', "jobId eq 'x'; DROP TABLE x"],
    ['operator not allowed for the property', "servicePrincipal/id gt 'a'"],
    ['contains not allowed for the property', "contains(servicePrincipal/id,'a')"],
    ['gt on a string', "jobId gt 'a'"],
    ['ne', "jobId ne 'a'"],
    ['not', "not(jobId eq 'a')"],
    ['in', "jobId in ('a','b')"],
    ['startswith', "startswith(jobId,'a')"],
    ['endswith', "endswith(jobId,'a')"],
    ['unknown function', "foo(jobId,'a')"],
    ['any lambda', "modifiedProperties/any(p:p/displayName eq 'x')"],
    ['wrong literal type: number for string', 'jobId eq 5'],
    ['wrong literal type: string for datetime', "activityDateTime gt '2024-01-01'"],
    ['wrong literal type: string for int', "durationInMilliseconds gt '5'"],
    ['boolean literal', 'jobId eq true'],
    ['null with gt', 'activityDateTime gt null'],
    ['contains with a non-string', 'contains(jobId, 5)'],
    ['unterminated string', "jobId eq 'abc"],
    ['bad character', "jobId eq 'a' & 1"],
    ['dangling and', "jobId eq 'a' and"],
    ['missing value', 'jobId eq'],
    ['missing paren', "(jobId eq 'a'"],
    ['literal on the left', "'a' eq jobId"],
    ['decimal', 'durationInMilliseconds gt 1.5'],
    ['bad date', 'activityDateTime gt 2024-13-01T00:00:00Z'],
    ['too long', `jobId eq '${'a'.repeat(3000)}'`],
    ['too deep', `${'('.repeat(40)}jobId eq 'a'${')'.repeat(40)}`],
    ['too many clauses', Array.from({ length: MAX_FILTER_CLAUSES + 1 }, () => "jobId eq 'a'").join(' or ')],
  ])('rejects %s with 400 Request_BadRequest', (_name, filter) => {
    let error: unknown;
    try {
      provisioningLogFilterSql(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ODataError);
    expect((error as ODataError).code).toBe('Request_BadRequest');
  });
});
