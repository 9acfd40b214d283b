import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdminController, AdminProfilesController } from './admin/admin.controller';
import { SCIM_TARGET_CONFIG } from './config/config.token';
import { ScimTargetConfig } from './config/scim-target.config';
import { SCIM_TARGET_ENTITIES, SCIM_TARGET_MIGRATIONS, SettingEntity, TenantEntity } from './database';
import { FaultService } from './faults/fault.service';
import { buildDataSourceOptions, HealthController } from '@app/persistence';
import { RequestLogService } from './request-log/request-log.service';
import { ResourceRepository } from './resources/resource.repository';
import { ResourceService } from './resources/resource.service';
import { ScimController } from './scim/scim.controller';
import { TenantRegistry } from './tenants/tenant.registry';

/**
 * The app's TypeORM registration is named, because `npm start` runs this app and the tenant in one process and
 * @nestjs/typeorm keeps one process-wide registry of data source names (it warns that two "default" data sources
 * "will override each other", which is not so across two Nest apps, but alarms whoever reads the start log). The
 * default tokens are aliased to the named ones, so the app's classes inject `DataSource` and repositories as usual.
 */
const DATA_SOURCE = 'scim-target';
const FEATURE_ENTITIES = [TenantEntity, SettingEntity];

@Module({})
export class ScimTargetModule {
  static forRoot(config: ScimTargetConfig): DynamicModule {
    return {
      module: ScimTargetModule,
      imports: [
        TypeOrmModule.forRoot({
          name: DATA_SOURCE,
          ...buildDataSourceOptions(
            { databaseUrl: config.DATABASE_URL, dataDir: config.PROVSIM_DATA_DIR },
            {
              name: 'scim-target',
              entities: SCIM_TARGET_ENTITIES,
              migrations: SCIM_TARGET_MIGRATIONS,
              poolSize: config.SCIM_DB_POOL_SIZE,
            },
          ),
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        TypeOrmModule.forFeature(FEATURE_ENTITIES, DATA_SOURCE),
      ],
      controllers: [ScimController, AdminController, AdminProfilesController, HealthController],
      providers: [
        { provide: SCIM_TARGET_CONFIG, useValue: config },
        { provide: DataSource, useExisting: getDataSourceToken(DATA_SOURCE) },
        ...FEATURE_ENTITIES.map((entity) => ({
          provide: getRepositoryToken(entity),
          useExisting: getRepositoryToken(entity, DATA_SOURCE),
        })),
        TenantRegistry,
        ResourceRepository,
        ResourceService,
        RequestLogService,
        FaultService,
      ],
    };
  }
}
