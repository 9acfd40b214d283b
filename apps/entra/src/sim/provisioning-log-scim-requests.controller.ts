import { Controller, Get, Param } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GraphError } from '../http/graph-error';
import { readScimRequests, type ScimRequestView } from '../sync/logs';

/** Provisioning-log ids are GUIDs (the engine makes them with randomUUID). */
const LOG_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * provsim extension, not part of Graph: `GET /sim/provisioningLogs/{provisioningLogId}/scimRequests`, the SCIM
 * requests the provisioning service sent for the object of one provisioning-log entry, in order, with what came back
 * (docs/provisioning-logs.md). Authenticated like the rest of /sim (it declares no access: the protected default).
 */
@Controller('sim/provisioningLogs')
export class ProvisioningLogScimRequestsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get(':provisioningLogId/scimRequests')
  async list(@Param('provisioningLogId') id: string): Promise<{ value: ScimRequestView[] }> {
    if (!LOG_ID.test(id)) throw GraphError.badRequest(`Invalid provisioning log id '${id.slice(0, 64)}': expected a GUID.`);
    const value = await readScimRequests(this.db.manager, id.toLowerCase());
    if (value === null) throw GraphError.notFound(id);
    return { value };
  }
}
