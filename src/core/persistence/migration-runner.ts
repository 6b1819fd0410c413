import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Migrator, type Migration, type MigrationResult } from 'kysely';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../ports/sql-database.port';
import { CORE_MIGRATIONS } from './core.migrations';
import { SqlMigrations } from './sql-migrations.decorator';

/** Merges migration sets; a name defined twice is a programming error. */
export function mergeMigrations(sets: readonly MigrationSet[]): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  for (const set of sets) {
    for (const [name, migration] of Object.entries(set)) {
      if (all[name]) throw new Error(`Migration "${name}" is defined twice`);
      all[name] = migration;
    }
  }
  return all;
}

/** Runs the kernel's and every `@SqlMigrations()` provider's migrations at module init (the boot fails on error). */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger(MigrationRunner.name);
  private applied: string[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
  ) {}

  async onModuleInit(): Promise<void> {
    const sets = [CORE_MIGRATIONS];
    for (const wrapper of this.discovery.getProviders({ metadataKey: SqlMigrations.KEY })) {
      const migrations = (wrapper.instance as { migrations?: MigrationSet } | undefined)?.migrations;
      if (!migrations)
        throw new Error(`${String(wrapper.name)} is marked @SqlMigrations() but has no migrations property`);
      sets.push(migrations);
    }
    const migrations = mergeMigrations(sets);
    const migrator = new Migrator({ db: this.database.db, provider: { getMigrations: async () => migrations } });
    const { error, results } = await migrator.migrateToLatest();
    const done = (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
    this.applied = done;
    if (error) {
      const failed = (results ?? []).find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`Database migration "${failed}" failed: ${messageOf(error)}`);
    }
    this.logger.log({
      event: 'migrations_applied',
      database: this.database.kind,
      applied: done,
      known: Object.keys(migrations).length,
    });
  }

  /** Names of the migrations this instance applied at boot (empty when another instance had applied them). */
  appliedAtBoot(): readonly string[] {
    return this.applied;
  }
}

/** The message of what a migration threw: an `Error` as a rule, else the value as a string. */
function messageOf(error: unknown): string {
  return (error as Error).message ?? String(error);
}
