import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { replyWith } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { BodyLimit } from '../../core/http/body-limit.decorator';
import { RequirePermission } from '../../core/security/permissions';
import { AuditQueryDto } from './dto/audit-query.dto';
import { CreateKeyDto } from './dto/create-key.dto';
import { ResolveThreatBodyDto } from './dto/resolve-threat.dto';
import { SECURITY_ORCHESTRATOR } from './security.orchestrator';

/** API key management for the caller's tenant (an operator may name another with `x-tenant-id`). */
@ApiTags('security')
@ApiBearerAuth()
@Controller('security/keys')
export class SecurityKeysController {
  constructor(private readonly facade: OrchestrationFacade) {}

  @Post()
  @RequirePermission('security.keys')
  // A name of 100 characters and up to 50 scopes: a few KiB even with every character escaped.
  @BodyLimit(8 * 1024)
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

/** The security report, threats and the audit log of the caller's tenant. */
@ApiTags('security')
@ApiBearerAuth()
@Controller('security')
export class SecurityController {
  constructor(private readonly facade: OrchestrationFacade) {}

  @Get('report')
  @RequirePermission('security.view')
  @ApiOperation({ summary: 'Score (v1), threat and vulnerability summaries, metrics and recommendations' })
  report(@RequestCtx() ctx: OrchestrationContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'report' }));
  }

  @Get('threats')
  @RequirePermission('security.view')
  @ApiOperation({ summary: 'Threats of the tenant, newest first' })
  threats(@RequestCtx() ctx: OrchestrationContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'threats.list' }));
  }

  @Post('threats/:threatId/resolve')
  @HttpCode(200)
  @RequirePermission('security.resolve')
  // A note of at most 500 characters (3 000 bytes if every one is escaped as \uXXXX).
  @BodyLimit(4 * 1024)
  @ApiOperation({ summary: 'Mark a threat resolved with a note (open or mitigated → resolved)' })
  resolve(
    @Param('threatId') threatId: string,
    @Body() body: ResolveThreatBodyDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(
      reply,
      this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'threats.resolve', threatId, note: body.note }),
    );
  }

  @Get('audit')
  @RequirePermission('security.audit')
  @ApiOperation({ summary: 'Audit entries of the tenant, newest first, filtered' })
  audit(
    @Query() filter: AuditQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(
      reply,
      this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'audit.query', filter: { ...filter } }),
    );
  }

  @Get('audit/verify')
  @RequirePermission('security.audit')
  @ApiOperation({
    summary: 'Integrity (no entry altered) and completeness (none removed, the tail included) of the audit log',
  })
  verify(@RequestCtx() ctx: OrchestrationContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'audit.verify' }));
  }

  @Post('vulnerabilities')
  @HttpCode(200)
  @RequirePermission('security.ingest')
  @ApiOperation({ summary: 'Ingest the output of npm audit --json (the scan itself runs in CI)' })
  vulnerabilities(
    @Body() report: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(
      reply,
      this.facade.orchestrate(SECURITY_ORCHESTRATOR, ctx, { operation: 'vulnerabilities.ingest', report }),
    );
  }
}
