import type { PreviewEntry } from '../preview/preview-entry';
import { driftOfPlan, driftOfUnlinked, keptInTarget } from './drift-entry';

const entry = (action: PreviewEntry['action'], extra: Partial<PreviewEntry> = {}): PreviewEntry => ({
  sourceId: 's1',
  objectType: 'User',
  displayName: 'a@contoso.com',
  action,
  reason: null,
  modifiedProperties: [],
  targetId: 't1',
  ...extra,
});

describe('driftOfPlan', () => {
  it.each<[string, PreviewEntry, object | null]>([
    ['a create is missing (no target id)', entry('Create'), { kind: 'missing', sourceId: 's1', targetId: null, attributes: [] }],
    [
      'an update differs, expected the new value, actual the old',
      entry('Update', { modifiedProperties: [{ displayName: 'title', oldValue: 'Dev', newValue: 'Lead' }] }),
      { kind: 'differs', targetId: 't1', attributes: [{ name: 'title', expected: 'Lead', actual: 'Dev' }] },
    ],
    ['a disable is extra', entry('Disable'), { kind: 'extra', sourceId: 's1', targetId: 't1' }],
    ['a delete is extra', entry('Delete'), { kind: 'extra' }],
    ['nothing to do is no difference', entry('None'), null],
    ['a skip is no difference', entry('Skip', { reason: 'out of scope' }), null],
  ])('%s', (_, planned, expected) => {
    const drift = driftOfPlan(planned);
    if (expected === null) expect(drift).toBeNull();
    else expect(drift).toMatchObject(expected);
  });
});

describe('keptInTarget', () => {
  it.each<[PreviewEntry, boolean]>([
    [entry('Create'), true],
    [entry('Update'), true],
    [entry('None'), true],
    [entry('None', { reason: 'The target object was not read' }), false],
    [entry('Skip', { reason: 'out of scope' }), false],
    [entry('Disable'), false],
  ])('%o → %s', (planned, expected) => {
    expect(keptInTarget(planned)).toBe(expected);
  });
});

describe('driftOfUnlinked', () => {
  it.each<[Record<string, unknown>, object | null]>([
    [
      { id: 'x', userName: 'x@contoso.com', active: true },
      { kind: 'extra', sourceId: null, targetId: 'x', displayName: 'x@contoso.com' },
    ],
    [
      { id: 'g', displayName: 'Group G' },
      { kind: 'extra', displayName: 'Group G' },
    ],
    [{ id: 'y', userName: 'y@contoso.com', active: false }, null],
  ])('%o', (resource, expected) => {
    const drift = driftOfUnlinked('User', resource);
    if (expected === null) expect(drift).toBeNull();
    else expect(drift).toMatchObject(expected);
  });
});
