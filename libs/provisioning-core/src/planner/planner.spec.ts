import { planBatch, planObject } from './plan';
import { SITUATION_NAMES, SITUATIONS, type SituationName } from './situations';
import { countDeletions, releaseStagedDeletes, stageDeletes } from './staged-deletes';
import { planReferences } from './references';
import { alice, ctx, kintoneUsers, scimGroups, scimUsers } from '../mapping/test-support/fixtures';
import type { JobSettings, PlanContext, PlanItem, TargetState } from './types';
import type { ObjectMapping } from '../schema/model';
import type { ScimResource } from '../mapping';

const PATCH = ['urn:ietf:params:scim:api:messages:2.0:PatchOp'];
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const settings: JobSettings = { shape: 'default', skipOutOfScopeDeletions: false };
const links: Record<string, string> = { 'src-bob': 't-bob', 'src-u1': 't-u1', 'src-u2': 't-u2', 'src-u3': 't-u3' };

function context(overrides: Partial<PlanContext> = {}, objectMapping: ObjectMapping = kintoneUsers.mapping): PlanContext {
  const defs =
    objectMapping === kintoneUsers.mapping ? kintoneUsers.defs : objectMapping === scimGroups.mapping ? scimGroups.defs : scimUsers.defs;
  return { objectMapping, targetDefs: defs, settings, evaluation: ctx, resolveReference: (id) => links[id] ?? null, ...overrides };
}

function target(overrides: Record<string, unknown> = {}): TargetState {
  const resource: ScimResource = {
    id: 't-1',
    userName: 'alice@contoso.com',
    active: true,
    displayName: 'Alice Jensen',
    emails: [{ type: 'work', primary: true, value: 'alice@contoso.com' }],
    name: { givenName: 'Alice', familyName: 'Jensen' },
    externalId: 'alice',
    ...overrides,
  };
  return { kind: 'found', resource };
}

const linked = { targetId: 't-1', managed: true };
const unmanaged = { targetId: 't-1', managed: false };
const inScope = { assigned: true, inScopeByFilters: true };
const unassigned = { assigned: false, inScopeByFilters: true };
const item = (overrides: Partial<PlanItem>): PlanItem => ({
  sourceId: 'src-alice',
  source: alice(),
  scope: inScope,
  link: null,
  target: { kind: 'missing' },
  ...overrides,
});
const noDelete: ObjectMapping = { ...kintoneUsers.mapping, flowTypes: 'Add, Update' };
const noAdd: ObjectMapping = { ...kintoneUsers.mapping, flowTypes: 'Update, Delete' };
const noUpdate: ObjectMapping = { ...kintoneUsers.mapping, flowTypes: 'Add, Delete' };
const noActive: ObjectMapping = {
  ...kintoneUsers.mapping,
  attributeMappings: kintoneUsers.mapping.attributeMappings.filter((m) => m.targetAttributeName !== 'active'),
};
const group = { objectId: 'g-1', displayName: 'Sales', members: ['src-u1', 'src-u2', 'src-out'] };
const groupTarget: TargetState = { kind: 'found', resource: { id: 'tg-1', displayName: 'Sales', externalId: 'g-1' } };

type Row = [SituationName, PlanContext, PlanItem, { method: string; path: string; body: unknown }[]];
const rows: Row[] = [
  ['HardDeletedUnlinked', context(), item({ source: null }), []],
  [
    'HardDeletedLinked',
    context(),
    item({ source: null, link: linked, target: { kind: 'unknown' } }),
    [{ method: 'DELETE', path: '/Users/t-1', body: null }],
  ],
  ['HardDeletedDeleteDisabled', context({}, noDelete), item({ source: null, link: linked, target: { kind: 'unknown' } }), []],
  ['HardDeletedTargetGone', context(), item({ source: null, link: linked, target: { kind: 'missing' } }), []],
  ['UnmanagedAfterDisable', context(), item({ source: null, link: unmanaged, target: { kind: 'unknown' } }), []],
  ['TargetGone', context(), item({ link: linked, target: { kind: 'missing' } }), []],
  ['TargetNotRead', context(), item({ link: linked, target: { kind: 'unknown' } }), []],
  ['OutOfScopeUnlinked', context(), item({ scope: unassigned }), []],
  ['DisabledSourceNeverCreated', context(), item({ source: alice({ accountEnabled: false }) }), []],
  [
    'OutOfScopeLinkedActive',
    context(),
    item({ scope: unassigned, link: linked, target: target() }),
    [{ method: 'PATCH', path: '/Users/t-1', body: { schemas: PATCH, Operations: [{ op: 'Replace', path: 'active', value: 'False' }] } }],
  ],
  [
    'OutOfScopeLinkedAlreadyDisabled',
    context(),
    item({ scope: { assigned: true, inScopeByFilters: false }, link: linked, target: target({ active: false }) }),
    [],
  ],
  [
    'OutOfScopeDeletionSkipped',
    context({ settings: { ...settings, skipOutOfScopeDeletions: true } }),
    item({ scope: unassigned, link: linked, target: target() }),
    [],
  ],
  [
    'SourceDisabledLinkedActive',
    context(),
    item({ softDeleted: true, link: linked, target: target() }),
    [{ method: 'PATCH', path: '/Users/t-1', body: { schemas: PATCH, Operations: [{ op: 'Replace', path: 'active', value: 'False' }] } }],
  ],
  [
    'SourceDisabledLinkedAlreadyDisabled',
    context(),
    item({ source: alice({ accountEnabled: false }), link: linked, target: target({ active: 'False' }) }),
    [],
  ],
  ['NoSoftDeleteMapping', context({}, noActive), item({ scope: unassigned, link: linked, target: target() }), []],
  [
    'GroupOutOfScopeLinked',
    context({}, scimGroups.mapping),
    item({ sourceId: 'g-1', source: group, scope: unassigned, link: { targetId: 'tg-1', managed: true }, target: groupTarget }),
    [{ method: 'DELETE', path: '/Groups/tg-1', body: null }],
  ],
  [
    'GroupOutOfScopeDeleteDisabled',
    context({}, { ...scimGroups.mapping, flowTypes: 'Add, Update' }),
    item({ sourceId: 'g-1', source: group, softDeleted: true, link: { targetId: 'tg-1', managed: true }, target: groupTarget }),
    [],
  ],
  [
    'InScopeUnlinkedNoMatch',
    context(),
    item({}),
    [
      {
        method: 'POST',
        path: '/Users',
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: 'alice@contoso.com',
          active: true,
          displayName: 'Alice Jensen',
          emails: [{ type: 'work', primary: true, value: 'alice@contoso.com' }],
          name: { givenName: 'Alice', familyName: 'Jensen' },
          externalId: 'alice',
          meta: { resourceType: 'User' },
        },
      },
    ],
  ],
  ['CreateNotAllowed', context({}, noAdd), item({}), []],
  [
    'InScopeUnlinkedMatched',
    context(),
    item({ target: target({ displayName: 'Old' }) }),
    [
      {
        method: 'PATCH',
        path: '/Users/t-1',
        body: { schemas: PATCH, Operations: [{ op: 'Replace', path: 'displayName', value: 'Alice Jensen' }] },
      },
    ],
  ],
  ['InScopeUnlinkedMatchedUnchanged', context(), item({ target: target() }), []],
  ['DuplicateTargetEntries', context(), item({ target: { kind: 'duplicate', count: 2 } }), []],
  ['MissingMatchingAttribute', context(), item({ target: { kind: 'unmatchable' } }), []],
  [
    'InScopeLinkedChanged',
    context(),
    item({ link: linked, target: target({ externalId: 'old' }) }),
    [
      {
        method: 'PATCH',
        path: '/Users/t-1',
        body: { schemas: PATCH, Operations: [{ op: 'Replace', path: 'externalId', value: 'alice' }] },
      },
    ],
  ],
  ['InScopeLinkedUnchanged', context(), item({ link: linked, target: target() }), []],
  [
    'InScopeLinkedWasDisabled',
    context({ settings: { ...settings, shape: 'aadOptscim062020' } }),
    item({ link: unmanaged, target: target({ active: false }) }),
    [{ method: 'PATCH', path: '/Users/t-1', body: { schemas: PATCH, Operations: [{ op: 'replace', path: 'active', value: true }] } }],
  ],
  ['UpdateNotAllowed', context({}, noUpdate), item({ link: linked, target: target({ externalId: 'old' }) }), []],
  ['MappingFailed', context(), item({ source: alice({ userPrincipalName: null }) }), []],
];

describe('planner: one row per situation', () => {
  it('the table covers every situation', () => {
    expect(rows.map((r) => r[0]).sort()).toEqual([...SITUATION_NAMES].sort());
  });

  it.each(rows)('%s', (situation, ctxt, input, requests) => {
    const action = planObject(ctxt, input);
    const rule = SITUATIONS[situation];
    expect(action.situation).toBe(situation);
    expect(action.action).toBe(rule.action);
    expect(action.provisioningAction).toBe(rule.provisioningAction);
    expect(action.status).toBe(rule.status);
    expect(action.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual(requests);
    expect(action.steps[0].name).toBe('EntryImport');
    expect(action.steps.some((s) => s.provisioningStepType === 'processing')).toBe(true);
  });
});

describe('planner details', () => {
  it('RedundantExport skip: action other, status skipped, SkipReason in the processing step', () => {
    const action = planObject(context(), item({ link: linked, target: target() }));
    expect([action.action, action.provisioningAction, action.status]).toEqual(['skip', 'other', 'skipped']);
    expect(action.steps.find((s) => s.provisioningStepType === 'processing')?.details).toEqual({ SkipReason: 'RedundantExport' });
  });

  it('link changes: out-of-scope disable stops managing, soft-delete disable keeps it, match sets it, create links from the response', () => {
    expect(planObject(context(), item({ scope: unassigned, link: linked, target: target() })).link).toEqual({
      kind: 'setManaged',
      managed: false,
    });
    expect(planObject(context(), item({ softDeleted: true, link: linked, target: target() })).link).toEqual({ kind: 'keep' });
    expect(planObject(context(), item({ target: target() })).link).toEqual({ kind: 'set', targetId: 't-1', managed: true });
    expect(planObject(context(), item({})).link).toEqual({ kind: 'setFromResponse' });
    expect(planObject(context(), item({ link: linked, target: { kind: 'missing' } }))).toMatchObject({
      errorCode: 'InvalidAnchor',
      link: { kind: 'remove' },
    });
  });

  it('MappingFailed carries the mapping error code', () => {
    expect(planObject(context(), item({ source: alice({ userPrincipalName: null }) })).errorCode).toBe('MandatoryFieldsMissing');
  });

  it('scoping step details (reference §7.1 keys)', () => {
    const scoping = planObject(context(), item({ scope: unassigned })).steps.find((s) => s.provisioningStepType === 'scoping');
    expect(scoping?.details).toEqual({
      IsActive: 'True',
      Assigned: 'False',
      IsEffectivelyEntitledForProvisioning: 'False',
      IsInProvisioningScopeDisplayName: 'False',
      ScopeEvaluationResult: 'Passed',
    });
  });

  it('linked user with a changed manager: attribute PATCH then a separate manager PATCH by target id', () => {
    const current = target({ title: 'Dev', [ENT]: { manager: { value: 't-old' } } });
    const action = planObject(
      context({}, scimUsers.mapping),
      item({ source: alice({ jobTitle: 'Lead', manager: 'src-bob' }), link: linked, target: current }),
    );
    expect(action.situation).toBe('InScopeLinkedChanged');
    expect(action.requests.map((r) => [r.purpose, r.body])).toEqual([
      [
        'object',
        {
          schemas: PATCH,
          Operations: [
            { op: 'Replace', path: 'title', value: 'Lead' },
            { op: 'Add', path: 'name.formatted', value: 'Alice Jensen' },
          ],
        },
      ],
      ['reference', { schemas: PATCH, Operations: [{ op: 'Replace', path: `${ENT}:manager`, value: 't-bob' }] }],
    ]);
    expect(action.modifiedProperties).toContainEqual({ displayName: `${ENT}:manager`, oldValue: 't-old', newValue: 't-bob' });
  });

  it('manager out of scope (unresolved) → no manager PATCH', () => {
    const action = planObject(
      context({}, scimUsers.mapping),
      item({
        source: alice({ manager: 'src-nobody' }),
        link: linked,
        target: target({ name: { givenName: 'Alice', familyName: 'Jensen', formatted: 'Alice Jensen' } }),
      }),
    );
    expect(action.situation).toBe('InScopeLinkedUnchanged');
  });

  it('created user: manager exported in the reference pass after the POST', () => {
    const action = planObject(context({}, scimUsers.mapping), item({ source: alice({ manager: 'src-bob' }) }));
    expect(action.pendingReferences).toEqual([{ targetAttributeName: `${ENT}:manager`, sourceIds: ['src-bob'] }]);
    const pass = planReferences(context({}, scimUsers.mapping), {
      targetId: 't-new',
      pendingReferences: action.pendingReferences,
      currentTarget: null,
    });
    expect(pass.requests).toEqual([
      {
        method: 'PATCH',
        path: '/Users/t-new',
        purpose: 'reference',
        body: { schemas: PATCH, Operations: [{ op: 'Add', path: `${ENT}:manager`, value: 't-bob' }] },
      },
    ]);
    expect(pass.modifiedProperties).toEqual([{ displayName: `${ENT}:manager`, oldValue: null, newValue: 't-bob' }]);
  });

  it('group: members = (source members ∩ in-scope linked users) vs current target members, by target ids', () => {
    const action = planObject(
      context({}, scimGroups.mapping),
      item({
        sourceId: 'g-1',
        source: group,
        link: { targetId: 'tg-1', managed: true },
        target: groupTarget,
        currentMemberTargetIds: ['t-u2', 't-u3'],
      }),
    );
    expect(action.situation).toBe('InScopeLinkedChanged');
    expect(action.requests.map((r) => [r.purpose, r.path, r.body])).toEqual([
      ['members', '/Groups/tg-1', { schemas: PATCH, Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 't-u1' }] }] }],
      ['members', '/Groups/tg-1', { schemas: PATCH, Operations: [{ op: 'Remove', path: 'members', value: [{ value: 't-u3' }] }] }],
    ]);
  });

  it('group rename (flag shape) and unchanged membership', () => {
    const action = planObject(
      context({ settings: { ...settings, shape: 'aadOptscim062020' } }, scimGroups.mapping),
      item({
        sourceId: 'g-1',
        source: { ...group, displayName: 'Sales EU' },
        link: { targetId: 'tg-1', managed: true },
        target: groupTarget,
        currentMemberTargetIds: ['t-u1', 't-u2'],
      }),
    );
    expect(action.requests.map((r) => r.body)).toEqual([
      { schemas: PATCH, Operations: [{ op: 'replace', path: 'displayName', value: 'Sales EU' }] },
    ]);
  });

  it('new group: POST without members; members added after by target id', () => {
    const ctxt = context({}, scimGroups.mapping);
    const action = planObject(ctxt, item({ sourceId: 'g-1', source: group }));
    expect(action.situation).toBe('InScopeUnlinkedNoMatch');
    expect(JSON.stringify(action.requests[0].body)).not.toContain('members');
    const pass = planReferences(ctxt, {
      targetId: 'tg-9',
      pendingReferences: action.pendingReferences,
      currentTarget: null,
      currentMemberTargetIds: [],
    });
    expect(pass.members).toEqual({ add: ['t-u1', 't-u2'], remove: [] });
  });

  it('stageDeletes withholds disables and deletes; releaseStagedDeletes restores them', () => {
    const plan = planBatch(context(), [
      item({ scope: unassigned, link: linked, target: target() }),
      item({ sourceId: 'x', source: null, link: linked, target: { kind: 'unknown' } }),
      item({ link: linked, target: target({ externalId: 'old' }) }),
    ]);
    expect(countDeletions(plan)).toBe(2);
    const staged = stageDeletes(plan);
    expect(staged.actions.map((a) => [a.action, a.provisioningAction, a.requests.length])).toEqual([
      ['stagedDelete', 'stagedDelete', 0],
      ['stagedDelete', 'stagedDelete', 0],
      ['update', 'update', 1],
    ]);
    expect(staged.counts).toMatchObject({ stagedDelete: 2, update: 1 });
    expect(releaseStagedDeletes(staged)).toEqual(plan);
  });

  it('planBatch plans every item of a batch (speed is measured in bench/core)', () => {
    const ctxt = context();
    const items: PlanItem[] = [];
    for (let i = 0; i < 1_000; i++) {
      items.push({
        sourceId: `s-${i}`,
        source: alice({ userPrincipalName: `user${i}@contoso.com`, displayName: `User ${i} v2` }),
        scope: inScope,
        link: { targetId: `t-${i}`, managed: true },
        target: target({ id: `t-${i}`, userName: `user${i}@contoso.com`, displayName: `User ${i}` }),
      });
    }
    const plan = planBatch(ctxt, items);
    expect(plan.counts.update).toBe(1_000);
  });
});
