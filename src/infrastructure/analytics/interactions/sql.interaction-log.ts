import { Inject, Injectable, Logger } from '@nestjs/common';
import { GroupCommit } from '../../../core/persistence/group-commit';
import type {
  Interaction,
  InteractionLogPort,
  InteractionQuery,
  StoredInteraction,
} from '../../../core/ports/interaction-log.port';
import { SQL_DATABASE, type SqlDatabase } from '../../../core/ports/sql-database.port';
import { AnalyticsConfig } from '../analytics.config';
import { insertRows, interactionRow, storedInteraction } from './interaction-rows';
import { InteractionsMetrics } from './interactions.metrics';

type Row = Readonly<Record<string, unknown>>;
const TABLE = 'agent_interactions';

/**
 * The interaction log in the SQL store (the embedded database, or PostgreSQL in scale-out). `record` only queues
 * the interaction: queued ones are written by group commit, one multi-row INSERT per batch of up to
 * `analytics.interactionBatchSize`, one batch at a time in record order. A batch that fails is logged and counted,
 * never thrown back, and the next one goes on; past `analytics.interactionMaxPending` queued, new interactions are
 * dropped (counted, logged once per outage). Rows are never updated; the retention job deletes old ones.
 */
@Injectable()
export class SqlInteractionLog implements InteractionLogPort {
  private readonly logger = new Logger('Interactions');
  private readonly batches: GroupCommit<Row, void>;
  private dropping = false;

  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    private readonly config: AnalyticsConfig,
    private readonly metrics: InteractionsMetrics,
  ) {
    this.batches = new GroupCommit<Row, void>((rows) => this.write(rows), {
      maxItems: config.interactionBatchSize,
      lingerMs: config.interactionLingerMs,
    });
  }

  record(interaction: Interaction): void {
    if (this.batches.waiting >= this.config.interactionMaxPending) {
      this.metrics.dropped();
      if (!this.dropping)
        this.logger.warn({
          event: 'interactions_dropped',
          pending: this.batches.waiting,
          tenant_id: interaction.tenantId,
        });
      this.dropping = true;
      return;
    }
    this.dropping = false;
    // The row is made now: what the caller changes afterwards is not what it recorded.
    void this.batches.submit(interactionRow(interaction));
  }

  flush(): Promise<void> {
    return this.batches.flush();
  }

  async list(tenantId: string, q: InteractionQuery = {}): Promise<StoredInteraction[]> {
    let query = this.database.db.selectFrom(TABLE).selectAll().where('tenant_id', '=', tenantId);
    if (q.agent !== undefined) query = query.where('agent', '=', q.agent);
    if (q.taskType !== undefined) query = query.where('task_type', '=', q.taskType);
    if (q.since !== undefined) query = query.where('at', '>=', q.since);
    if (q.until !== undefined) query = query.where('at', '<', q.until);
    if (q.limit === undefined) {
      const rows = await query.orderBy('at').orderBy('seq').execute();
      return rows.map(storedInteraction);
    }
    // The newest `limit`, then oldest first.
    const rows = await query.orderBy('at', 'desc').orderBy('seq', 'desc').limit(q.limit).execute();
    return rows.reverse().map(storedInteraction);
  }

  async agents(tenantId: string, since?: number): Promise<string[]> {
    let query = this.database.db.selectFrom(TABLE).select('agent').distinct().where('tenant_id', '=', tenantId);
    if (since !== undefined) query = query.where('at', '>=', since);
    const rows = await query.orderBy('agent').execute();
    return rows.map((r) => String(r.agent));
  }

  /** Deletes the interactions of every tenant that ended before `before` (epoch ms); answers how many. */
  async purge(before: number): Promise<number> {
    const result = await this.database.db.deleteFrom(TABLE).where('at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** What the group commit wrote so far (batches and interactions). */
  get stats() {
    return this.batches.stats;
  }

  private async write(rows: readonly Row[]): Promise<void[]> {
    try {
      await insertRows(this.database.db, rows);
      this.metrics.written(rows.length);
    } catch (e) {
      this.metrics.failed(rows.length);
      this.logger.error({ event: 'interactions_batch_failed', interactions: rows.length, err: e });
    }
    return rows.map(() => undefined);
  }
}
