import { describe, expect, it } from 'vitest';
import { buildLogFilter, downloadPath, logsListPath, onDemandBody, parseOnDemandAnswer, ruleFor, type LogFilters } from './logs';
import onDemandAnswer from '../features/logs/__fixtures__/on-demand-response.json';

describe('Provisioning logs filter → Graph $filter', () => {
  const cases: [string, LogFilters, string | undefined][] = [
    ['no filter', {}, undefined],
    ['empty values are no filter', { status: '', action: '', identity: '   ' }, undefined],
    ['status (case-insensitive on the server)', { status: 'failure' }, "provisioningStatusInfo/status eq 'failure'"],
    ['action, as Graph spells the enum', { action: 'stagedDelete' }, "provisioningAction eq 'stagedDelete'"],
    [
      'application = service principal id',
      { app: '9638520b-9314-4581-9bac-ec8288a6b699' },
      "servicePrincipal/id eq '9638520b-9314-4581-9bac-ec8288a6b699'",
    ],
    ['job id, trimmed', { jobId: ' kintone.abc ' }, "jobId eq 'kintone.abc'"],
    [
      'date range from datetime-local values (UTC)',
      { from: '2026-12-01T08:30', to: '2026-12-05T00:00' },
      'activityDateTime ge 2026-12-01T08:30:00Z and activityDateTime le 2026-12-05T00:00:00Z',
    ],
    ['an ISO date-time keeps its instant', { from: '2026-12-01T08:30:15.250Z' }, 'activityDateTime ge 2026-12-01T08:30:15.250Z'],
    ['an unreadable date is dropped', { from: 'yesterday' }, undefined],
    [
      'identity: ids exactly, display names by substring',
      { identity: 'Megan' },
      "(sourceIdentity/id eq 'Megan' or targetIdentity/id eq 'Megan' or contains(sourceIdentity/displayName,'Megan') or contains(targetIdentity/displayName,'Megan'))",
    ],
    [
      "quotes doubled (O'Brien)",
      { identity: "O'Brien" },
      "(sourceIdentity/id eq 'O''Brien' or targetIdentity/id eq 'O''Brien' or contains(sourceIdentity/displayName,'O''Brien') or contains(targetIdentity/displayName,'O''Brien'))",
    ],
    [
      'all joined by and',
      { status: 'success', action: 'update', app: 'sp1' },
      "provisioningStatusInfo/status eq 'success' and provisioningAction eq 'update' and servicePrincipal/id eq 'sp1'",
    ],
  ];
  it.each(cases)('%s', (_name, filters, expected) => {
    expect(buildLogFilter(filters)).toBe(expected);
  });

  it('lists 50 a page, newest first, counted, with the cursor', () => {
    const url = new URL(logsListPath({ action: 'update' }, 'TOKEN'), 'http://x');
    expect(url.pathname).toBe('/v1.0/auditLogs/provisioning');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      $top: '50',
      $count: 'true',
      $orderby: 'activityDateTime desc',
      $filter: "provisioningAction eq 'update'",
      $skiptoken: 'TOKEN',
    });
  });

  it('downloads honour the filters: JSON, and each CSV part', () => {
    const json = new URL(downloadPath('json', { status: 'failure' }), 'http://x');
    expect(json.pathname).toBe('/v1.0/auditLogs/provisioning/$download');
    expect(json.searchParams.get('format')).toBe('json');
    expect(json.searchParams.has('part')).toBe(false);
    expect(json.searchParams.get('$filter')).toBe("provisioningStatusInfo/status eq 'failure'");
    for (const part of ['summary', 'steps', 'modifiedProperties'] as const) {
      const csv = new URL(downloadPath(part, {}), 'http://x');
      expect([csv.searchParams.get('format'), csv.searchParams.get('part'), csv.searchParams.has('$filter')]).toEqual(['csv', part, false]);
    }
  });
});

describe('Provision on demand request and answer', () => {
  it('builds the Graph body for a user, and for a group with members', () => {
    expect(onDemandBody('r1', { objectId: 'u1', objectTypeName: 'User' })).toEqual({
      parameters: [{ ruleId: 'r1', subjects: [{ objectId: 'u1', objectTypeName: 'User' }] }],
    });
    const group = onDemandBody('r2', {
      objectId: 'g1',
      objectTypeName: 'Group',
      links: { members: [{ objectId: 'u1', objectTypeName: 'User' }] },
    });
    expect(group.parameters[0].subjects[0].links?.members).toEqual([{ objectId: 'u1', objectTypeName: 'User' }]);
  });

  it('picks the rule whose mapping reads the object type', () => {
    const rules = [
      { id: 'users', objectMappings: [{ sourceObjectName: 'User', targetObjectName: 'urn:…:User' }] },
      { id: 'groups', objectMappings: [{ sourceObjectName: 'Group', targetObjectName: 'urn:…:Group' }] },
    ];
    expect(ruleFor(rules, 'Group')?.id).toBe('groups');
    expect(ruleFor(rules, 'User')?.id).toBe('users');
    expect(ruleFor([rules[0]], 'Group')?.id).toBe('users');
  });

  it('reads key and value (JSON strings) and the log-ids header', () => {
    const outcome = parseOnDemandAnswer(onDemandAnswer, ' a , b,');
    expect(outcome.result).toEqual({ result: 'Success', details: {} });
    expect(outcome.record.action).toBe('Create');
    expect(outcome.record.provisioningSteps.map((s) => s.type)).toEqual(['Import', 'Scoping', 'Matching', 'Processing', 'Export']);
    expect(outcome.logIds).toEqual(['a', 'b']);
    expect(parseOnDemandAnswer(onDemandAnswer, null).logIds).toEqual([]);
  });
});
