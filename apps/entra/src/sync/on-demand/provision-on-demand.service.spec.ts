import type { Link, ObjectOutcome, SourceState } from '../engine';
import {
  ADMIN_INITIATOR_NAME,
  CLIENT_APP_INITIATOR_NAME,
  initiatorOf,
  OnDemandThrottledError,
  withSelectedMembers,
} from './provision-on-demand.service';

const group: SourceState = {
  id: 'g',
  objectType: 'Group',
  source: { objectId: 'g', displayName: 'Sales', members: ['a', 'b', 'c', 'd'] },
  softDeleted: false,
  assigned: true,
  displayName: 'Sales',
};
const link = (sourceId: string, targetId: string, memberTargetIds: string[] | null = null): [string, Link] => [
  sourceId,
  { sourceId, objectType: memberTargetIds ? 'Group' : 'User', targetId, managed: true, memberTargetIds },
];
const created = (sourceId: string, targetId: string) => ({ state: { id: sourceId }, targetId }) as ObjectOutcome;

describe('withSelectedMembers', () => {
  it.each([
    ['a new group: only the selected members', ['a'], new Map<string, Link>(), [created('a', 'ta')], ['a'], {}],
    [
      'a linked group: the selected members plus the target members it already has',
      ['c'],
      new Map([link('g', 'tg', ['ta', 'tb']), link('a', 'ta'), link('b', 'tb')]),
      [],
      ['c', 'target:ta', 'target:tb'],
      { 'target:ta': 'ta', 'target:tb': 'tb' },
    ],
    [
      'a selected member already in the group is not carried twice (it resolves, or not, by itself)',
      ['a'],
      new Map([link('g', 'tg', ['ta', 'tb']), link('a', 'ta')]),
      [],
      ['a', 'target:tb'],
      { 'target:tb': 'tb' },
    ],
    [
      'a member created by this call counts as selected',
      ['d'],
      new Map([link('g', 'tg', ['td-old', 'tb'])]),
      [created('d', 'td-old')],
      ['d', 'target:tb'],
      { 'target:tb': 'tb' },
    ],
  ])('%s', (_name, selected, links, outcomes, members, synthetic) => {
    const references = new Map<string, string>();
    const state = withSelectedMembers(group, selected, links, outcomes, references);
    expect(state.source!.members).toEqual(members);
    expect(Object.fromEntries(references)).toEqual(synthetic);
    expect(group.source!.members).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('initiatorOf', () => {
  it.each([
    ['the admin token', { kind: 'admin' } as const, { id: '', displayName: ADMIN_INITIATOR_NAME, initiatorType: 'user' }],
    [
      'a client-credentials token',
      { kind: 'app', appId: 'app-1' } as const,
      { id: 'app-1', displayName: CLIENT_APP_INITIATOR_NAME, initiatorType: 'application' },
    ],
  ])('%s', (_name, caller, expected) => {
    expect(initiatorOf(caller)).toEqual(expected);
  });
});

describe('OnDemandThrottledError', () => {
  it('is a Graph 429 carrying the wait', () => {
    const error = new OnDemandThrottledError(7);
    expect([error.status, error.code, error.retryAfterSeconds]).toEqual([429, 'TooManyRequests', 7]);
    expect(error.message).toMatch(/at most 5 per 10 seconds\. Retry after 7 seconds\./);
  });
});
