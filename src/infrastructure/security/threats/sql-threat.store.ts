import type { Kysely } from 'kysely';
import type { ThreatQuery, ThreatStore } from './threat.store';
import type { SecurityThreat } from './threat.types';

const TABLE = 'security_threats';

/**
 * Threats in the `security_threats` table (embedded database or PostgreSQL), shared by every instance on the
 * database: a threat mitigated or resolved on one is read as such by the others. Bounded: every
 * `maxThreats / 10` saves (on this instance) the table is cut back to the `maxThreats` newest threats, so it
 * exceeds the bound by at most a tenth per instance.
 */
export class SqlThreatStore implements ThreatStore {
  private readonly trimEvery: number;
  private saves = 0;

  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly db: Kysely<any>,
    private readonly maxThreats = 10_000,
  ) {
    this.trimEvery = Math.max(1, Math.ceil(maxThreats / 10));
  }

  async save(threat: SecurityThreat): Promise<void> {
    const row = {
      threat_id: threat.threatId,
      tenant_id: threat.tenantId ?? null,
      status: threat.status,
      detected_at: Date.parse(threat.timestamp),
      body: JSON.stringify(threat),
    };
    await this.db
      .insertInto(TABLE)
      .values(row)
      .onConflict((oc) =>
        oc.column('threat_id').doUpdateSet({ tenant_id: row.tenant_id, status: row.status, body: row.body }),
      )
      .execute();
    if (++this.saves % this.trimEvery === 0) await this.deleteBeyond(this.maxThreats);
  }

  async get(threatId: string): Promise<SecurityThreat | undefined> {
    const row = await this.db.selectFrom(TABLE).select('body').where('threat_id', '=', threatId).executeTakeFirst();
    return row ? (JSON.parse(row.body as string) as SecurityThreat) : undefined;
  }

  async list(query: ThreatQuery): Promise<SecurityThreat[]> {
    if (query.statuses?.length === 0) return [];
    let q = this.db.selectFrom(TABLE).select('body');
    if ('tenantId' in query.scope) q = q.where('tenant_id', '=', query.scope.tenantId);
    if (query.statuses) q = q.where('status', 'in', [...query.statuses]);
    q = q.orderBy('detected_at', 'desc').orderBy('seq', 'desc');
    if (query.limit !== undefined) q = q.limit(query.limit);
    const rows = (await q.execute()) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as SecurityThreat);
  }

  async deleteDetectedBefore(cutoff: number): Promise<number> {
    const result = await this.db.deleteFrom(TABLE).where('detected_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteBeyond(keep: number): Promise<number> {
    const first = await this.db
      .selectFrom(TABLE)
      .select(['detected_at', 'seq'])
      .orderBy('detected_at', 'desc')
      .orderBy('seq', 'desc')
      .offset(keep)
      .limit(1)
      .executeTakeFirst();
    if (!first) return 0;
    const result = await this.db
      .deleteFrom(TABLE)
      .where((eb) =>
        eb.or([
          eb('detected_at', '<', first.detected_at),
          eb.and([eb('detected_at', '=', first.detected_at), eb('seq', '<=', first.seq)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
