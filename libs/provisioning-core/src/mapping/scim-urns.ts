/** SCIM schema URNs used as target object names and in resource `schemas`. */
export const CORE_USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** The extra schema Entra puts on group creates (reference §4.7). */
export const AD_SCIM_GROUP_URN = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Target object names used by the templates (Entra's customappsso schema uses the enterprise URN for users). */
export const USER_TARGET_OBJECT = ENTERPRISE_USER_URN;
export const GROUP_TARGET_OBJECT = CORE_GROUP_URN;
