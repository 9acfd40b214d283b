import { PropertyMap } from '@app/odata';
import { projectRow } from '../directory/graph-view';

export interface GroupRow {
  id: string;
  displayName: string;
  mailNickname: string;
  description: string | null;
  securityEnabled: boolean;
  mailEnabled: boolean;
  createdDateTime: Date;
  deletedDateTime: Date | null;
}

export const GROUP_COLUMNS: Readonly<Record<string, string>> = {
  id: 'id',
  createdDateTime: 'created_date_time',
  deletedDateTime: 'deleted_date_time',
  description: 'description',
  displayName: 'display_name',
  mailEnabled: 'mail_enabled',
  mailNickname: 'mail_nickname',
  securityEnabled: 'security_enabled',
};

export const GROUP_SELECT_SQL = Object.entries(GROUP_COLUMNS)
  .map(([prop, col]) => `${col} AS "${prop}"`)
  .join(', ');

export const SELECTABLE_GROUP_PROPERTIES = Object.keys(GROUP_COLUMNS);

export const GROUP_FILTER_PROPERTIES: PropertyMap = {
  id: { sql: 'id', type: 'guid' },
  // Graph's $search tokenizes displayName and description (words, any order, each a prefix).
  displayName: { sql: 'display_name', type: 'string', sortable: true, search: 'tokens' },
  mailNickname: { sql: 'mail_nickname', type: 'string' },
  description: { sql: 'description', type: 'string', search: 'tokens' },
  securityEnabled: { sql: 'security_enabled', type: 'boolean' },
  mailEnabled: { sql: 'mail_enabled', type: 'boolean' },
  createdDateTime: { sql: 'created_date_time', type: 'datetime' },
};

const DEFAULT_GROUP_PROPERTIES = SELECTABLE_GROUP_PROPERTIES.filter((p) => p !== 'deletedDateTime');

export function toGraphGroup(row: GroupRow, select?: string[]): Record<string, unknown> {
  return projectRow(row, select ?? DEFAULT_GROUP_PROPERTIES);
}
