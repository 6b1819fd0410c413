import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { replyWith } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { RequirePermission } from '../../core/security/permissions';
import { CreateKeyDto } from './dto/create-key.dto';
import { SECURITY_ORCHESTRATOR } from './security.orchestrator';

/** API key management for the caller's tenant (an operator may name another with `x-tenant-id`). */
@ApiTags('security')
@ApiBearerAuth()
@Controller('security/keys')
export class SecurityController {
  constructor(private readonly facade: OrchestrationFacade) {}

  @Post()
  @RequirePermission('security.keys')
  @ApiOperation({ summary: 'Create a key; its text is in the answer and shown only this once' })
  create(
    @Body() body: CreateKeyDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(
      reply,
      this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'keys.create', key: { ...body } }),
      201,
    );
  }

  @Get()
  @RequirePermission('security.keys')
  @ApiOperation({ summary: "The tenant's keys, newest first (never their secrets)" })
  list(@RequestCtx() ctx: OrchestrationContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'keys.list' }));
  }

  @Post(':keyId/rotate')
  @HttpCode(201)
  @RequirePermission('security.keys')
  @ApiOperation({ summary: 'A new key with the same roles; the old one stays valid for security.rotationGraceMs' })
  rotate(
    @Param('keyId') keyId: string,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(
      reply,
      this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'keys.rotate', keyId }),
      201,
    );
  }

  @Delete(':keyId')
  @RequirePermission('security.keys')
  @ApiOperation({ summary: 'Revoke a key at once (every instance)' })
  revoke(
    @Param('keyId') keyId: string,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'keys.revoke', keyId }));
  }
}
