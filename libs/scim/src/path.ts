import { ScimError } from './errors';
import { FilterNode } from './filter-ast';
import { FilterParser, guarded } from './filter-parser';
import { resolveRelative } from './filter-scope';
import { validateElementFilter } from './filter-validate';
import { ResolvedAttribute, ResourceSchema } from './schema';

/** A parsed RFC 7644 §3.5.2 PATCH path. */
export interface PatchPath {
  /** undefined = unknown attribute (the operation is ignored) */
  attribute: ResolvedAttribute | undefined;
  raw: string;
  /** value-path filter, names relative to `attribute` */
  filter?: FilterNode;
  /** `.value` in `emails[type eq "work"].value` */
  subAttribute?: ResolvedAttribute;
  /** set when the path is a whole extension schema URN (its value is an object of extension attributes) */
  extension?: string;
}

/**
 * Accepts attrPath ('userName', 'name.givenName', URN-prefixed core/extension paths), valuePath
 * ('members[value eq "id"]') and valuePath + subAttr ('emails[type eq "work"].value'), and a whole
 * extension URN. Throws ScimError(400,'invalidPath') for bad syntax or a value filter that does
 * not fit the attribute.
 */
export function parsePatchPath(text: string, schema: ResourceSchema): PatchPath {
  const raw = String(text);
  const trimmed = raw.trim();
  if (trimmed === '') throw new ScimError(400, 'invalidPath', 'Invalid path: empty path');
  const extension = schema.extensionScope(trimmed);
  if (extension) return { attribute: undefined, raw, extension: extension.urn };

  const syntax = guarded('invalidPath', () => new FilterParser(trimmed, 'invalidPath').parsePath());
  const attribute = schema.resolve(syntax.attribute);
  if (!syntax.filter) return { attribute, raw };
  if (!attribute) return { attribute: undefined, raw, filter: syntax.filter };
  if (attribute.def.type !== 'complex' || attribute.parent) {
    throw new ScimError(
      400,
      'invalidPath',
      `Invalid path: '${syntax.attribute}' is not a complex attribute, so it cannot take a value filter`,
    );
  }
  try {
    validateElementFilter(syntax.filter, schema, attribute);
  } catch (err) {
    const detail = err instanceof ScimError ? err.detail.replace(/^Invalid filter: /, '') : 'invalid value filter';
    throw new ScimError(400, 'invalidPath', `Invalid path: ${detail}`);
  }
  if (syntax.subAttribute === undefined) return { attribute, raw, filter: syntax.filter };
  const subAttribute = resolveRelative(schema, attribute, syntax.subAttribute);
  // An unknown sub-attribute makes the whole path unknown (ignored, like any unknown attribute).
  return subAttribute ? { attribute, raw, filter: syntax.filter, subAttribute } : { attribute: undefined, raw, filter: syntax.filter };
}
