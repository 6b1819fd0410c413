import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { dataOf } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { TELEMETRY_ORCHESTRATOR } from './telemetry.orchestrator';
import { RequirePermission } from '../../core/security/permissions';

/**
 * `GET /telemetry/dashboards/:id` (panels computed from data; 404 unknown) and `POST /telemetry/alerts/:id/resolve`,
 * the `dashboard` and `resolve_alert` operations of the `telemetry` orchestrator run through the facade; they answer
 * the bare data.
 */
@ApiTags('telemetry')
@ApiHeader({ name: 'x-tenant-id', required: false })
@Controller('telemetry')
export class TelemetryController {
  constructor(private readonly facade: OrchestrationFacade) {}

  @Get('dashboards/:id')
  @RequirePermission('telemetry.read')
  dashboard(@Param('id') id: string, @RequestCtx() ctx: OrchestrationContext) {
    return dataOf(this.facade.orchestrate(TELEMETRY_ORCHESTRATOR, ctx, { operation: 'dashboard', dashboardId: id }));
  }

  @Post('alerts/:id/resolve')
  @RequirePermission('telemetry.admin')
  @HttpCode(200)
  resolve(@Param('id') id: string, @RequestCtx() ctx: OrchestrationContext) {
    return dataOf(this.facade.orchestrate(TELEMETRY_ORCHESTRATOR, ctx, { operation: 'resolve_alert', alertId: id }));
  }
}
