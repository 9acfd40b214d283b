import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { collectionBody, parseCollectionRequest } from '../directory/collection-query';
import { GraphError } from '../http/graph-error';
import { contextUrl, Graph, GraphRequest } from '../http/graph-request';
import { UsersService } from '../users/users.service';
import { AppRoleAssignmentDto, InstantiateDto, UpdateAppRolesDto } from './application.dto';
import { toGraphApplication, toGraphAssignment, toGraphServicePrincipal } from './application.view';
import { ApplicationsService, SERVICE_PRINCIPALS_COLLECTION } from './applications.service';
import { APPLICATION_TEMPLATES, ApplicationTemplate, findTemplate } from './templates';

function templateView(t: ApplicationTemplate): Record<string, unknown> {
  const { synchronizationTemplateId: _sync, appRoles: _roles, tags: _tags, ...graph } = t;
  return graph;
}

/** /v1.0/applicationTemplates and /v1.0/applications. */
@Controller('v1.0')
export class ApplicationsController {
  constructor(private readonly apps: ApplicationsService) {}

  @Get('applicationTemplates')
  templates(@Graph() req: GraphRequest): object {
    return { '@odata.context': contextUrl(req, 'applicationTemplates'), value: APPLICATION_TEMPLATES.map(templateView) };
  }

  @Get('applicationTemplates/:id')
  template(@Graph() req: GraphRequest, @Param('id') id: string): object {
    const template = findTemplate(id);
    if (!template) throw GraphError.notFound(id);
    return { '@odata.context': contextUrl(req, 'applicationTemplates/$entity'), ...templateView(template) };
  }

  @Post('applicationTemplates/:id/instantiate')
  async instantiate(@Graph() req: GraphRequest, @Param('id') id: string, @Body() dto: InstantiateDto): Promise<object> {
    const { application, servicePrincipal } = await this.apps.instantiate(id, dto.displayName);
    return {
      '@odata.context': contextUrl(req, 'microsoft.graph.applicationServicePrincipal'),
      application: toGraphApplication(application),
      servicePrincipal: toGraphServicePrincipal(servicePrincipal),
    };
  }

  @Get('applications')
  async applications(@Graph() req: GraphRequest): Promise<object> {
    return { '@odata.context': contextUrl(req, 'applications'), value: (await this.apps.applications()).map(toGraphApplication) };
  }

  @Get('applications/:id')
  async application(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return { '@odata.context': contextUrl(req, 'applications/$entity'), ...toGraphApplication(await this.apps.application(id)) };
  }

  /** `appRoles` replaces the application's app roles (and what its service principal exposes of them). */
  @Patch('applications/:id')
  @HttpCode(204)
  async updateApplication(@Param('id') id: string, @Body() dto: UpdateAppRolesDto): Promise<void> {
    await this.apps.updateApplicationRoles(id, dto.appRoles);
  }
}

/** /v1.0/servicePrincipals and their app role assignments. */
@Controller('v1.0')
export class ServicePrincipalsController {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly users: UsersService,
  ) {}

  @Get('servicePrincipals')
  async list(@Graph() req: GraphRequest): Promise<object> {
    const request = parseCollectionRequest(SERVICE_PRINCIPALS_COLLECTION, req.query, req.headers);
    const page = await this.apps.listServicePrincipals(request);
    return collectionBody(
      contextUrl(req, 'servicePrincipals'),
      req.url,
      page.rows.map((r) => toGraphServicePrincipal(r, request.select)),
      page,
    );
  }

  /** `servicePrincipals/{id}` and Graph's alternate key form `servicePrincipals(appId='…')`. */
  @Get('servicePrincipals/:id')
  async get(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return {
      '@odata.context': contextUrl(req, 'servicePrincipals/$entity'),
      ...toGraphServicePrincipal(await this.apps.servicePrincipal(id)),
    };
  }

  /** `appRoles` replaces the service principal's app roles. */
  @Patch('servicePrincipals/:id')
  @HttpCode(204)
  async update(@Param('id') id: string, @Body() dto: UpdateAppRolesDto): Promise<void> {
    await this.apps.updateServicePrincipalRoles(id, dto.appRoles);
  }

  /** Reached through the URL rewrite of `servicePrincipals(appId='…')` (see bootstrap). */
  @Get('servicePrincipals/$byAppId/:appId')
  async byAppId(@Graph() req: GraphRequest, @Param('appId') appId: string): Promise<object> {
    return {
      '@odata.context': contextUrl(req, 'servicePrincipals/$entity'),
      ...toGraphServicePrincipal(await this.apps.servicePrincipal(appId, 'appId')),
    };
  }

  @Get('servicePrincipals/:id/appRoleAssignedTo')
  async assignments(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const rows = await this.apps.assignmentsOfResource(id);
    return { '@odata.context': contextUrl(req, `servicePrincipals('${id}')/appRoleAssignedTo`), value: rows.map(toGraphAssignment) };
  }

  @Post('servicePrincipals/:id/appRoleAssignedTo')
  async assign(@Graph() req: GraphRequest, @Param('id') id: string, @Body() dto: AppRoleAssignmentDto): Promise<object> {
    const row = await this.apps.assign(id, dto);
    return { '@odata.context': contextUrl(req, `servicePrincipals('${id}')/appRoleAssignedTo/$entity`), ...toGraphAssignment(row) };
  }

  @Delete('servicePrincipals/:id/appRoleAssignedTo/:assignmentId')
  @HttpCode(204)
  async unassign(@Param('id') id: string, @Param('assignmentId') assignmentId: string): Promise<void> {
    await this.apps.unassign(id, assignmentId);
  }

  /** `users/{id | userPrincipalName}/appRoleAssignments`; 404 for a user that does not exist. */
  @Get('users/:id/appRoleAssignments')
  async ofUser(@Graph() req: GraphRequest, @Param('id') key: string): Promise<object> {
    const { id } = await this.users.get(key);
    const rows = await this.apps.assignmentsOfPrincipal(id);
    return { '@odata.context': contextUrl(req, `users('${id}')/appRoleAssignments`), value: rows.map(toGraphAssignment) };
  }

  @Get('groups/:id/appRoleAssignments')
  async ofGroup(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const rows = await this.apps.assignmentsOfPrincipal(id);
    return { '@odata.context': contextUrl(req, `groups('${id}')/appRoleAssignments`), value: rows.map(toGraphAssignment) };
  }
}
