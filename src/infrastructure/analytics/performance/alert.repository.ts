import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../../core/ports/sql-database.port';
import type { Alert, RuleState } from './alert-engine';
import type { AlertRule } from './alert-rules';

type Row = Readonly<Record<string, unknown>>;
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const toState = (row: Row): RuleState => ({
  ruleId: String(row.rule_id),
  state: row.state as RuleState['state'],
  since: num(row.since),
  lastTrueAt: num(row.last_true_at),
  lastFiredAt: num(row.last_fired_at),
  cooldownUntil: num(row.cooldown_until),
  value: num(row.value),
});

const toAlert = (row: Row): Alert => ({
  ...json<Alert>(row.body),
  resolvedAt: num(row.resolved_at),
  acknowledgedAt: num(row.acknowledged_at),
  acknowledgedBy: (row.acknowledged_by as string | null) ?? null,
});

/**
 * Alert rules a tenant added, each rule's state (pending, firing, resolved, with its times) and the alerts fired,
 * in the SQL store, so a restart resumes where the last evaluation left off. Every read and write names the tenant.
 */
@SqlMigrations()
@Injectable()
export class AlertRepository {
  readonly migrations: MigrationSet = {
    '2026_12_12_200_analytics_alerts': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('analytics_alert_rules')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('rule', 'jsonb', (c) => c.notNull())
          .addPrimaryKeyConstraint('analytics_alert_rules_pk', ['tenant_id', 'rule_id'])
          .execute();
        await db.schema
          .createTable('analytics_alert_states')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('since', 'bigint')
          .addColumn('last_true_at', 'bigint')
          .addColumn('last_fired_at', 'bigint')
          .addColumn('cooldown_until', 'bigint')
          .addColumn('value', 'double precision')
          .addPrimaryKeyConstraint('analytics_alert_states_pk', ['tenant_id', 'rule_id'])
          .execute();
        await db.schema
          .createTable('analytics_alerts')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('alert_id', 'text', (c) => c.notNull())
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('fired_at', 'bigint', (c) => c.notNull())
          .addColumn('resolved_at', 'bigint')
          .addColumn('acknowledged_at', 'bigint')
          .addColumn('acknowledged_by', 'text')
          .addColumn('body', 'jsonb', (c) => c.notNull())
          .addPrimaryKeyConstraint('analytics_alerts_pk', ['tenant_id', 'alert_id'])
          .execute();
        await db.schema
          .createIndex('analytics_alerts_tenant_fired')
          .on('analytics_alerts')
          .columns(['tenant_id', 'fired_at'])
          .execute();
      },
    },
  };

  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  private get db() {
    return this.database.db;
  }

  async rules(tenantId: string): Promise<AlertRule[]> {
    const rows = await this.db
      .selectFrom('analytics_alert_rules')
      .select('rule')
      .where('tenant_id', '=', tenantId)
      .orderBy('rule_id')
      .execute();
    return rows.map((r: Row) => json<AlertRule>(r.rule));
  }

  async putRule(tenantId: string, rule: AlertRule): Promise<void> {
    await this.db
      .insertInto('analytics_alert_rules')
      .values({ tenant_id: tenantId, rule_id: rule.id, rule: JSON.stringify(rule) })
      .onConflict((oc) => oc.columns(['tenant_id', 'rule_id']).doUpdateSet({ rule: JSON.stringify(rule) }))
      .execute();
  }

  async deleteRule(tenantId: string, ruleId: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('analytics_alert_rules')
      .where('tenant_id', '=', tenantId)
      .where('rule_id', '=', ruleId)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async states(tenantId: string): Promise<RuleState[]> {
    const rows = await this.db
      .selectFrom('analytics_alert_states')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('rule_id')
      .execute();
    return rows.map(toState);
  }

  /** Stores the states, the alerts fired and the resolutions of one evaluation in one transaction. */
  async saveEvaluation(
    tenantId: string,
    states: readonly RuleState[],
    fired: readonly Alert[],
    resolved: readonly { ruleId: string; at: number }[],
    historyCap: number,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const s of states) {
        const values = {
          state: s.state,
          since: s.since,
          last_true_at: s.lastTrueAt,
          last_fired_at: s.lastFiredAt,
          cooldown_until: s.cooldownUntil,
          value: s.value,
        };
        await trx
          .insertInto('analytics_alert_states')
          .values({ tenant_id: tenantId, rule_id: s.ruleId, ...values })
          .onConflict((oc) => oc.columns(['tenant_id', 'rule_id']).doUpdateSet(values))
          .execute();
      }
      for (const r of resolved)
        await trx
          .updateTable('analytics_alerts')
          .set({ resolved_at: r.at })
          .where('tenant_id', '=', tenantId)
          .where('rule_id', '=', r.ruleId)
          .where('resolved_at', 'is', null)
          .execute();
      for (const a of fired)
        await trx
          .insertInto('analytics_alerts')
          .values({
            tenant_id: tenantId,
            alert_id: a.id,
            rule_id: a.ruleId,
            severity: a.severity,
            fired_at: a.firedAt,
            body: JSON.stringify(a),
          })
          .execute();
      if (fired.length > 0) {
        // The newest `historyCap` alerts stay; older ones go.
        await trx
          .deleteFrom('analytics_alerts')
          .where('tenant_id', '=', tenantId)
          .where(
            'alert_id',
            'not in',
            trx
              .selectFrom('analytics_alerts')
              .select('alert_id')
              .where('tenant_id', '=', tenantId)
              .orderBy('fired_at', 'desc')
              .orderBy('alert_id', 'desc')
              .limit(historyCap),
          )
          .execute();
      }
    });
  }

  /** The tenant's alerts, newest first. */
  async alerts(tenantId: string, limit: number, since?: number): Promise<Alert[]> {
    let q = this.db.selectFrom('analytics_alerts').selectAll().where('tenant_id', '=', tenantId);
    if (since !== undefined) q = q.where('fired_at', '>=', since);
    const rows = await q.orderBy('fired_at', 'desc').orderBy('alert_id', 'desc').limit(limit).execute();
    return rows.map(toAlert);
  }

  async countAlerts(tenantId: string): Promise<number> {
    const row = await this.db
      .selectFrom('analytics_alerts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Marks an alert acknowledged; undefined when the tenant has no such alert. */
  async acknowledge(tenantId: string, alertId: string, by: string, at: number): Promise<Alert | undefined> {
    await this.db
      .updateTable('analytics_alerts')
      .set({ acknowledged_at: at, acknowledged_by: by })
      .where('tenant_id', '=', tenantId)
      .where('alert_id', '=', alertId)
      .where('acknowledged_at', 'is', null)
      .execute();
    const row = await this.db
      .selectFrom('analytics_alerts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('alert_id', '=', alertId)
      .executeTakeFirst();
    return row ? toAlert(row) : undefined;
  }
}
