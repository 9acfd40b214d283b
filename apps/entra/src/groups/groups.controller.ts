import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { parseSelect } from '@app/odata';
import { collectionBody, parseCollectionRequest } from '../directory/collection-query';
import { contextUrl, Graph, GraphRequest } from '../http/graph-request';
import { ReferenceDto } from '../users/user.dto';
import { toGraphUser } from '../users/user.model';
import { referencedId } from '../users/users.service';
import { CreateGroupDto, UpdateGroupDto } from './group.dto';
import { SELECTABLE_GROUP_PROPERTIES, toGraphGroup } from './group.model';
import { GROUPS_COLLECTION, GroupsService } from './groups.service';

/** /v1.0/groups — Graph's group resource and its members. */
@Controller('v1.0/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  async list(@Graph() req: GraphRequest): Promise<object> {
    const request = parseCollectionRequest(GROUPS_COLLECTION, req.query, req.headers);
    const page = await this.groups.list(request);
    return collectionBody(contextUrl(req, 'groups'), req.url, page.rows.map((r) => toGraphGroup(r, request.select)), page);
  }

  @Post()
  async create(@Graph() req: GraphRequest, @Body() dto: CreateGroupDto): Promise<object> {
    return { '@odata.context': contextUrl(req, 'groups/$entity'), ...toGraphGroup(await this.groups.create(dto)) };
  }

  @Get(':id')
  async get(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const select = parseSelect(typeof req.query.$select === 'string' ? req.query.$select : undefined, SELECTABLE_GROUP_PROPERTIES, 'microsoft.graph.group');
    return { '@odata.context': contextUrl(req, 'groups/$entity'), ...toGraphGroup(await this.groups.get(id), select) };
  }

  @Patch(':id')
  @HttpCode(204)
  async update(@Param('id') id: string, @Body() dto: UpdateGroupDto): Promise<void> {
    await this.groups.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.groups.setDeleted(id, true);
  }

  @Get(':id/members')
  async members(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const members = await this.groups.members(id);
    return {
      '@odata.context': contextUrl(req, 'directoryObjects'),
      value: members.map((m) =>
        m.type === 'user'
          ? { '@odata.type': '#microsoft.graph.user', ...toGraphUser(m.row) }
          : { '@odata.type': '#microsoft.graph.group', ...toGraphGroup(m.row) },
      ),
    };
  }

  @Post(':id/members/$ref')
  @HttpCode(204)
  async addMember(@Param('id') id: string, @Body() dto: ReferenceDto): Promise<void> {
    await this.groups.addMember(id, referencedId(dto['@odata.id']));
  }

  @Delete(':id/members/:memberId/$ref')
  @HttpCode(204)
  async removeMember(@Param('id') id: string, @Param('memberId') memberId: string): Promise<void> {
    await this.groups.removeMember(id, memberId.toLowerCase());
  }
}
