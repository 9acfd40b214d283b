export { SeedService } from './seed.service';
export type { SeedResult, DemoSeedResult } from './seed.service';
export {
  planTenant,
  validateSeedOptions,
  SeedValidationError,
  DEFAULT_DOMAIN,
  DISABLED_SHARE,
  MAX_SEED_USERS,
  MAX_SEED_GROUPS,
} from './tenant-plan';
export type { SeedOptions, TenantPlan, PlannedUser, PlannedGroup, PlannedMembership, PlannedAssignment } from './tenant-plan';
export { planDemoTenant, DEMO_APP_NAME, DEMO_ASSIGNED_GROUP, DEMO_SEED } from './demo-tenant';
export { SeedConflictError } from './seed-writer';
