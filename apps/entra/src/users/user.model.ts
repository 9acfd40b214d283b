import { PropertyMap } from '@app/odata';
import { projectRow } from '../directory/graph-view';

/** Graph's employeeOrgData complex type. */
export interface EmployeeOrgData {
  division: string | null;
  costCenter: string | null;
}

/** extensionAttribute1 … extensionAttribute15 (Graph's onPremisesExtensionAttributes). */
export const EXTENSION_ATTRIBUTE_NAMES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}` as const);
export type ExtensionAttributeName = (typeof EXTENSION_ATTRIBUTE_NAMES)[number];

/** A row of entra.users as read (columns aliased to Graph property names). */
export interface UserRow {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  mailNickname: string;
  accountEnabled: boolean;
  jobTitle: string | null;
  department: string | null;
  employeeId: string | null;
  employeeType: string | null;
  companyName: string | null;
  employeeOrgData: EmployeeOrgData | null;
  /** The extension attributes set (a key per attribute ever written, null when cleared). */
  onPremisesExtensionAttributes: Partial<Record<ExtensionAttributeName, string | null>>;
  businessPhones: string[];
  mobilePhone: string | null;
  officeLocation: string | null;
  streetAddress: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  preferredLanguage: string | null;
  userType: string;
  managerId: string | null;
  createdDateTime: Date;
  deletedDateTime: Date | null;
}

/** Graph property → column. Order = the order properties appear in responses. */
export const USER_COLUMNS: Readonly<Record<string, string>> = {
  id: 'id',
  businessPhones: 'business_phones',
  displayName: 'display_name',
  givenName: 'given_name',
  jobTitle: 'job_title',
  mail: 'mail',
  mobilePhone: 'mobile_phone',
  officeLocation: 'office_location',
  preferredLanguage: 'preferred_language',
  surname: 'surname',
  userPrincipalName: 'user_principal_name',
  accountEnabled: 'account_enabled',
  city: 'city',
  country: 'country',
  createdDateTime: 'created_date_time',
  deletedDateTime: 'deleted_date_time',
  department: 'department',
  employeeId: 'employee_id',
  employeeType: 'employee_type',
  companyName: 'company_name',
  employeeOrgData: 'employee_org_data',
  onPremisesExtensionAttributes: 'on_premises_extension_attributes',
  mailNickname: 'mail_nickname',
  postalCode: 'postal_code',
  state: 'state',
  streetAddress: 'street_address',
  userType: 'user_type',
};

export const USER_SELECT_SQL = [
  ...Object.entries(USER_COLUMNS).map(([prop, col]) => `${col} AS "${prop}"`),
  'manager_id AS "managerId"',
].join(', ');

/** What GET /users returns without $select (Graph's default property set). */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export const SELECTABLE_USER_PROPERTIES = Object.keys(USER_COLUMNS);

const text = (col: string, sortable = false) => ({ sql: col, type: 'string' as const, sortable });
export const USER_FILTER_PROPERTIES: PropertyMap = {
  id: { sql: 'id', type: 'guid' },
  userPrincipalName: text('user_principal_name', true),
  // Graph's $search tokenizes displayName (words, any order, each a prefix); other strings are a startsWith.
  displayName: { ...text('display_name', true), search: 'tokens' },
  givenName: text('given_name'),
  surname: text('surname'),
  mail: text('mail'),
  mailNickname: text('mail_nickname'),
  accountEnabled: { sql: 'account_enabled', type: 'boolean' },
  jobTitle: text('job_title'),
  department: text('department'),
  // Graph: employeeId, employeeType and companyName support eq, ne, not, ge, le, in, startsWith; employeeOrgData's
  // division and costCenter are filterable; onPremisesExtensionAttributes' attributes too (eq, ne, not, in).
  employeeId: text('employee_id'),
  employeeType: text('employee_type'),
  companyName: text('company_name'),
  'employeeOrgData/division': text(`(employee_org_data ->> 'division')`),
  'employeeOrgData/costCenter': text(`(employee_org_data ->> 'costCenter')`),
  ...Object.fromEntries(
    EXTENSION_ATTRIBUTE_NAMES.map((name) => [
      `onPremisesExtensionAttributes/${name}`,
      text(`(on_premises_extension_attributes ->> '${name}')`),
    ]),
  ),
  city: text('city'),
  country: text('country'),
  state: text('state'),
  postalCode: text('postal_code'),
  officeLocation: text('office_location'),
  preferredLanguage: text('preferred_language'),
  userType: text('user_type'),
  mobilePhone: text('mobile_phone'),
  businessPhones: { sql: 'business_phones', type: 'stringCollection' },
  createdDateTime: { sql: 'created_date_time', type: 'datetime' },
};

/** Graph's JSON for a user: the selected (or default) properties, in Graph's order. */
export function toGraphUser(row: UserRow, select?: string[]): Record<string, unknown> {
  const out = projectRow(row, select ?? DEFAULT_USER_PROPERTIES);
  if ('onPremisesExtensionAttributes' in out)
    out.onPremisesExtensionAttributes = extensionAttributesView(row.onPremisesExtensionAttributes);
  if (out.employeeOrgData) {
    const org = out.employeeOrgData as Partial<EmployeeOrgData>;
    out.employeeOrgData = { division: org.division ?? null, costCenter: org.costCenter ?? null };
  }
  return out;
}

/** All fifteen attributes, null where unset (Graph always returns the whole complex value). */
export function extensionAttributesView(
  stored: UserRow['onPremisesExtensionAttributes'] | null | undefined,
): Record<ExtensionAttributeName, string | null> {
  const out = {} as Record<ExtensionAttributeName, string | null>;
  for (const name of EXTENSION_ATTRIBUTE_NAMES) out[name] = stored?.[name] ?? null;
  return out;
}
