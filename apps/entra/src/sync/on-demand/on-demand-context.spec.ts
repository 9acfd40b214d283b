import { cloneTemplate, kintoneTemplate, KINTONE_RULE_ID, scimTemplate, SCIM_RULE_ID } from '@app/provisioning-core';
import type { ScimConnector } from '../connector';
import { findRule, onDemandMapping, onDemandProcessorContext } from './on-demand-context';

const NOW = new Date('2024-05-04T03:00:00Z');
const settings = { skipOutOfScopeDeletions: false, now: NOW };

describe('on-demand processor context', () => {
  it.each([
    ['the Kintone rule', kintoneTemplate, KINTONE_RULE_ID, KINTONE_RULE_ID],
    ['ids are compared case-insensitively', scimTemplate, SCIM_RULE_ID.toUpperCase(), SCIM_RULE_ID],
    ['an unknown id', scimTemplate, 'nope', undefined],
    ["another app's rule", kintoneTemplate, SCIM_RULE_ID, undefined],
  ])('findRule: %s', (_name, schema, id, expected) => {
    expect(findRule(schema, id)?.id).toBe(expected);
  });

  it.each([
    ['Kintone users', kintoneTemplate, 'User', 'Provision Microsoft Entra ID Users'],
    ['Kintone has no group mapping', kintoneTemplate, 'Group', null],
    ['scim groups', scimTemplate, 'Group', 'Provision Microsoft Entra ID Groups'],
  ] as const)('onDemandMapping: %s', (_name, schema, type, expected) => {
    const mapping = onDemandMapping(schema, schema.synchronizationRules[0], type, settings);
    expect(mapping?.mapping.name ?? null).toBe(expected);
  });

  it('a disabled object mapping is none', () => {
    const schema = cloneTemplate(scimTemplate);
    schema.synchronizationRules[0].objectMappings.find((m) => m.sourceObjectName === 'Group')!.enabled = false;
    expect(onDemandMapping(schema, schema.synchronizationRules[0], 'Group', settings)).toBeNull();
  });

  it('executes deletions, resolves references from the shared map and ignores aadOptscim062020', () => {
    const mapping = onDemandMapping(scimTemplate, scimTemplate.synchronizationRules[0], 'User', {
      skipOutOfScopeDeletions: true,
      now: NOW,
    })!;
    const references = new Map([['source-1', 'target-1']]);
    const connector = { shape: 'aadOptscim062020' } as ScimConnector;
    const ctx = onDemandProcessorContext(mapping, connector, references, NOW);
    expect(ctx.deletions).toBe('execute');
    expect(ctx.plan.settings).toEqual({ shape: 'default', skipOutOfScopeDeletions: true });
    expect(ctx.plan.evaluation.now).toBe(NOW);
    expect(ctx.connector).toBe(connector);
    expect(ctx.plan.resolveReference!('source-1')).toBe('target-1');
    references.set('source-2', 'target-2');
    expect(ctx.plan.resolveReference!('source-2')).toBe('target-2');
    expect(ctx.plan.resolveReference!('unknown')).toBeNull();
  });
});
