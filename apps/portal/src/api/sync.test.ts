import { describe, expect, it } from 'vitest';
import { assignmentBody, jobActionRequest, testInputObject } from './sync';

describe('job actions', () => {
  it.each([
    { action: { kind: 'start' } as const, path: '/v1.0/servicePrincipals/sp%201/synchronization/jobs/kintone.a/start', body: undefined },
    { action: { kind: 'pause' } as const, path: '/v1.0/servicePrincipals/sp%201/synchronization/jobs/kintone.a/pause', body: undefined },
    {
      action: { kind: 'restart', resetScope: 'Escrows' } as const,
      path: '/v1.0/servicePrincipals/sp%201/synchronization/jobs/kintone.a/restart',
      body: { criteria: { resetScope: 'Escrows' } },
    },
  ])('$action.kind', ({ action, path, body }) => {
    expect(jobActionRequest('sp 1', 'kintone.a', action)).toEqual({ path, body });
  });

  it('assigns a principal to the app with the chosen role', () => {
    expect(assignmentBody('sp', 'user-1', 'role-0')).toEqual({ principalId: 'user-1', resourceId: 'sp', appRoleId: 'role-0' });
  });
});

describe("the expression builder's test input", () => {
  it("passes scalar and list properties of a directory object as Graph's expressionInputObject, nothing else", () => {
    expect(
      testInputObject({
        '@odata.context': 'x',
        displayName: 'Megan Bowen',
        jobTitle: null,
        accountEnabled: true,
        employeeId: 1002,
        otherMails: ['a@b.c'],
        manager: { id: 'm' },
      }),
    ).toEqual({
      properties: [
        { key: 'displayName', value: 'Megan Bowen' },
        { key: 'jobTitle', value: null },
        { key: 'accountEnabled', value: true },
        { key: 'employeeId', value: 1002 },
        { key: 'otherMails', value: ['a@b.c'] },
      ],
    });
  });
});
