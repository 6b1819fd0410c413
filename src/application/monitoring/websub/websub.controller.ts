import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PublicRoute } from '../../../core/security/permissions';
import { MONITORING_ENGINE, type MonitoringEngine } from '../monitoring.engine';
import type { ChallengeQuery } from './websub-protocol';
import { WebSubSubscriptions } from './websub-subscriptions';

type PushRequest = FastifyRequest & { rawBody?: Buffer };

/**
 * The WebSub callback a hub calls: `GET` to verify a subscription we asked for (the challenge is echoed), `POST` to
 * push. These routes need no API key: a verification only succeeds for a topic we asked for, and a push only counts
 * when signed (`X-Hub-Signature`) with that subscription's secret. A push answers 202 whatever its signature, as the
 * protocol asks, and a valid one only moves the source's next check forward.
 */
@ApiExcludeController()
@Controller('monitoring/websub')
export class WebSubController {
  private readonly logger = new Logger('WebSub');

  constructor(
    private readonly subscriptions: WebSubSubscriptions,
    @Inject(MONITORING_ENGINE) private readonly engine: MonitoringEngine,
  ) {}

  @Get(':callbackId')
  @PublicRoute()
  async verify(
    @Param('callbackId') callbackId: string,
    @Query() query: ChallengeQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const answer = await this.subscriptions.verify(callbackId, query);
    if (!answer.ok) throw new NotFoundException(`no such subscription request: ${answer.reason}`);
    // Only the echoed challenge is text; a refusal is the usual JSON error.
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return answer.challenge;
  }

  @Post(':callbackId')
  @PublicRoute()
  @HttpCode(202)
  async push(@Param('callbackId') callbackId: string, @Req() request: PushRequest): Promise<void> {
    const header = request.headers['x-hub-signature'];
    const body = bodyBytes(request);
    const answer = await this.subscriptions.push(callbackId, Array.isArray(header) ? header[0] : header, body);
    if (!answer.accepted) {
      this.logger.warn({ event: 'websub_push_ignored', callbackId, reason: answer.reason });
      return;
    }
    if (!answer.checkNow) return;
    const target = WebSubSubscriptions.parseCallbackId(callbackId)!;
    // The hint is acted on after answering: the hub must not wait for our check.
    setImmediate(() => {
      void this.engine
        .checkNow({ tenantId: target.tenantId, workspaceId: '' }, target.sourceId)
        .catch((e: unknown) =>
          this.logger.warn({ event: 'websub_check_failed', callbackId, error: (e as Error).message }),
        );
    });
  }
}

/** The exact bytes of a push: Nest's raw body for JSON, the parsed buffer for feed types, else the text's UTF-8. */
function bodyBytes(request: PushRequest): Buffer {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  if (Buffer.isBuffer(request.body)) return request.body;
  return typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.alloc(0);
}
