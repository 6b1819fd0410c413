import { Controller, Get } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { lazyPort, type LazyPort } from '../core/lazy/lazy-port';
import { SQL_DATABASE, type SqlDatabase } from '../core/ports/sql-database.port';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { OrchestrationFacade } from '../core/facade/orchestration.facade';
import { REDIS_CONNECTION, type RedisConnection } from '../core/queue/redis/redis-connection';
import { withTimeout } from '../core/runtime/with-timeout';
import { PublicRoute } from '../core/security/permissions';

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
  @PublicRoute()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    const checks = [() => this.orchestrators(), () => this.sql()];
    if (this.redis.tryGet()) checks.push(() => this.redisCheck());
    return this.health.check(checks);
  }

  private async sql(): Promise<HealthIndicatorResult> {
    const database = this.database.tryGet();
    if (!database) return this.indicators.check('database').up({ configured: false });
    return this.ping('database', () => database.ping(), { kind: database.kind });
  }

  private redisCheck(): Promise<HealthIndicatorResult> {
    const redis = this.redis.tryGet()!;
    return this.ping(
      'redis',
      () => redis.client.ping(),
      {},
      () => ({ connection: redis.client.status }),
    );
  }

  /** Up with the round-trip latency, or down with the error (also when no answer comes within 2 s). */
  private async ping(
    key: string,
    call: () => Promise<unknown>,
    fields: Record<string, unknown>,
    downFields: () => Record<string, unknown> = () => ({}),
  ): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    const started = performance.now();
    try {
      await withTimeout(call(), PING_TIMEOUT_MS);
      return session.up({ ...fields, latencyMs: Math.round((performance.now() - started) * 100) / 100 });
    } catch (e) {
      return session.down({ ...fields, ...downFields(), error: (e as Error).message });
    }
  }

  private async orchestrators(): Promise<HealthIndicatorResult> {
    const reports = await this.facade.health();
    const unhealthy = Object.entries(reports)
      .filter(([, r]) => !r.healthy)
      .map(([name]) => name);
    const session = this.indicators.check('orchestrators');
    const data = { registered: this.facade.list().length, checks: reports };
    return unhealthy.length === 0 ? session.up(data) : session.down({ ...data, unhealthy });
  }
}
