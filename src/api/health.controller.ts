import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { OrchestrationFacade } from '../core/facade/orchestration.facade';

/** `GET /health`: up while every orchestrator that has a health check reports healthy (503 otherwise). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly facade: OrchestrationFacade,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.orchestrators()]);
  }

  private async orchestrators(): Promise<HealthIndicatorResult> {
    const reports = await this.facade.health();
    const unhealthy = Object.entries(reports).filter(([, r]) => !r.healthy).map(([name]) => name);
    const session = this.indicators.check('orchestrators');
    const data = { registered: this.facade.list().length, checks: reports };
    return unhealthy.length === 0 ? session.up(data) : session.down({ ...data, unhealthy });
  }
}
