/**
 * Entra target attribute names as paths: `userName`, `name.givenName`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
 */

export interface ElementFilterClause {
  attribute: string;
  value: string;
}

export interface TargetPath {
  /** The target attribute name as written; it is also the PATCH path. */
  raw: string;
  /** Extension schema URN, or null for core attributes. */
  schemaUrn: string | null;
  /** Top-level attribute inside the core resource or the extension object. */
  attribute: string;
  /** `[type eq "work"]` clauses (ANDed); null = not a filtered path. */
  filter: ElementFilterClause[] | null;
  subAttribute: string | null;
}

const CLAUSE = /^\s*([A-Za-z_$][\w$]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

function parseFilter(text: string): ElementFilterClause[] {
  return text.split(/\s+and\s+/i).map((part) => {
    const m = CLAUSE.exec(part);
    if (!m) throw new Error(`Unsupported element filter in target attribute: [${text}]`);
    return { attribute: m[1], value: m[2].replace(/\\(.)/g, '$1') };
  });
}

export function parseTargetPath(raw: string): TargetPath {
  let rest = raw;
  let schemaUrn: string | null = null;
  if (/^urn:/i.test(raw)) {
    const bracket = raw.indexOf('[');
    const head = bracket < 0 ? raw : raw.slice(0, bracket);
    const colon = head.lastIndexOf(':');
    schemaUrn = raw.slice(0, colon);
    rest = raw.slice(colon + 1);
  }
  let filter: ElementFilterClause[] | null = null;
  let attribute: string;
  let subAttribute: string | null;
  const open = rest.indexOf('[');
  if (open >= 0) {
    const close = rest.lastIndexOf(']');
    if (close < open) throw new Error(`Unbalanced brackets in target attribute: ${raw}`);
    attribute = rest.slice(0, open);
    filter = parseFilter(rest.slice(open + 1, close));
    const after = rest.slice(close + 1);
    subAttribute = after.startsWith('.') ? after.slice(1) : null;
  } else {
    const dot = rest.indexOf('.');
    attribute = dot < 0 ? rest : rest.slice(0, dot);
    subAttribute = dot < 0 ? null : rest.slice(dot + 1);
  }
  return { raw, schemaUrn, attribute, filter, subAttribute };
}

/** Paths that may go into the flag shape's path-less replace value (no element filter). */
export function isSimplePath(path: TargetPath): boolean {
  return path.filter === null;
}
