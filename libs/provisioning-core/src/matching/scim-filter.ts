/**
 * The SCIM filter Entra sends to find an existing target object (reference §4.1, §4.3): always
 * `<attribute path> eq "<value>"`, e.g. `userName eq "alice@contoso.com"`.
 */
import { MatchingError } from './errors';

const ATTR_NAME = '[A-Za-z][\\w$-]*';
const SUB_ATTR = `(?:\\.${ATTR_NAME})?`;
/** `urn:…:` prefix: anything URN-ish ending in a colon before the attribute name. */
const URN_PREFIX = '(?:urn:[A-Za-z0-9._:-]*:)?';
/** A value filter inside brackets, e.g. `[type eq "work"]`: one `eq` comparison on a sub-attribute. */
const VALUE_FILTER = `\\[${ATTR_NAME} eq (?:"(?:[^"\\\\]|\\\\.)*"|true|false|null|-?\\d+(?:\\.\\d+)?)\\]`;

const ATTRIBUTE_PATH = new RegExp(`^${URN_PREFIX}${ATTR_NAME}(?:${VALUE_FILTER}\\.${ATTR_NAME}|${SUB_ATTR})$`);

/**
 * true for the target attribute names Entra uses as matching attributes: `userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
 */
export function isScimAttributePath(path: string): boolean {
  return ATTRIBUTE_PATH.test(path);
}

/** A SCIM string literal: JSON string escaping (`"` → `\"`, `\` → `\\`, control characters → `\uXXXX`/`\n`…). */
export function scimStringLiteral(value: string): string {
  return JSON.stringify(value);
}

/** `<targetAttributeName> eq "<value>"`; throws MatchingError if the name isn't a valid SCIM attribute path. */
export function scimFilterFor(targetAttributeName: string, value: string): string {
  if (!isScimAttributePath(targetAttributeName)) {
    throw new MatchingError(`"${targetAttributeName}" is not a SCIM attribute path usable in a matching filter`);
  }
  return `${targetAttributeName} eq ${scimStringLiteral(value)}`;
}
