import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { collectionBody, parseCollectionRequest } from '../directory/collection-query';
import { GroupsService, GROUPS_COLLECTION } from '../groups/groups.service';
import { toGraphGroup } from '../groups/group.model';
import { GraphError } from '../http/graph-error';
import { contextUrl, Graph, GraphRequest } from '../http/graph-request';
import { toGraphUser } from '../users/user.model';
import { USERS_COLLECTION, UsersService } from '../users/users.service';

/** /v1.0/directory/deletedItems — the recycle bin: list, get, restore, purge. */
@Controller('v1.0/directory/deletedItems')
export class DeletedItemsController {
  constructor(
    private readonly users: UsersService,
    private readonly groups: GroupsService,
  ) {}

  @Get('microsoft.graph.group')
  async listGroups(@Graph() req: GraphRequest): Promise<object> {
    const request = parseCollectionRequest(GROUPS_COLLECTION, req.query, req.headers);
    const page = await this.groups.list(request, true);
    return collectionBody(
      contextUrl(req, 'directory/deletedItems/microsoft.graph.group'),
      req.url,
      page.rows.map((r) => toGraphGroup(r, request.select)),
      page,
    );
  }

  /** A deleted item is a user or a group; ids are GUIDs unique across both. */
  private async kindOf(id: string): Promise<'user' | 'group'> {
    try {
      await this.users.get(id, { deleted: true });
      return 'user';
    } catch {
      await this.groups.get(id, true);
      return 'group';
    }
  }

  @Get('microsoft.graph.user')
  async listUsers(@Graph() req: GraphRequest): Promise<object> {
    const request = parseCollectionRequest(USERS_COLLECTION, req.query, req.headers);
    const page = await this.users.list(request, true);
    const select = request.select ?? [...USER_DELETED_DEFAULT];
    return collectionBody(
      contextUrl(req, 'directory/deletedItems/microsoft.graph.user'),
      req.url,
      page.rows.map((r) => toGraphUser(r, select)),
      page,
    );
  }

  @Get(':id')
  async get(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    if ((await this.kindOf(id)) === 'group') {
      return {
        '@odata.context': contextUrl(req, 'directory/deletedItems/$entity'),
        '@odata.type': '#microsoft.graph.group',
        ...toGraphGroup(await this.groups.get(id, true)),
      };
    }
    const row = await this.users.get(id, { deleted: true });
    return {
      '@odata.context': contextUrl(req, 'directory/deletedItems/$entity'),
      '@odata.type': '#microsoft.graph.user',
      ...toGraphUser(row, [...USER_DELETED_DEFAULT]),
    };
  }

  @Post(':id/restore')
  @HttpCode(200)
  async restore(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    if ((await this.kindOf(id)) === 'group') {
      const group = await this.groups.setDeleted(id, false);
      return {
        '@odata.context': contextUrl(req, 'directoryObjects/$entity'),
        '@odata.type': '#microsoft.graph.group',
        ...toGraphGroup(group!),
      };
    }
    const row = await this.users.restore(id);
    return { '@odata.context': contextUrl(req, 'directoryObjects/$entity'), '@odata.type': '#microsoft.graph.user', ...toGraphUser(row) };
  }

  @Delete(':id')
  @HttpCode(204)
  async purge(@Param('id') id: string): Promise<void> {
    if ((await this.kindOf(id)) === 'group') await this.groups.purge(id);
    else await this.users.purge(id);
  }

  @Get()
  listAll(): never {
    throw GraphError.badRequest('Use /directory/deletedItems/microsoft.graph.user or /directory/deletedItems/microsoft.graph.group.');
  }
}

const USER_DELETED_DEFAULT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
  'deletedDateTime',
];
