import {
  Body,
  Controller,
  Get,
  Headers,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  Sse,
  UnprocessableEntityException,
  type MessageEvent,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { AppConfig } from '../../../core/config/app-config';
import { contextForTenantHeader } from '../../../core/http/feature-controller';
import { DEPTHS } from '../content.ports';
import { parseDepth } from '../fallback/fallback.orchestrator';
import { ListRunsQueryDto, StartRunDto, StartRunQueryDto } from './autointel.dto';
import { AutointelService } from './autointel.service';
import { FINISHED, RUN_MODES, type RunRecord } from './autointel.types';

const WORKFLOW_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The main job over REST: start a run, read it, follow its progress. The tenant comes from `x-tenant-id`. */
@ApiTags('autointel')
@Controller('autointel')
export class AutointelController {
  constructor(
    private readonly autointel: AutointelService,
    private readonly config: AppConfig,
  ) {}

  /**
   * 202 `{ workflowId, status, … }`; with `?wait=true` the finished run — 200 when completed, 500 when failed — or
   * 202 if it is still going after the wait. `mode` defaults to `autointel.defaultMode` (autonomous).
   */
  @Post()
  async start(
    @Body() body: StartRunDto,
    @Query() query: StartRunQueryDto,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RunRecord> {
    const depth = parseDepth(body.depth);
    if (!depth)
      throw new UnprocessableEntityException(
        `depth must be one of ${DEPTHS.join(', ')}, got ${JSON.stringify(body.depth)}`,
      );
    const mode = (body.mode ?? this.config.autointel.defaultMode).trim().toLowerCase();
    if (!(RUN_MODES as readonly string[]).includes(mode))
      throw new UnprocessableEntityException(
        `mode must be one of ${RUN_MODES.join(', ')}, got ${JSON.stringify(body.mode)}`,
      );
    const ctx = contextForTenantHeader(body.tenant ?? tenant);
    const run = await this.autointel.start({
      url: body.url.trim(),
      depth,
      mode: mode as RunRecord['mode'],
      tenantId: ctx.tenantId,
      workspaceId: body.workspace ?? ctx.workspaceId,
    });
    if (query.wait !== 'true') {
      reply.status(202);
      return run;
    }
    const finished =
      (await this.autointel.waitFor(run.tenantId, run.workflowId, this.config.autointel.waitTimeoutMs)) ?? run;
    // A failed workflow answers 500 with the run (status `failed`, its error and partial result; spec §2.2 fixed).
    reply.status(finished.status === 'failed' ? 500 : FINISHED.has(finished.status) ? 200 : 202);
    return finished;
  }

  @Get()
  async list(
    @Query() query: ListRunsQueryDto,
    @Headers('x-tenant-id') tenant: string | undefined,
  ): Promise<{ runs: RunRecord[] }> {
    const ctx = contextForTenantHeader(tenant);
    return { runs: await this.autointel.list(ctx.tenantId, Number(query.limit ?? 20), query.status) };
  }

  @Get(':workflowId')
  async get(
    @Param('workflowId') workflowId: string,
    @Headers('x-tenant-id') tenant: string | undefined,
  ): Promise<RunRecord> {
    return this.find(workflowId, tenant);
  }

  /** Server-sent events: `progress` for each message (stored ones first), then `done` with the finished run. */
  @Sse(':workflowId/events')
  async events(
    @Param('workflowId') workflowId: string,
    @Headers('x-tenant-id') tenant: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    const run = await this.find(workflowId, tenant);
    return this.autointel.messages(run).pipe(
      map((m) => ({
        type: m.type,
        data: m.data,
        id: m.type === 'progress' ? String((m.data as { seq: number }).seq) : 'done',
      })),
    );
  }

  private async find(workflowId: string, tenant: string | undefined): Promise<RunRecord> {
    const ctx = contextForTenantHeader(tenant);
    const run = WORKFLOW_ID.test(workflowId) ? await this.autointel.get(ctx.tenantId, workflowId) : undefined;
    if (!run) throw new NotFoundException(`No run ${JSON.stringify(workflowId)} for tenant ${ctx.tenantId}`);
    return run;
  }
}
