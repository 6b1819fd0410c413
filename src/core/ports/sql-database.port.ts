import type { Kysely, Migration } from 'kysely';

/**
 * The one SQL layer features build their repositories on: a Kysely instance over the embedded database
 * (PGlite, the default) or PostgreSQL, with the same dialect and the same migrations on both.
 */
export interface SqlDatabase {
  readonly kind: 'pglite' | 'postgres';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  /** A cheap round trip (`select 1`), for health checks. */
  ping(): Promise<void>;
}

export const SQL_DATABASE = Symbol('SQL_DATABASE');

/** Migrations a feature contributes, by name; names sort in the order they must run (prefix them with a date). */
export type MigrationSet = Readonly<Record<string, Migration>>;
