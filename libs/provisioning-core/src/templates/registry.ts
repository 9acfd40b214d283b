/** Built-in templates by id. */
import type { SynchronizationSchema } from '../schema/model';
import { cloneTemplate } from './freeze';
import { kintoneTemplate } from './kintone';
import { scimTemplate } from './scim';

export type BuiltInTemplateId = 'kintone' | 'scim';
export const BUILT_IN_TEMPLATE_IDS: readonly BuiltInTemplateId[] = ['kintone', 'scim'];

/** A fresh, editable copy of a built-in template; undefined for unknown ids. */
export function builtInTemplate(id: string): SynchronizationSchema | undefined {
  if (id === 'kintone') return cloneTemplate(kintoneTemplate);
  if (id === 'scim') return cloneTemplate(scimTemplate);
  return undefined;
}
