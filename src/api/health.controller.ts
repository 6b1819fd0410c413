import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { lazyPort, type LazyPort } from '../core/lazy/lazy-port';
import { SQL_DATABASE, type SqlDatabase } from '../core/ports/sql-database.port';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { OrchestrationFacade } from '../core/facade/orchestration.facade';

/**
 * `GET /health`: up while the database answers and every orchestrator that has a health check reports healthy
 * (503 otherwise).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly facade: OrchestrationFacade,
    moduleRef: ModuleRef,
  ) {
    this.database = lazyPort(moduleRef, SQL_DATABASE);
  }

  private readonly database: LazyPort<SqlDatabase>;

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.orchestrators(), () => this.sql()]);
  }

  private async sql(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('database');
    const database = this.database.tryGet();
    if (!database) return session.up({ configured: false });
    const started = performance.now();
    try {
      await database.ping();
      return session.up({ kind: database.kind, latencyMs: Math.round((performance.now() - started) * 100) / 100 });
    } catch (e) {
      return session.down({ kind: database.kind, error: (e as Error).message });
    }
  }

  private async orchestrators(): Promise<HealthIndicatorResult> {
    const reports = await this.facade.health();
    const unhealthy = Object.entries(reports).filter(([, r]) => !r.healthy).map(([name]) => name);
    const session = this.indicators.check('orchestrators');
    const data = { registered: this.facade.list().length, checks: reports };
    return unhealthy.length === 0 ? session.up(data) : session.down({ ...data, unhealthy });
  }
}
