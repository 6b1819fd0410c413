import { sql, type Kysely } from 'kysely';
import type { Clock } from '../runtime/clock';
import type { KeyScope, KeyValueStore } from '../ports/key-value.port';

/** {@link KeyValueStore} on the `kv_entries` table; expiry is compared with the injected clock. */
export class SqlKeyValueStore implements KeyValueStore {
  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
  ) {}

  async get<T = unknown>(scope: KeyScope, key: string): Promise<T | undefined> {
    const row = await this.db
      .selectFrom('kv_entries')
      .select('value')
      .where('tenant_id', '=', scope.tenantId)
      .where('namespace', '=', scope.namespace)
      .where('key', '=', key)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', this.clock.now())]))
      .executeTakeFirst();
    return row ? (row.value as T) : undefined;
  }

  async set(scope: KeyScope, key: string, value: unknown, ttlMs?: number): Promise<void> {
    const row = this.row(scope, key, value, ttlMs);
    await this.db
      .insertInto('kv_entries')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'namespace', 'key']).doUpdateSet({ value: row.value, expires_at: row.expires_at }),
      )
      .execute();
  }

  async setIfAbsent(scope: KeyScope, key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    const row = this.row(scope, key, value, ttlMs);
    // Replaces an expired entry; leaves a live one alone. RETURNING tells which happened.
    const result = await this.db
      .insertInto('kv_entries')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'namespace', 'key'])
          .doUpdateSet({ value: row.value, expires_at: row.expires_at })
          .where('kv_entries.expires_at', 'is not', null)
          .where('kv_entries.expires_at', '<=', this.clock.now()),
      )
      .returning('key')
      .executeTakeFirst();
    return result !== undefined;
  }

  async increment(scope: KeyScope, key: string, by = 1, ttlMs?: number): Promise<number> {
    const now = this.clock.now();
    const row = this.row(scope, key, by, ttlMs);
    const result = await this.db
      .insertInto('kv_entries')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'namespace', 'key']).doUpdateSet({
          // An expired counter starts again from `by` with a fresh expiry.
          value: sql`case when kv_entries.expires_at is not null and kv_entries.expires_at <= ${now}
                          then to_jsonb(${by}::numeric)
                          else to_jsonb((kv_entries.value #>> '{}')::numeric + ${by}) end`,
          expires_at: sql`case when kv_entries.expires_at is not null and kv_entries.expires_at <= ${now}
                               then excluded.expires_at else kv_entries.expires_at end`,
        }),
      )
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(result.value);
  }

  async delete(scope: KeyScope, key: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('kv_entries')
      .where('tenant_id', '=', scope.tenantId)
      .where('namespace', '=', scope.namespace)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom('kv_entries')
      .where('expires_at', '<=', this.clock.now())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private row(scope: KeyScope, key: string, value: unknown, ttlMs?: number) {
    if (!scope.tenantId || !scope.namespace) throw new Error('A key-value scope needs a tenantId and a namespace');
    if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0))
      throw new Error(`ttlMs must be a positive number, got ${ttlMs}`);
    return {
      tenant_id: scope.tenantId,
      namespace: scope.namespace,
      key,
      value: JSON.stringify(value === undefined ? null : value),
      expires_at: ttlMs === undefined ? null : this.clock.now() + ttlMs,
    };
  }
}
