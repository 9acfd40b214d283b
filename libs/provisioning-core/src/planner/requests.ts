/** SCIM requests the planner emits. */
import type { CompiledObjectMapping, PatchBody, ScimResource } from '../mapping';
import type { ScimRequest } from './types';

export function resourcePath(compiled: CompiledObjectMapping, targetId: string): string {
  return `${compiled.endpoint}/${encodeURIComponent(targetId)}`;
}

export function postRequest(compiled: CompiledObjectMapping, body: ScimResource): ScimRequest {
  return { method: 'POST', path: compiled.endpoint, body, purpose: 'object' };
}

export function patchRequest(
  compiled: CompiledObjectMapping,
  targetId: string,
  body: PatchBody,
  purpose: ScimRequest['purpose'] = 'object',
): ScimRequest {
  return { method: 'PATCH', path: resourcePath(compiled, targetId), body, purpose };
}

export function deleteRequest(compiled: CompiledObjectMapping, targetId: string): ScimRequest {
  return { method: 'DELETE', path: resourcePath(compiled, targetId), body: null, purpose: 'object' };
}
