import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { RequestCtx } from '../../../core/http/request-ctx.decorator';
import {
  INTERACTION_LOG,
  type InteractionLogPort,
  type StoredInteraction,
} from '../../../core/ports/interaction-log.port';
import { RequirePermission } from '../../../core/security/permissions';
import { InteractionsQueryDto } from './interactions.dto';

/** The answer's size when the query names no `limit`. */
const DEFAULT_LIMIT = 1_000;

/** The interaction log over REST, scoped to the key's tenant. */
@ApiTags('analytics')
@Controller('analytics')
export class InteractionsController {
  constructor(@Inject(INTERACTION_LOG) private readonly log: InteractionLogPort) {}

  /**
   * The tenant's interactions matching the filters, oldest first: the newest `limit` (default 1000) of those that
   * ended in [`since`, `until`). What was recorded just before the call is written first, so it is in the answer.
   * 400 naming the field for a malformed filter.
   */
  @Get('interactions')
  @RequirePermission('performance_analytics.read')
  @ApiOkResponse({ description: 'The interactions, oldest first' })
  async list(
    @Query() query: InteractionsQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<{ interactions: StoredInteraction[] }> {
    await this.log.flush();
    const interactions = await this.log.list(ctx.tenantId, {
      agent: query.agent,
      taskType: query.taskType,
      since: query.since === undefined ? undefined : Number(query.since),
      until: query.until === undefined ? undefined : Number(query.until),
      limit: Number(query.limit ?? DEFAULT_LIMIT),
    });
    return { interactions };
  }
}
