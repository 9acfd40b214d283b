import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { parseSelect } from '@app/odata';
import { collectionBody, parseCollectionRequest } from '../directory/collection-query';
import { contextUrl, Graph, GraphRequest } from '../http/graph-request';
import { CreateUserDto, ReferenceDto, UpdateUserDto } from './user.dto';
import { SELECTABLE_USER_PROPERTIES, toGraphUser } from './user.model';
import { referencedId, USERS_COLLECTION, UsersService } from './users.service';

const single = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** /v1.0/users — Graph's user resource. */
@Controller('v1.0/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

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
}
