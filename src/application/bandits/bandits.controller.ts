import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { contextForTenantHeader, replyWith } from '../../core/http/feature-controller';
import { BanditsEvaluation } from './bandits.evaluation';
import { BanditsOrchestrator } from './bandits.orchestrator';
import { BanditsService } from './bandits.service';

function body(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequestException('body must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * REST for the bandits: decisions, feedback, the router, off-policy evaluation, summaries and domains. Answers
 * are StepResults; errors use their category's status (400 names the field, 404 an unknown or used decision).
 * The tenant comes from `x-tenant-id` (default `default`).
 */
@ApiTags('bandits')
@ApiHeader({ name: 'x-tenant-id', required: false })
@Controller('bandits')
export class BanditsController {
  constructor(
    private readonly bandits: BanditsService,
    private readonly evaluation: BanditsEvaluation,
    private readonly orchestrator: BanditsOrchestrator,
  ) {}

  /** Body `{ userId, features?, algorithm? }`. */
  @Post(':domain/decisions')
  decide(
    @Param('domain') domain: string,
    @Body() b: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.bandits.decide(contextForTenantHeader(tenant), domain, body(b)), 201);
  }

  /** Body `{ decisionId, reward }` or `{ decisionId, metrics }`. */
  @Post('feedback')
  feedback(
    @Body() b: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.bandits.feedback(contextForTenantHeader(tenant), body(b)));
  }

  /** Body `{ userId, taskType?, prompt?, priorityLevel?, algorithm? }`: a model for a task. */
  @Post('route')
  route(
    @Body() b: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.orchestrator.route(contextForTenantHeader(tenant), body(b)), 201);
  }

  /** Body `{ algorithm }` or `{ action }`, optionally `samples`. */
  @Post(':domain/evaluate')
  @HttpCode(200)
  evaluate(
    @Param('domain') domain: string,
    @Body() b: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.evaluation.evaluate(contextForTenantHeader(tenant), domain, body(b)));
  }

  @Get('summary')
  summary(@Headers('x-tenant-id') tenant: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.orchestrator.summary(contextForTenantHeader(tenant)));
  }

  @Get('domains')
  domains() {
    return { domains: this.bandits.store.list() };
  }

  @Get(':domain/comparison')
  comparison(
    @Param('domain') domain: string,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.orchestrator.comparison(contextForTenantHeader(tenant), domain));
  }

  /** Body `{ actions, algorithms?, defaultAlgorithm?, dimension?, featureNames? }`; persisted, learners start fresh. */
  @Put('domains/:domain')
  putDomain(@Param('domain') domain: string, @Body() b: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.orchestrator.putDomain(domain, body(b)));
  }

  /** Body `{ algorithm }`. */
  @Put('domains/:domain/default-algorithm')
  switchDefault(@Param('domain') domain: string, @Body() b: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.orchestrator.switchDefault(domain, body(b).algorithm));
  }
}
