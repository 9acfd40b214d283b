import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { parseSelect } from '@app/odata';
import { collectionBody, parseCollectionRequest } from '../directory/collection-query';
import {
  DirectoryNavigation,
  NavigationName,
  navigationCountResponse,
  navigationResponse,
  requireEventualForCountSegment,
} from '../directory/navigation';
import { contextUrl, Graph, GraphRequest } from '../http/graph-request';
import { ReferenceDto } from '../users/user.dto';
import { referencedId } from '../users/users.service';
import { CreateGroupDto, UpdateGroupDto } from './group.dto';
import { SELECTABLE_GROUP_PROPERTIES, toGraphGroup } from './group.model';
import { GROUPS_COLLECTION, GroupsService } from './groups.service';

/** /v1.0/groups (and the same under /beta) — Graph's group resource, its members and other navigations. */
@Controller(['v1.0/groups', 'beta/groups'])
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly navigation: DirectoryNavigation,
  ) {}

  @Get()
  async list(@Graph() req: GraphRequest): Promise<object> {
    const request = parseCollectionRequest(GROUPS_COLLECTION, req.query, req.headers);
    const page = await this.groups.list(request);
    const context = contextUrl(req, request.select ? `groups(${request.select.join(',')})` : 'groups');
    return collectionBody(
      context,
      req.url,
      page.rows.map((r) => toGraphGroup(r, request.select)),
      page,
    );
  }

  /** `/groups/$count`: a text/plain number, with ConsistencyLevel: eventual only (an advanced query). */
  @Get('$count')
  async count(@Graph() req: GraphRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    requireEventualForCountSegment(req.headers);
    const request = parseCollectionRequest(GROUPS_COLLECTION, req.query, req.headers);
    reply.type('text/plain; charset=utf-8');
    return String(await this.groups.count(request));
  }

  @Post()
  async create(@Graph() req: GraphRequest, @Body() dto: CreateGroupDto): Promise<object> {
    return { '@odata.context': contextUrl(req, 'groups/$entity'), ...toGraphGroup(await this.groups.create(dto)) };
  }

  @Get(':id')
  async get(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const select = parseSelect(
      typeof req.query.$select === 'string' ? req.query.$select : undefined,
      SELECTABLE_GROUP_PROPERTIES,
      'microsoft.graph.group',
    );
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

  /** Direct members (users and groups outside the recycle bin), paged by id: $top, $select, $skiptoken, $count. */
  @Get(':id/members')
  members(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return this.navigate(req, 'members', id);
  }

  @Get(':id/members/$count')
  membersCount(@Graph() req: GraphRequest, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.countNavigation(req, reply, 'members', id);
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

  @Get(':id/transitiveMembers')
  transitiveMembers(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return this.navigate(req, 'transitiveMembers', id);
  }

  @Get(':id/transitiveMembers/$count')
  transitiveMembersCount(
    @Graph() req: GraphRequest,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.countNavigation(req, reply, 'transitiveMembers', id);
  }

  /** provsim keeps no group owners: always an empty collection (of an existing group). */
  @Get(':id/owners')
  owners(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return this.navigate(req, 'owners', id);
  }

  @Get(':id/memberOf')
  memberOf(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return this.navigate(req, 'memberOf', id);
  }

  @Get(':id/transitiveMemberOf')
  transitiveMemberOf(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return this.navigate(req, 'transitiveMemberOf', id);
  }

  private navigate(req: GraphRequest, name: NavigationName, key: string): Promise<object> {
    return navigationResponse(this.navigation, req, name, async () => (await this.groups.get(key)).id);
  }

  private countNavigation(req: GraphRequest, reply: FastifyReply, name: NavigationName, key: string): Promise<string> {
    return navigationCountResponse(this.navigation, req, reply, name, async () => (await this.groups.get(key)).id);
  }
}
