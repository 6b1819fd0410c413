import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { BodyLimit } from '../../core/http/body-limit.decorator';
import { dataOf } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { RequirePermission } from '../../core/security/permissions';
import {
  CreateCreatorDto,
  CreateSourceDto,
  CreatorIdParams,
  ListSourcesQueryDto,
  NextChecksQueryDto,
  OpmlImportQueryDto,
  SourceIdParams,
  UpdateCreatorDto,
  UpdateSourceDto,
} from './monitoring.dto';
import { MONITORING_ORCHESTRATOR } from './monitoring.orchestrator';

const READ = 'realtime_monitoring.read';
const MANAGE = 'realtime_monitoring.manage';
const ADMIN = 'realtime_monitoring.admin';
/** The largest OPML document an import accepts. */
export const OPML_BODY_LIMIT = 1024 * 1024;

/**
 * Monitoring over REST: the catalog (creators, sources, seed, OPML) and the engine (start, stop, status, next checks,
 * check now), each route an operation of `realtime_monitoring` run through the facade for the context's tenant.
 * Errors answer their category's status with the message naming the field (400, 404, 409; 503 without an engine).
 */
@ApiTags('monitoring')
@Controller('monitoring')
export class MonitoringController {
  constructor(private readonly facade: OrchestrationFacade) {}

  private run<T>(ctx: OrchestrationContext, input: Record<string, unknown>): Promise<T | undefined> {
    const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return dataOf(this.facade.orchestrate<T>(MONITORING_ORCHESTRATOR, ctx, defined));
  }

  @Get('creators')
  @RequirePermission(READ)
  listCreators(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'list_creators' });
  }

  @Post('creators')
  @RequirePermission(MANAGE)
  addCreator(@Body() body: CreateCreatorDto, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'add_creator', id: body.id, name: body.name, tier: body.tier });
  }

  @Get('creators/:creatorId')
  @RequirePermission(READ)
  getCreator(@Param() { creatorId }: CreatorIdParams, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'get_creator', creatorId });
  }

  @Patch('creators/:creatorId')
  @RequirePermission(MANAGE)
  updateCreator(
    @Param() { creatorId }: CreatorIdParams,
    @Body() body: UpdateCreatorDto,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run(ctx, { operation: 'update_creator', creatorId, name: body.name, tier: body.tier });
  }

  /** Removes the creator with its sources, their state, items and history. */
  @Delete('creators/:creatorId')
  @RequirePermission(MANAGE)
  removeCreator(@Param() { creatorId }: CreatorIdParams, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'remove_creator', creatorId });
  }

  @Get('sources')
  @RequirePermission(READ)
  listSources(@Query() query: ListSourcesQueryDto, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'list_sources', creatorId: query.creatorId });
  }

  @Post('sources')
  @RequirePermission(MANAGE)
  addSource(@Body() body: CreateSourceDto, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'add_source', ...body });
  }

  @Get('sources/:sourceId')
  @RequirePermission(READ)
  getSource(@Param() { sourceId }: SourceIdParams, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'get_source', sourceId });
  }

  /** Changes a source's settings; enable/disable, interval and quiet hours take effect at run time. */
  @Patch('sources/:sourceId')
  @RequirePermission(MANAGE)
  updateSource(
    @Param() { sourceId }: SourceIdParams,
    @Body() body: UpdateSourceDto,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run(ctx, { operation: 'update_source', ...body, sourceId });
  }

  /** The items seen on the source, newest first, each with the content run started for it (null while waiting). */
  @Get('sources/:sourceId/items')
  @RequirePermission(READ)
  listItems(
    @Param() { sourceId }: SourceIdParams,
    @Query() { limit }: NextChecksQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run(ctx, { operation: 'list_items', sourceId, limit: limit === undefined ? undefined : Number(limit) });
  }

  @Delete('sources/:sourceId')
  @RequirePermission(MANAGE)
  removeSource(@Param() { sourceId }: SourceIdParams, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'remove_source', sourceId });
  }

  /** Checks the source now, outside its schedule. */
  @Post('sources/:sourceId/check')
  @HttpCode(200)
  @RequirePermission(MANAGE)
  checkNow(@Param() { sourceId }: SourceIdParams, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'check_now', sourceId });
  }

  /** Adds the original's 13 creators and 39 sources (disabled); what exists is left as it is. */
  @Post('seed')
  @HttpCode(200)
  @RequirePermission(MANAGE)
  seed(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'seed' });
  }

  @Get('opml')
  @RequirePermission(READ)
  @ApiProduces('text/xml')
  async exportOpml(@RequestCtx() ctx: OrchestrationContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = await this.run<{ opml: string }>(ctx, { operation: 'export_opml' });
    void reply.header('content-type', 'text/xml; charset=utf-8');
    return data?.opml;
  }

  /** Imports an OPML document (`text/xml`, at most 1 MiB): a report per outline (created, skipped, error). */
  @Post('opml')
  @HttpCode(200)
  @RequirePermission(MANAGE)
  @BodyLimit(OPML_BODY_LIMIT)
  @ApiConsumes('text/xml', 'application/xml')
  @ApiBody({ schema: { type: 'string' }, description: 'An OPML 1.0 or 2.0 document' })
  importOpml(@Body() body: unknown, @Query() query: OpmlImportQueryDto, @RequestCtx() ctx: OrchestrationContext) {
    const opml = typeof body === 'string' ? body : '';
    return this.run(ctx, { operation: 'import_opml', opml, enable: query.enable === 'true' });
  }

  @Post('start')
  @HttpCode(200)
  @RequirePermission(ADMIN)
  start(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'start' });
  }

  @Post('stop')
  @HttpCode(200)
  @RequirePermission(ADMIN)
  stop(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'stop' });
  }

  @Get('status')
  @RequirePermission(READ)
  @ApiOkResponse({ description: 'The scheduler and the tenant’s sources, checks, items and runs' })
  status(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'status' });
  }

  @Get('next-checks')
  @RequirePermission(READ)
  nextChecks(@Query() query: NextChecksQueryDto, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, {
      operation: 'next_checks',
      limit: query.limit === undefined ? undefined : Number(query.limit),
    });
  }
}
