import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
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
import { CreateUserDto, ReferenceDto, UpdateUserDto } from './user.dto';
import { SELECTABLE_USER_PROPERTIES, toGraphUser } from './user.model';
import { referencedId, USERS_COLLECTION, UsersService } from './users.service';

const single = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * /v1.0/users (and the same under /beta) — Graph's user resource. Every `{id}` is an id or a userPrincipalName
 * (UsersRepository.find resolves both).
 */
@Controller(['v1.0/users', 'beta/users'])
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly navigation: DirectoryNavigation,
  ) {}

  @Get()
  async list(@Graph() req: GraphRequest): Promise<object> {
    const request = parseCollectionRequest(USERS_COLLECTION, req.query, req.headers);
    const page = await this.users.list(request);
    const select = request.select;
    return collectionBody(
      contextUrl(req, select ? `users(${select.join(',')})` : 'users'),
      req.url,
      page.rows.map((row) => toGraphUser(row, select)),
      page,
    );
  }

  /** `/users/$count`: a text/plain number, with ConsistencyLevel: eventual only (an advanced query). */
  @Get('$count')
  async count(@Graph() req: GraphRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    requireEventualForCountSegment(req.headers);
    const request = parseCollectionRequest(USERS_COLLECTION, req.query, req.headers);
    reply.type('text/plain; charset=utf-8');
    return String(await this.users.count(request));
  }

  @Post()
  async create(@Graph() req: GraphRequest, @Body() dto: CreateUserDto): Promise<object> {
    const row = await this.users.create(dto);
    return { '@odata.context': contextUrl(req, 'users/$entity'), ...toGraphUser(row) };
  }

  @Get(':id')
  async get(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const select = parseSelect(single(req.query.$select), SELECTABLE_USER_PROPERTIES, 'microsoft.graph.user');
    const row = await this.users.get(id);
    return { '@odata.context': contextUrl(req, 'users/$entity'), ...toGraphUser(row, select) };
  }

  @Patch(':id')
  @HttpCode(204)
  async update(@Param('id') id: string, @Body() dto: UpdateUserDto): Promise<void> {
    await this.users.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.users.softDelete(id);
  }

  @Get(':id/manager')
  async manager(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const row = await this.users.manager(id);
    return { '@odata.context': contextUrl(req, 'directoryObjects/$entity'), '@odata.type': '#microsoft.graph.user', ...toGraphUser(row) };
  }

  @Put(':id/manager/$ref')
  @HttpCode(204)
  async setManager(@Param('id') id: string, @Body() dto: ReferenceDto): Promise<void> {
    await this.users.setManager(id, referencedId(dto['@odata.id']));
  }

  @Delete(':id/manager/$ref')
  @HttpCode(204)
  async removeManager(@Param('id') id: string): Promise<void> {
    await this.users.setManager(id, null);
  }

  @Get(':id/memberOf')
  memberOf(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return this.navigate(req, 'memberOf', id);
  }

  @Get(':id/memberOf/$count')
  memberOfCount(@Graph() req: GraphRequest, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.countNavigation(req, reply, 'memberOf', id);
  }

  @Get(':id/transitiveMemberOf')
  transitiveMemberOf(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return this.navigate(req, 'transitiveMemberOf', id);
  }

  @Get(':id/transitiveMemberOf/$count')
  transitiveMemberOfCount(
    @Graph() req: GraphRequest,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.countNavigation(req, reply, 'transitiveMemberOf', id);
  }

  @Get(':id/directReports')
  directReports(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    return this.navigate(req, 'directReports', id);
  }

  @Get(':id/directReports/$count')
  directReportsCount(
    @Graph() req: GraphRequest,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.countNavigation(req, reply, 'directReports', id);
  }

  private navigate(req: GraphRequest, name: NavigationName, key: string): Promise<object> {
    return navigationResponse(this.navigation, req, name, async () => (await this.users.get(key)).id);
  }

  private countNavigation(req: GraphRequest, reply: FastifyReply, name: NavigationName, key: string): Promise<string> {
    return navigationCountResponse(this.navigation, req, reply, name, async () => (await this.users.get(key)).id);
  }
}
