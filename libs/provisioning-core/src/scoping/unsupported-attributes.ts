/**
 * Source attributes scoping filters can't use (reference §2.4 "Not supported"), judged from the attribute
 * definitions when given and from well-known Entra attribute names otherwise.
 */
import type { AttributeDefinition } from '../schema/model';
import type { ScopeFilterIssueCode } from './issues';

/** Named in the scoping doc as unsupported source attributes (compared case-insensitively). */
const UNSUPPORTED_NAMES: ReadonlySet<string> = new Set(['approleassignments', 'usertype', 'manager', 'members']);

/** Multi-valued Entra user attributes, used when no definitions are given. */
const KNOWN_MULTIVALUED: ReadonlySet<string> = new Set(['proxyaddresses', 'othermails', 'businessphones', 'imaddresses']);

/** Date-typed Entra attributes, used when no definitions are given: *DateTime plus employeeHireDate. */
function looksDateTyped(lowerName: string): boolean {
  return lowerName.endsWith('datetime') || lowerName === 'employeehiredate';
}

export interface AttributeProblem {
  code: ScopeFilterIssueCode;
  message: string;
}

/** Why `name` can't be used in a scoping clause, or undefined when it can. */
export function attributeProblem(name: string, definition: AttributeDefinition | undefined): AttributeProblem | undefined {
  const lower = name.toLowerCase();
  if (UNSUPPORTED_NAMES.has(lower)) {
    return { code: 'UnsupportedAttribute', message: `source attribute "${name}" is not supported in scoping filters` };
  }
  const dateTyped = definition !== undefined ? definition.type === 'DateTime' : looksDateTyped(lower);
  if (dateTyped) {
    return { code: 'UnsupportedAttribute', message: `date-typed attribute "${name}" is not supported in scoping filters` };
  }
  const multivalued = definition !== undefined ? definition.multivalued : KNOWN_MULTIVALUED.has(lower);
  if (multivalued) {
    return { code: 'MultiValuedAttribute', message: `multi-valued attribute "${name}" is not supported in scoping filters` };
  }
  return undefined;
}

/** Case-insensitive index of attribute definitions by name. */
export function indexDefinitions(definitions: readonly AttributeDefinition[]): ReadonlyMap<string, AttributeDefinition> {
  return new Map(definitions.map((d) => [d.name.toLowerCase(), d]));
}
