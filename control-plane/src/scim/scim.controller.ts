import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Public } from '../auth/roles.decorator';
import { ScimGroupsService } from './scim-groups.service';
import { paging, scimBase, ScimExceptionFilter, ScimTokenGuard, sendScim } from './scim-http';
import { listResponse, resourceTypes, schemas, serviceProviderConfig } from './scim-schemas';
import { ScimUsersService } from './scim-users.service';
import { notFound } from './scim.exception';

type ListQuery = Record<string, unknown>;

function filterOf(query: ListQuery): string | undefined {
  return typeof query.filter === 'string' && query.filter.trim() ? query.filter : undefined;
}

function excludesMembers(query: ListQuery): boolean {
  const excluded = typeof query.excludedAttributes === 'string' ? query.excludedAttributes : '';
  return excluded.split(',').some((a) => a.trim().toLowerCase() === 'members');
}

/**
 * SCIM 2.0 (RFC 7644) for identity providers (Okta, Microsoft Entra ID): Users and Groups.
 * Public to the global guard; every request needs a SCIM bearer token instead.
 */
@Public()
@UseGuards(ScimTokenGuard)
@UseFilters(ScimExceptionFilter)
@Controller('scim/v2')
export class ScimController {
  constructor(
    private readonly users: ScimUsersService,
    private readonly groups: ScimGroupsService,
  ) {}

  @Get('ServiceProviderConfig')
  serviceProviderConfig(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    sendScim(res, 200, serviceProviderConfig(scimBase(req)));
  }

  @Get('ResourceTypes')
  resourceTypes(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    const types = resourceTypes(scimBase(req));
    sendScim(res, 200, listResponse(types, types.length, 1));
  }

  @Get('ResourceTypes/:id')
  resourceType(@Param('id') id: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    const type = resourceTypes(scimBase(req)).find((t) => t.id === id);
    if (!type) throw notFound('ResourceType', id);
    sendScim(res, 200, type);
  }

  @Get('Schemas')
  schemas(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    const all = schemas(scimBase(req));
    sendScim(res, 200, listResponse(all, all.length, 1));
  }

  @Get('Schemas/:id')
  schema(@Param('id') id: string, @Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    const schema = schemas(scimBase(req)).find((s) => s.id === id);
    if (!schema) throw notFound('Schema', id);
    sendScim(res, 200, schema);
  }

  @Get('Users')
  async listUsers(@Query() query: ListQuery, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    const { startIndex, count } = paging(query);
    const page = await this.users.list(filterOf(query), startIndex, count, scimBase(req));
    sendScim(res, 200, listResponse(page.resources, page.total, startIndex));
  }

  @Post('Users')
  async createUser(@Body() body: unknown, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    const user = await this.users.create(body, scimBase(req));
    sendScim(res, 201, user, user.meta.location);
  }

  @Get('Users/:id')
  async getUser(@Param('id') id: string, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    sendScim(res, 200, await this.users.get(id, scimBase(req)));
  }

  @Put('Users/:id')
  async replaceUser(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ) {
    sendScim(res, 200, await this.users.replace(id, body, scimBase(req)));
  }

  @Patch('Users/:id')
  async patchUser(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ) {
    sendScim(res, 200, await this.users.patch(id, body, scimBase(req)));
  }

  /** Deactivates rather than deletes: usage and audit history keep pointing at the user. */
  @Delete('Users/:id')
  async deleteUser(@Param('id') id: string, @Res() res: ServerResponse) {
    await this.users.deactivate(id);
    sendScim(res, 204);
  }

  @Get('Groups')
  async listGroups(@Query() query: ListQuery, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    const { startIndex, count } = paging(query);
    const page = await this.groups.list(filterOf(query), startIndex, count, scimBase(req), {
      withoutMembers: excludesMembers(query),
    });
    sendScim(res, 200, listResponse(page.resources, page.total, startIndex));
  }

  @Post('Groups')
  async createGroup(@Body() body: unknown, @Req() req: IncomingMessage, @Res() res: ServerResponse) {
    const group = await this.groups.create(body, scimBase(req));
    sendScim(res, 201, group, group.meta.location);
  }

  @Get('Groups/:id')
  async getGroup(
    @Param('id') id: string,
    @Query() query: ListQuery,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ) {
    sendScim(res, 200, await this.groups.get(id, scimBase(req), { withoutMembers: excludesMembers(query) }));
  }

  @Put('Groups/:id')
  async replaceGroup(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ) {
    sendScim(res, 200, await this.groups.replace(id, body, scimBase(req)));
  }

  @Patch('Groups/:id')
  async patchGroup(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
  ) {
    sendScim(res, 200, await this.groups.patch(id, body, scimBase(req)));
  }

  @Delete('Groups/:id')
  async deleteGroup(@Param('id') id: string, @Res() res: ServerResponse) {
    await this.groups.delete(id);
    sendScim(res, 204);
  }
}
