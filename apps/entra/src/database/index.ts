import { EntraDeltaIndexes1764200000000 } from '../delta/1764200000000-delta-indexes.migration';
import { EntraInitialSchema1764100000000 } from './1764100000000-initial-schema.migration';
import { EntraSyncApi1764300000200 } from '../sync/api/1764300000200-sync-api.migration';
import { EntraSynchronization1764300000000 } from '../sync/1764300000000-synchronization.migration';
import { EntraProvisioningLogs1764300000100 } from '../sync/logs/1764300000100-provisioning-logs.migration';
import { EntraProvisioningLogScimRequests1764600000000 } from '../sync/logs/1764600000000-provisioning-log-scim-requests.migration';
import { EntraNotificationOutbox1764300000300 } from '../sync/notifications/1764300000300-notification-outbox.migration';
import { EntraPendingReferences1764300000400 } from '../sync/engine/1764300000400-pending-references.migration';
import { EntraSimClock1764400000000 } from '../sim/1764400000000-sim-clock.migration';
import { EntraUserOrgAttributes1764500000000 } from '../users/1764500000000-user-org-attributes.migration';
import { EntraApplicationAppRoles1764500000100 } from '../applications/1764500000100-application-app-roles.migration';
import { EntraListOrderIndexes1764700000000 } from '../directory/1764700000000-list-order-indexes.migration';
import { EntraInstanceLock1764750000000 } from '../sync/engine/1764750000000-instance-lock.migration';
import { EntraSourceReadIndexes1764760000000 } from '../sync/engine/1764760000000-source-read-indexes.migration';
import { EntraDirectoryAudits1764800000000 } from '../audit/1764800000000-directory-audits.migration';
import { EntraProvisioningLogFilterIndexes1764900000000 } from '../sync/logs/1764900000000-provisioning-log-filter-indexes.migration';

/** The tenant app works through SQL repositories; TypeORM owns the data source, transactions and migrations. */
export const ENTRA_ENTITIES: Function[] = [];
export const ENTRA_MIGRATIONS = [
  EntraInitialSchema1764100000000,
  EntraDeltaIndexes1764200000000,
  EntraSynchronization1764300000000,
  EntraProvisioningLogs1764300000100,
  EntraSyncApi1764300000200,
  EntraNotificationOutbox1764300000300,
  EntraPendingReferences1764300000400,
  EntraSimClock1764400000000,
  EntraUserOrgAttributes1764500000000,
  EntraApplicationAppRoles1764500000100,
  EntraProvisioningLogScimRequests1764600000000,
  EntraListOrderIndexes1764700000000,
  EntraInstanceLock1764750000000,
  EntraSourceReadIndexes1764760000000,
  EntraDirectoryAudits1764800000000,
  EntraProvisioningLogFilterIndexes1764900000000,
];
