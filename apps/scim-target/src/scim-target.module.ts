import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminController } from './admin/admin.controller';
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

@Module({})
export class ScimTargetModule {
  static forRoot(config: ScimTargetConfig): DynamicModule {
    return {
      module: ScimTargetModule,
      imports: [
        TypeOrmModule.forRoot({
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
        TypeOrmModule.forFeature([TenantEntity, SettingEntity]),
      ],
      controllers: [ScimController, AdminController, HealthController],
      providers: [
        { provide: SCIM_TARGET_CONFIG, useValue: config },
        TenantRegistry,
        ResourceRepository,
        ResourceService,
        RequestLogService,
        FaultService,
      ],
    };
  }
}
