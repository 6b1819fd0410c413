import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  ServiceUnavailableException,
  Sse,
  UnprocessableEntityException,
  type MessageEvent,
} from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { AppConfig } from '../../core/config/app-config';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { HTTP_STATUS_BY_CATEGORY } from '../../core/result/error-category';
import { renderReport, REPORT_MEDIA_TYPES } from '../report';
import { ListRunsQueryDto, ReportQueryDto, StartRunDto, StartRunQueryDto } from './autointel.dto';
import { reportOf } from './run-outcome';
import { AutointelService } from './autointel.service';
import { RunRecordDto } from './run-record.dto';
import { FINISHED, type RunRecord } from './autointel.types';
import { isRunOptionProblem, parseRunOptions, runOptionMessage } from './run-options';
import { InspectFields, RequirePermission } from '../../core/security/permissions';
import { runUrlProblem } from '../content';
import { requestTenant, type ActingForTenant } from '../../core/http/request-tenant';

const WORKFLOW_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The main job over REST: start a run, read it, follow its progress. The context comes from `@RequestCtx()` (tenant
 * from `x-tenant-id`); a run keeps the request id and trace of the request that started it.
 */
@ApiTags('autointel')
@Controller('autointel')
export class AutointelController {
  constructor(
    private readonly autointel: AutointelService,
    private readonly config: AppConfig,
  ) {}

  /**
   * 202 `{ workflowId, status, … }`; with `?wait=true` the finished run — 200 when completed, the status of its
   * error's category when failed (403 for a file outside the roots, 404 for a missing page, 5xx only for the
   * service's own faults) — or 202 if it is still going after the wait. `mode` defaults to `autointel.defaultMode`
   * (autonomous). 400 naming `url` for a scheme other than http(s) (`file:` and paths only with
   * `content.fileRoots`) or for a `url` that matches a threat pattern (a script, a path traversal, …; the threat is
   * recorded); 503 with `Retry-After` while `autointel.maxQueued` runs wait to start.
   */
  @Post()
  @RequirePermission('autointel.run')
  @InspectFields({ fields: ['url'], mode: 'block' })
  @ApiResponse({ status: 202, type: RunRecordDto, description: 'The queued run (with ?wait=true: one still going)' })
  @ApiResponse({
    status: 200,
    type: RunRecordDto,
    description: "With ?wait=true: the completed run. A failed run answers at its error category's status",
  })
  @ApiResponse({
    status: 503,
    description: 'autointel.maxQueued runs are waiting to start; nothing was queued',
    headers: {
      'Retry-After': { description: 'Seconds (autointel.queueFullRetryAfterS)', schema: { type: 'integer' } },
    },
  })
  async start(
    @Body() body: StartRunDto,
    @Query() query: StartRunQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RunRecord> {
    const url = body.url.trim();
    const urlProblem = runUrlProblem(url, this.config.content.fileRoots.length > 0);
    if (urlProblem) throw new BadRequestException(urlProblem);
    const options = parseRunOptions(body, this.config.autointel.defaultMode);
    if (isRunOptionProblem(options)) throw new UnprocessableEntityException(runOptionMessage(options));
    const started = await this.autointel.start(
      {
        url,
        depth: options.depth,
        mode: options.mode,
        // The body's tenant follows the same rule as x-tenant-id: the key's own, or any for an operator (audited).
        tenantId:
          requestTenant(ctx.principal, body.tenant ?? ctx.tenantId, reply.request.raw as ActingForTenant) ??
          ctx.tenantId,
        workspaceId: body.workspace ?? ctx.workspaceId,
      },
      ctx,
    );
    if (started.status === 'error') {
      // The one refusal: autointel.maxQueued runs wait to start. Nothing accepted before is dropped.
      reply.header('retry-after', String(this.config.autointel.queueFullRetryAfterS));
      throw new ServiceUnavailableException(started.error);
    }
    const run = started.data;
    if (query.wait !== 'true') {
      reply.status(202);
      return run;
    }
    const finished =
      (await this.autointel.waitFor(run.tenantId, run.workflowId, this.config.autointel.waitTimeoutMs)) ?? run;
    // A failed run answers with the run (status `failed`, its error and partial result), never 200: at its error's
    // status, so that a run failing on the caller's input (forbidden, not_found, validation) is a 4xx.
    reply.status(
      finished.status === 'failed'
        ? HTTP_STATUS_BY_CATEGORY[finished.error?.category ?? 'internal']
        : FINISHED.has(finished.status)
          ? 200
          : 202,
    );
    return finished;
  }

  @Get()
  @RequirePermission('autointel.read')
  async list(
    @Query() query: ListRunsQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<{ runs: RunRecord[] }> {
    return { runs: await this.autointel.list(ctx.tenantId, Number(query.limit ?? 20), query.status) };
  }

  @Get(':workflowId')
  @RequirePermission('autointel.read')
  @ApiOkResponse({ type: RunRecordDto, description: 'The run; 404 for an unknown run or another tenant’s' })
  async get(@Param('workflowId') workflowId: string, @RequestCtx() ctx: OrchestrationContext): Promise<RunRecord> {
    return this.find(workflowId, ctx);
  }

  /**
   * The finished run's report, rendered from its report model: `format=md` (default) as `text/markdown`, `html` as a
   * standalone page, `json` as the model itself. 404 for an unknown run or another tenant's, and for a run that
   * ended without a report (it failed before anything was acquired); 409 while it is queued or running.
   */
  @Get(':workflowId/report')
  @RequirePermission('autointel.read')
  @ApiProduces('text/markdown', 'text/html', 'application/json')
  @ApiOkResponse({ description: 'The report in the asked format' })
  @ApiResponse({ status: 409, description: 'The run has not finished yet' })
  async report(
    @Param('workflowId') workflowId: string,
    @Query() query: ReportQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const run = await this.find(workflowId, ctx);
    if (!FINISHED.has(run.status))
      throw new ConflictException(
        `Run ${JSON.stringify(workflowId)} is ${run.status}; its report comes when it finishes`,
      );
    const model = reportOf(run);
    if (!model) throw new NotFoundException(`Run ${JSON.stringify(workflowId)} ended without a report`);
    const format = query.format ?? 'md';
    reply.header('content-type', REPORT_MEDIA_TYPES[format]);
    return renderReport(model, format);
  }

  /** Server-sent events: `progress` for each message (stored ones first), then `done` with the finished run. */
  @Sse(':workflowId/events')
  @RequirePermission('autointel.read')
  async events(
    @Param('workflowId') workflowId: string,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<Observable<MessageEvent>> {
    const run = await this.find(workflowId, ctx);
    return this.autointel.messages(run).pipe(
      map((m) => ({
        type: m.type,
        data: m.data,
        id: m.type === 'progress' ? String((m.data as { seq: number }).seq) : 'done',
      })),
    );
  }

  private async find(workflowId: string, ctx: OrchestrationContext): Promise<RunRecord> {
    const run = WORKFLOW_ID.test(workflowId) ? await this.autointel.get(ctx.tenantId, workflowId) : undefined;
    if (!run) throw new NotFoundException(`No run ${JSON.stringify(workflowId)} for tenant ${ctx.tenantId}`);
    return run;
  }
}
