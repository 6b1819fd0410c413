import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../core/ports/sql-database.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { BreakerState } from './circuit-breaker';
import { ResilienceConfig } from './resilience.config';
import { ResilienceService } from './resilience.service';
import type { BreakerEvent } from './resilience.types';

/**
 * Snapshots each breaker's state to `resilience_breakers` on every transition and restores open ones at boot,
 * so a restarted instance does not hammer a dependency that was down: a breaker that opened less than
 * `breakerRecoveryTimeoutMs` ago comes back open for the rest of that time, an older one comes back half-open.
 * Breakers are instance infrastructure, not tenant data: rows are keyed by service only.
 */
@SqlMigrations()
@Injectable()
export class BreakerPersistence implements OnApplicationBootstrap {
  private readonly logger = new Logger(BreakerPersistence.name);
  private writes: Promise<unknown> = Promise.resolve();

  readonly migrations: MigrationSet = {
    '2026_11_24_100_resilience_breakers': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('resilience_breakers')
          .addColumn('service', 'text', (c) => c.primaryKey())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('opened_at', 'bigint')
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
  };

  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly resilience: ResilienceService,
    private readonly config: ResilienceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.persistBreakers) return;
    const rows = await this.database.db
      .selectFrom('resilience_breakers')
      .select(['service', 'state', 'opened_at'])
      .where('state', '!=', BreakerState.Closed)
      .execute();
    for (const row of rows)
      this.resilience.breaker(row.service as string).forceOpen(Number(row.opened_at ?? this.clock.now()), 'restored');
    if (rows.length > 0)
      this.logger.log({ event: 'breakers_restored', services: rows.map((r) => r.service as string) });
    this.resilience.onBreakerTransition((event) => this.save(event));
  }

  /** Resolves when every snapshot written so far has landed (tests, shutdown). */
  flush(): Promise<unknown> {
    return this.writes;
  }

  private save(event: BreakerEvent): void {
    const breaker = this.resilience.findBreaker(event.service);
    const row = {
      service: event.service,
      state: event.to,
      opened_at: breaker?.openedSince ?? null,
      updated_at: event.at,
    };
    this.writes = this.writes
      .then(() =>
        this.database.db
          .insertInto('resilience_breakers')
          .values(row)
          .onConflict((oc) =>
            oc
              .column('service')
              .doUpdateSet({ state: row.state, opened_at: row.opened_at, updated_at: row.updated_at }),
          )
          .execute(),
      )
      .catch((e: unknown) =>
        this.logger.warn({ event: 'breaker_snapshot_failed', service: event.service, err: (e as Error).message }),
      );
  }
}
