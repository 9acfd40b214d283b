import { InitialSchema1764000000000 } from './1764000000000-initial-schema.migration';
import { GroupNameUniqueness1764200000000 } from './1764200000000-group-name-uniqueness.migration';
import { TokenEndpoint1764300000000 } from './1764300000000-token-endpoint.migration';
import { ResourceEntity } from './resource.entity';
import { SettingEntity } from './setting.entity';
import { TenantEntity } from './tenant.entity';

export { ResourceEntity, SettingEntity, TenantEntity };

/** Everything this app owns in the database, listed explicitly. */
export const SCIM_TARGET_ENTITIES = [TenantEntity, ResourceEntity, SettingEntity];
export const SCIM_TARGET_MIGRATIONS = [InitialSchema1764000000000, GroupNameUniqueness1764200000000, TokenEndpoint1764300000000];
