import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '../../../core/ports/sql-database.port';
import type { MonitoringStore, TenantScope } from '../monitoring.store';
import type { CheckRecord, Creator, FeedItem, SeenItem, Source, SourceState } from '../monitoring.types';
import {
  checkRow,
  creatorRow,
  itemRow,
  sourceChanges,
  sourceRow,
  stateRow,
  toCheck,
  toCreator,
  toSeenItem,
  toSource,
  toState,
} from './monitoring-rows';

const STATE_COLUMNS = [
  'tenant_id',
  'source_id',
  'etag',
  'last_modified',
  'next_check_at',
  'last_check_at',
  'last_success_at',
  'last_error',
  'consecutive_errors',
  'backoff_until',
  'current_interval_seconds',
  'websub',
] as const;

/**
 * {@link MonitoringStore} on the SQL store (the embedded database, or PostgreSQL in scale-out). Every read and write
 * is by tenant, except the scheduler's queries over every tenant (`dueSources`, `itemsWithoutRun`, `purgeChecks`).
 * Deleting a creator or a source deletes what hangs from it in one transaction. `recordItems` relies on the
 * items' primary key (tenant, source, item id): an insert that conflicts does nothing and returns nothing, so of
 * two instances recording the same item exactly one gets it back as new.
 */
@Injectable()
export class SqlMonitoringStore implements MonitoringStore {
  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  private get db() {
    return this.database.db;
  }

  async putCreator(creator: Creator): Promise<void> {
    const row = creatorRow(creator);
    await this.db
      .insertInto('monitoring_creators')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'creator_id']).doUpdateSet({
          workspace_id: row.workspace_id,
          name: row.name,
          tier: row.tier,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async getCreator(scope: TenantScope, creatorId: string): Promise<Creator | undefined> {
    const row = await this.db
      .selectFrom('monitoring_creators')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('creator_id', '=', creatorId)
      .executeTakeFirst();
    return row ? toCreator(row) : undefined;
  }

  async listCreators(scope: TenantScope): Promise<Creator[]> {
    const rows = await this.db
      .selectFrom('monitoring_creators')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('creator_id')
      .execute();
    return rows.map(toCreator);
  }

  async deleteCreator(scope: TenantScope, creatorId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const sources = await trx
        .selectFrom('monitoring_sources')
        .select('source_id')
        .where('tenant_id', '=', scope.tenantId)
        .where('creator_id', '=', creatorId)
        .execute();
      const ids = sources.map((s) => String(s.source_id));
      if (ids.length > 0)
        for (const table of ['monitoring_checks', 'monitoring_items', 'monitoring_source_state', 'monitoring_sources'])
          await trx.deleteFrom(table).where('tenant_id', '=', scope.tenantId).where('source_id', 'in', ids).execute();
      const deleted = await trx
        .deleteFrom('monitoring_creators')
        .where('tenant_id', '=', scope.tenantId)
        .where('creator_id', '=', creatorId)
        .executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1;
    });
  }

  async insertSource(source: Source, state: SourceState): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('monitoring_sources')
        .values(sourceRow(source))
        .onConflict((oc) => oc.doNothing())
        .returning('source_id')
        .execute();
      if (inserted.length === 0) return false;
      await trx.insertInto('monitoring_source_state').values(stateRow(state)).execute();
      return true;
    });
  }

  async updateSource(source: Source): Promise<void> {
    await this.db
      .updateTable('monitoring_sources')
      .set(sourceChanges(source))
      .where('tenant_id', '=', source.tenantId)
      .where('source_id', '=', source.id)
      .execute();
  }

  async getSource(scope: TenantScope, sourceId: string): Promise<Source | undefined> {
    const row = await this.db
      .selectFrom('monitoring_sources')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('source_id', '=', sourceId)
      .executeTakeFirst();
    return row ? toSource(row) : undefined;
  }

  async listSources(scope: TenantScope, creatorId?: string): Promise<Source[]> {
    let q = this.db.selectFrom('monitoring_sources').selectAll().where('tenant_id', '=', scope.tenantId);
    if (creatorId !== undefined) q = q.where('creator_id', '=', creatorId);
    const rows = await q.orderBy('creator_id').orderBy('platform').orderBy('locator').execute();
    return rows.map(toSource);
  }

  async deleteSource(scope: TenantScope, sourceId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      for (const table of ['monitoring_checks', 'monitoring_items', 'monitoring_source_state'])
        await trx.deleteFrom(table).where('tenant_id', '=', scope.tenantId).where('source_id', '=', sourceId).execute();
      const deleted = await trx
        .deleteFrom('monitoring_sources')
        .where('tenant_id', '=', scope.tenantId)
        .where('source_id', '=', sourceId)
        .executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1;
    });
  }

  async getState(scope: TenantScope, sourceId: string): Promise<SourceState | undefined> {
    const row = await this.db
      .selectFrom('monitoring_source_state')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('source_id', '=', sourceId)
      .executeTakeFirst();
    return row ? toState(row) : undefined;
  }

  async saveState(state: SourceState): Promise<void> {
    const { tenant_id: _t, source_id: _s, ...changes } = stateRow(state);
    await this.db
      .insertInto('monitoring_source_state')
      .values(stateRow(state))
      .onConflict((oc) => oc.columns(['tenant_id', 'source_id']).doUpdateSet(changes))
      .execute();
  }

  async dueSources(now: number, limit: number): Promise<{ source: Source; state: SourceState }[]> {
    const rows = await this.db
      .selectFrom('monitoring_source_state as st')
      .innerJoin('monitoring_sources as s', (j) =>
        j.onRef('s.tenant_id', '=', 'st.tenant_id').onRef('s.source_id', '=', 'st.source_id'),
      )
      .selectAll('s')
      .select(STATE_COLUMNS.map((c) => `st.${c} as st_${c}`))
      .where('st.next_check_at', '<=', now)
      .where('s.enabled', '=', true)
      .orderBy('st.next_check_at')
      .orderBy('s.priority')
      .orderBy('s.tenant_id')
      .orderBy('s.source_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ source: toSource(r), state: toState(r, 'st_') }));
  }

  async recordItems(scope: TenantScope, sourceId: string, items: readonly FeedItem[], at: number): Promise<SeenItem[]> {
    // A feed listing one id twice: the first entry counts.
    const ids = new Set<string>();
    const firsts = items.filter((i) => !ids.has(i.id) && Boolean(ids.add(i.id)));
    if (firsts.length === 0) return [];
    const inserted = await this.db
      .insertInto('monitoring_items')
      .values(firsts.map((i) => itemRow(scope.tenantId, sourceId, i, at)))
      .onConflict((oc) => oc.columns(['tenant_id', 'source_id', 'item_id']).doNothing())
      .returning('item_id')
      .execute();
    const fresh = new Set(inserted.map((r) => String(r.item_id)));
    return firsts
      .filter((i) => fresh.has(i.id))
      .map((i) => ({ ...i, tenantId: scope.tenantId, sourceId, firstSeenAt: at, runId: null }));
  }

  async recentItems(scope: TenantScope, sourceId: string, limit: number): Promise<SeenItem[]> {
    // One check's items share their first-seen time and were recorded newest first, in `seq` order.
    const rows = await this.db
      .selectFrom('monitoring_items')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('source_id', '=', sourceId)
      .orderBy('first_seen_at', 'desc')
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toSeenItem);
  }

  async itemsWithoutRun(limit: number): Promise<SeenItem[]> {
    const rows = await this.db
      .selectFrom('monitoring_items')
      .selectAll()
      .where('run_id', 'is', null)
      .orderBy('first_seen_at')
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toSeenItem);
  }

  async linkRun(scope: TenantScope, sourceId: string, itemId: string, runId: string): Promise<void> {
    await this.db
      .updateTable('monitoring_items')
      .set({ run_id: runId })
      .where('tenant_id', '=', scope.tenantId)
      .where('source_id', '=', sourceId)
      .where('item_id', '=', itemId)
      .execute();
  }

  async appendCheck(record: CheckRecord): Promise<void> {
    await this.db.insertInto('monitoring_checks').values(checkRow(record)).execute();
  }

  async checksSince(scope: TenantScope, sourceId: string, since: number): Promise<CheckRecord[]> {
    const rows = await this.db
      .selectFrom('monitoring_checks')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('source_id', '=', sourceId)
      .where('at', '>=', since)
      .orderBy('at')
      .orderBy('seq')
      .execute();
    return rows.map(toCheck);
  }

  async purgeChecks(before: number): Promise<number> {
    const result = await this.db.deleteFrom('monitoring_checks').where('at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
