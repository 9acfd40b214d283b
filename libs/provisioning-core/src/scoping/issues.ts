/** Problems found in a scoping filter when it is saved (validateScopeFilter) or compiled (compileScopeFilter). */

export type ScopeFilterIssueCode =
  /** Not the Graph `filter` shape (groups/clauses/targetOperand of the wrong type). */
  | 'MalformedFilter'
  /** A filter group without clauses (would put everything in scope). */
  | 'EmptyGroup'
  /** A clause without `sourceOperandName`. */
  | 'MissingAttribute'
  /** `operatorName` is not one of FILTER_OPERATORS (IsMemberOf included: not supported). */
  | 'UnknownOperator'
  /** Binary operators need exactly one value, unary operators none. */
  | 'OperandCount'
  /** A binary operator's value is the empty string. */
  | 'EmptyOperand'
  /** Greater_Than & co. with a configured value that is not an integer. */
  | 'NotAnInteger'
  /** REGEX MATCH / NOT REGEX MATCH value that is not a valid or runnable regex. */
  | 'InvalidRegex'
  /** appRoleAssignments, userType, manager, members or a date-typed attribute. */
  | 'UnsupportedAttribute'
  /** A multi-valued attribute (per the attribute definitions, or a well-known one). */
  | 'MultiValuedAttribute'
  /** The attribute's type is not in the operator's supportedAttributeTypes. */
  | 'UnsupportedAttributeType'
  /** Attribute definitions were given and the attribute isn't among them. */
  | 'UnknownAttribute';

export interface ScopeFilterIssue {
  /** The filter group's name ("" when the group has none or the issue is about the whole filter). */
  groupName: string;
  /** The clause's index in its group; null for group- or filter-level issues. */
  clauseIndex: number | null;
  code: ScopeFilterIssueCode;
  message: string;
}

/** Thrown by compileScopeFilter for an invalid filter; carries every issue found. */
export class ScopingFilterError extends Error {
  constructor(readonly issues: readonly ScopeFilterIssue[]) {
    super(ScopingFilterError.summarize(issues));
    this.name = 'ScopingFilterError';
  }

  private static summarize(issues: readonly ScopeFilterIssue[]): string {
    const first = issues[0];
    if (first === undefined) return 'Invalid scoping filter';
    const where = first.clauseIndex === null ? `group "${first.groupName}"` : `group "${first.groupName}" clause ${first.clauseIndex}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return `Invalid scoping filter: ${where}: ${first.message}${more}`;
  }
}
