import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { lazyPort, type LazyPort } from '../core/lazy/lazy-port';
import { SQL_DATABASE, type SqlDatabase } from '../core/ports/sql-database.port';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { OrchestrationFacade } from '../core/facade/orchestration.facade';
import { REDIS_CONNECTION, type RedisConnection } from '../core/queue/redis/redis-connection';
import { withTimeout } from '../core/runtime/with-timeout';

/** A store that does not answer within this is reported down (the health endpoint itself must answer). */
const PING_TIMEOUT_MS = 2000;

/**
 * `GET /health`: up while the database (and Redis, when `REDIS_URL` is set) answers and every orchestrator that has a health check reports healthy
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
    this.redis = lazyPort(moduleRef, REDIS_CONNECTION);
  }

  private readonly database: LazyPort<SqlDatabase>;
  private readonly redis: LazyPort<RedisConnection | null>;

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    const checks = [() => this.orchestrators(), () => this.sql()];
    if (this.redis.tryGet()) checks.push(() => this.redisCheck());
    return this.health.check(checks);
  }

  private async sql(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('database');
    const database = this.database.tryGet();
    if (!database) return session.up({ configured: false });
    const started = performance.now();
    try {
      await withTimeout(database.ping(), PING_TIMEOUT_MS);
      return session.up({ kind: database.kind, latencyMs: Math.round((performance.now() - started) * 100) / 100 });
    } catch (e) {
      return session.down({ kind: database.kind, error: (e as Error).message });
    }
  }

  private async redisCheck(): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('redis');
    const redis = this.redis.tryGet()!;
    const started = performance.now();
    try {
      await redis.ping(PING_TIMEOUT_MS);
      return session.up({ latencyMs: Math.round((performance.now() - started) * 100) / 100 });
    } catch (e) {
      return session.down({ connection: redis.client.status, error: (e as Error).message });
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
