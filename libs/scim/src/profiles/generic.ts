import { SCIM_SCHEMAS } from '../errors';
import { defineProfile } from './profile';
import { coreUserSchema, enterpriseUserSchema, groupResourceType, groupSchema, userResourceType } from './standard';

/** Any RFC 7643 SCIM app, as a non-gallery ("custom") Entra app provisions it: User with the enterprise extension, Group. */
export const generic = defineProfile({
  name: 'generic',
  description: 'non-gallery SCIM 2.0 app (users with the enterprise extension, groups)',
  schemas: [coreUserSchema, enterpriseUserSchema, groupSchema],
  resourceTypes: [userResourceType([{ schema: SCIM_SCHEMAS.enterpriseUser, required: false }]), groupResourceType],
  // Everything is filterable except attributes that are never returned (password): filtering on them would leak
  // their value.
  isFilterable: (rs, path) => rs.resolve(path)?.def.returned !== 'never',
  entra: { synchronizationTemplateId: 'scim', appDisplayName: 'SCIM app' },
});
