import { Body, Controller, Delete, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { replyWith } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { RequirePermission } from '../../core/security/permissions';
import { BlockDto } from './dto/block.dto';
import { SECURITY_ORCHESTRATOR } from './security.orchestrator';

/**
 * The blocklist of every instance (IPs and principals shut out before authentication and routing): an operator's
 * view and hand. A tenant's admin gets 403: an entry applies to every tenant.
 */
@ApiTags('security')
@ApiBearerAuth()
@Controller('security/blocklist')
export class SecurityBlocklistController {
  constructor(private readonly facade: OrchestrationFacade) {}

  @Get()
  @RequirePermission('security.block')
  @ApiOperation({ summary: 'Entries in force, ending first first' })
  list(@RequestCtx() ctx: OrchestrationContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'blocklist.list' }));
  }

  @Post()
  @RequirePermission('security.block')
  @ApiOperation({ summary: 'Block an IP or a principal on every instance (an entry in force that ends later is kept)' })
  block(
    @Body() body: BlockDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(
      reply,
      this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'blocklist.add', entry: { ...body } }),
      201,
    );
  }

  @Delete(':kind/:value')
  @RequirePermission('security.block')
  @ApiOperation({ summary: 'Lift an entry on every instance' })
  unblock(
    @Param('kind') kind: string,
    @Param('value') value: string,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(
      reply,
      this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'blocklist.remove', kind, value }),
    );
  }
}
