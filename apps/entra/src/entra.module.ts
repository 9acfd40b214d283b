import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CLOCK, SimulatedClock } from '@app/platform';
import { ScheduleModule } from '@nestjs/schedule';
import { ApplicationsController, ServicePrincipalsController } from './applications/applications.controller';
import { ApplicationsService } from './applications/applications.service';
import { DirectoryAuditRetention, DirectoryAuditsController, DirectoryAuditService } from './audit';
import { TenantSettingsService } from './auth/tenant-settings.service';
import { TokenController } from './auth/token.controller';
import { TokenService } from './auth/token.service';
import { BatchController } from './batch/batch.controller';
import { ENTRA_CONFIG, EntraConfig } from './config/entra.config';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from './database';
import { DeltaController, DeltaService } from './delta';
import { DeletedItemsController } from './directory/deleted-items.controller';
import { DirectoryNavigation } from './directory/navigation';
import { OrganizationController, OrganizationService } from './directory/organization.controller';
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { buildDataSourceOptions, HealthController } from '@app/persistence';
import { SeedService } from './seed';
import { EngineLogSink, JobConfigurationReader, SyncEngine } from './sync/engine';
import { ClockStore } from './sim/clock-store';
import { RecycleBinPurger } from './sim/recycle-bin-purger';
import { SimController } from './sim/sim.controller';
import { ProvisioningLogScimRequestsController } from './sim/provisioning-log-scim-requests.controller';
import { JobSnapshots, PreviewController, PreviewService } from './sim/preview';
import { DriftController, DriftService } from './sim/drift';
import { SYNC_API_CONTROLLERS, SYNC_API_PROVIDERS } from './sync/api';
import { ON_DEMAND_CONTROLLERS, ON_DEMAND_PROVIDERS } from './sync/on-demand';
import { NOTIFICATION_CONTROLLERS, NOTIFICATION_PROVIDERS } from './sync/notifications';
import { ProvisioningLogRetention, ProvisioningLogsController, ProvisioningLogsService, ProvisioningLogWriter } from './sync/logs';
import { SCIM_TRUSTED_CA, type ScimTrustedCa } from './sync/connector';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { GroupsRepository } from './groups/groups.repository';
import { ApplicationsRepository } from './applications/applications.repository';
import { UsersService } from './users/users.service';
import { PortalController, PORTAL_DIR, resolvePortalDir } from './portal';

@Module({})
export class EntraModule {
  /** `scimTrustedCa`: CA certificates the SCIM connectors trust besides Node's (the local CA under PROVSIM_HTTPS). */
  static forRoot(
    config: EntraConfig,
    clock: SimulatedClock = SimulatedClock.fromSpec(config.PROVSIM_CLOCK),
    scimTrustedCa: ScimTrustedCa = [],
  ): DynamicModule {
    return {
      module: EntraModule,
      imports: [
        ScheduleModule.forRoot(),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions(
            { databaseUrl: config.DATABASE_URL, dataDir: config.PROVSIM_DATA_DIR },
            { name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS, poolSize: config.ENTRA_DB_POOL_SIZE },
          ),
          retryAttempts: 2,
          retryDelay: 1000,
        }),
      ],
      controllers: [
        TokenController,
        DeltaController,
        UsersController,
        GroupsController,
        DeletedItemsController,
        OrganizationController,
        BatchController,
        ApplicationsController,
        ServicePrincipalsController,
        SimController,
        ProvisioningLogScimRequestsController,
        PreviewController,
        DriftController,
        ...SYNC_API_CONTROLLERS,
        ...ON_DEMAND_CONTROLLERS,
        ...NOTIFICATION_CONTROLLERS,
        ProvisioningLogsController,
        DirectoryAuditsController,
        HealthController,
        PortalController,
      ],
      providers: [
        { provide: ENTRA_CONFIG, useValue: config },
        { provide: PORTAL_DIR, useFactory: () => resolvePortalDir() },
        { provide: SCIM_TRUSTED_CA, useValue: scimTrustedCa },
        ClockStore,
        // Resumed from the database before any provider that reads the time is made (docs/provisioning-engine.md).
        { provide: CLOCK, useFactory: (store: ClockStore) => store.attach(clock), inject: [ClockStore] },
        TenantSettingsService,
        TokenService,
        DirectoryAuditService,
        DirectoryAuditRetention,
        UsersRepository,
        UsersService,
        GroupsRepository,
        GroupsService,
        DirectoryNavigation,
        OrganizationService,
        ApplicationsRepository,
        ApplicationsService,
        RecycleBinPurger,
        JobSnapshots,
        PreviewService,
        DriftService,
        ...SYNC_API_PROVIDERS,
        ...ON_DEMAND_PROVIDERS,
        ...NOTIFICATION_PROVIDERS,
        ProvisioningLogWriter,
        ProvisioningLogsService,
        ProvisioningLogRetention,
        DeltaService,
        SeedService,
        JobConfigurationReader,
        EngineLogSink,
        SyncEngine,
      ],
    };
  }
}
