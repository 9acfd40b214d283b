import { BUILT_IN_TEMPLATE_IDS } from '@app/provisioning-core';
import { PROFILES } from '@app/scim';
import { APPLICATION_TEMPLATES, applicationTemplateFor, findTemplate } from './templates';

describe.each(APPLICATION_TEMPLATES.map((t) => [t.displayName, t] as const))('application template %s', (_name, template) => {
  it('has a lower-case id of its own, found by findTemplate', () => {
    expect(template.id).toBe(template.id.toLowerCase());
    expect(findTemplate(template.id.toUpperCase())).toBe(template);
  });
  it('starts jobs from a built-in synchronization template, the only application template to do so', () => {
    expect(BUILT_IN_TEMPLATE_IDS).toContain(template.synchronizationTemplateId);
    expect(applicationTemplateFor(template.synchronizationTemplateId)).toBe(template);
  });
});

// The pairing each SCIM target profile declares (libs/scim/src/profiles) resolves to an app the loop can instantiate.
it.each(PROFILES.map((p) => [p.name, p.entra.synchronizationTemplateId] as const))(
  'profile %s pairs with synchronization template %s, which an application template offers',
  (_name, synchronizationTemplateId) => {
    expect(applicationTemplateFor(synchronizationTemplateId)?.synchronizationTemplateId).toBe(synchronizationTemplateId);
  },
);

it('answers undefined for a synchronization template no application template offers', () => {
  expect(applicationTemplateFor('generic')).toBeUndefined();
});
