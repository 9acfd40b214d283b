import { describe, expect, it } from 'vitest';
import { assignmentBody, jobActionRequest } from './sync';

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
