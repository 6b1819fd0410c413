import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { dataOf } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { SERVICE_NAME_PATTERN } from './execute-validation';
import { RESILIENCE_ORCHESTRATOR } from './resilience.orchestrator';
import type { BreakerSummary, ResilienceSummary } from './resilience.types';
import { RequirePermission } from '../../core/security/permissions';

export class BreakerActionParams {
  @Matches(SERVICE_NAME_PATTERN, { message: 'service must be 1-200 letters, digits or . _ : / -' })
  service!: string;

  @IsIn(['open', 'close', 'reset'], { message: 'action must be one of open, close, reset' })
  action!: 'open' | 'close' | 'reset';
}

/**
 * `GET /resilience/health`: degradation mode, score, every breaker and every service's recent health.
 * `POST /resilience/breakers/:service/{open,close,reset}`: operator controls (open creates the breaker if needed;
 * close and reset of an unknown service are 404). Both run an operation of the `resilience` orchestrator through
 * the facade and answer its bare data.
 */
@ApiTags('resilience')
@ApiHeader({ name: 'x-tenant-id', required: false })
@Controller('resilience')
export class ResilienceController {
  constructor(private readonly facade: OrchestrationFacade) {}

  @Get('health')
  @RequirePermission('resilience.read')
  health(@RequestCtx() ctx: OrchestrationContext): Promise<ResilienceSummary | undefined> {
    return dataOf(this.facade.orchestrate<ResilienceSummary>(RESILIENCE_ORCHESTRATOR, ctx, { operation: 'summary' }));
  }

  @Post('breakers/:service/:action')
  @RequirePermission('resilience.admin')
  @HttpCode(200)
  act(
    @Param() { service, action }: BreakerActionParams,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<{ service: string; breaker: BreakerSummary } | undefined> {
    const input = { operation: 'breaker', service, action };
    return dataOf(
      this.facade.orchestrate<{ service: string; breaker: BreakerSummary }>(RESILIENCE_ORCHESTRATOR, ctx, input),
    );
  }
}
