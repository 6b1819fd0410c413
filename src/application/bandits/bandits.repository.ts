import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { SQL_DATABASE, type SqlDatabase } from '../../core/ports/sql-database.port';
import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type {
  ClaimedDecision,
  DecisionRecord,
  DecisionTally,
  Db,
  KeyedAnswer,
  RewardRecord,
  RewardRow,
} from './bandits.records';

type Row = Readonly<Record<string, unknown>>;

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function rewardRow(r: Row): RewardRow {
  const row = {
    seq: Number(r.seq),
    x: json<number[]>(r.x),
    action: Number(r.action),
    reward: Number(r.reward),
    propensity: Number(r.propensity),
  };
  return r.decided_by === null ? row : { ...row, decidedBy: r.decided_by as AlgorithmName };
}

/** Serialises the reward inserts of instances sharing a database, so that a reward's seq order is its commit order. */
const REWARD_LOCK = 0x62616e64;

/** The SQL of the bandits' input log; every method takes the transaction to run in (default: none). */
@Injectable()
export class BanditsRepository {
  readonly db: Db;

  constructor(@Inject(SQL_DATABASE) database: SqlDatabase) {
    this.db = database.db;
  }

  /** Logs a decision; returns its seq, or undefined when the tenant already has a decision of that id. */
  async insertDecision(d: DecisionRecord, db: Db = this.db): Promise<number | undefined> {
    const row = await db
      .insertInto('bandit_decisions')
      .values({
        tenant_id: d.tenantId,
        decision_id: d.decisionId,
        domain: d.domain,
        algorithm: d.algorithm,
        action: d.action,
        x: JSON.stringify(d.x),
        propensity: d.propensity,
        decided_at: d.decidedAt,
        expires_at: d.expiresAt,
        answer: d.answer === undefined ? null : JSON.stringify(d.answer),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('seq')
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.seq);
  }

  /** What a keyed decision answered (undefined for an unkeyed or unknown one). */
  async keyedAnswer(tenantId: string, decisionId: string, db: Db = this.db): Promise<KeyedAnswer | undefined> {
    const row = await db
      .selectFrom('bandit_decisions')
      .select('answer')
      .where('tenant_id', '=', tenantId)
      .where('decision_id', '=', decisionId)
      .executeTakeFirst();
    const answer: unknown = row?.answer;
    return answer === null || answer === undefined
      ? undefined
      : ((typeof answer === 'string' ? JSON.parse(answer) : answer) as KeyedAnswer);
  }

  /** The domain of a decision, or of an answered one whose decision row is gone. */
  async domainOf(tenantId: string, decisionId: string, db: Db = this.db): Promise<string | undefined> {
    const decided = await db
      .selectFrom('bandit_decisions')
      .select('domain')
      .where('tenant_id', '=', tenantId)
      .where('decision_id', '=', decisionId)
      .executeTakeFirst();
    if (decided) return decided.domain as string;
    return (await this.answer(tenantId, decisionId, db))?.domain;
  }

  /** Marks an open (unanswered, unexpired) decision answered; undefined when there is none. */
  async claim(
    tenantId: string,
    decisionId: string,
    now: number,
    db: Db = this.db,
  ): Promise<ClaimedDecision | undefined> {
    const r = (await db
      .updateTable('bandit_decisions')
      .set({ answered: true })
      .where('tenant_id', '=', tenantId)
      .where('decision_id', '=', decisionId)
      .where('answered', '=', false)
      .where('expires_at', '>', now)
      .returning(['domain', 'algorithm', 'action', 'x', 'propensity'])
      .executeTakeFirst()) as Row | undefined;
    if (!r) return undefined;
    return {
      domain: r.domain as string,
      algorithm: r.algorithm as AlgorithmName,
      action: Number(r.action),
      x: json<number[]>(r.x),
      propensity: Number(r.propensity),
    };
  }

  /** Logs a reward; returns its seq, or undefined when the tenant already logged one under that key. */
  async insertReward(r: RewardRecord, db: Db = this.db): Promise<number | undefined> {
    const row = await db
      .insertInto('bandit_rewards')
      .values({
        tenant_id: r.tenantId,
        reward_key: r.key,
        domain: r.domain,
        x: JSON.stringify(r.x),
        action: r.action,
        reward: r.reward,
        propensity: r.propensity,
        decided_by: r.decidedBy ?? null,
        outcome: r.outcome === undefined ? null : JSON.stringify(r.outcome),
        at: r.at,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'reward_key']).doNothing())
      .returning('seq')
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.seq);
  }

  /** The reward a decision was answered with and the answer given. */
  async answer(
    tenantId: string,
    decisionId: string,
    db: Db = this.db,
  ): Promise<{ domain: string; reward: number; outcome: unknown } | undefined> {
    const r = await db
      .selectFrom('bandit_rewards')
      .select(['domain', 'reward', 'outcome'])
      .where('tenant_id', '=', tenantId)
      .where('reward_key', '=', decisionId)
      .where('outcome', 'is not', null)
      .executeTakeFirst();
    return r && { domain: r.domain as string, reward: Number(r.reward), outcome: json(r.outcome) };
  }

  /** Serialises reward inserts across instances until the transaction ends (shared database). */
  async lockRewards(db: Db): Promise<void> {
    await sql`select pg_advisory_xact_lock(${REWARD_LOCK})`.execute(db);
  }

  /** The domain's rewards after `seq`, in commit order. */
  async rewardsAfter(tenantId: string, domain: string, seq: number, db: Db = this.db): Promise<RewardRow[]> {
    const rows = await db
      .selectFrom('bandit_rewards')
      .select(['seq', 'x', 'action', 'reward', 'propensity', 'decided_by'])
      .where('tenant_id', '=', tenantId)
      .where('domain', '=', domain)
      .where('seq', '>', seq)
      .orderBy('seq')
      .execute();
    return rows.map(rewardRow);
  }

  /** The domain's newest `limit` answered decisions' rewards, oldest first (the off-policy log). */
  async newestAnswered(tenantId: string, domain: string, limit: number, db: Db = this.db): Promise<RewardRow[]> {
    const rows = await db
      .selectFrom('bandit_rewards')
      .select(['seq', 'x', 'action', 'reward', 'propensity', 'decided_by'])
      .where('tenant_id', '=', tenantId)
      .where('domain', '=', domain)
      .where('decided_by', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map(rewardRow).reverse();
  }

  /** The decisions of one algorithm of the domain after `seq` (up to `upTo`, when given). */
  async decisionsAfter(
    tenantId: string,
    domain: string,
    algorithm: AlgorithmName,
    seq: number,
    db: Db = this.db,
    upTo?: number,
  ): Promise<DecisionTally> {
    const below = upTo === undefined ? sql`` : sql`and seq <= ${upTo}`;
    const { rows } = await sql<Row>`select count(*) as n, max(seq) as last_seq,
        (array_agg(decided_at order by seq desc))[1] as last_at
      from bandit_decisions
      where tenant_id = ${tenantId} and domain = ${domain} and algorithm = ${algorithm} and seq > ${seq} ${below}`.execute(
      db,
    );
    const r = rows[0];
    return { count: Number(r.n), lastSeq: Number(r.last_seq ?? 0), lastAt: Number(r.last_at ?? 0) };
  }

  /** Records what the stored snapshots of a domain reflect. */
  async setMark(tenantId: string, domain: string, rewardSeq: number, decisionSeq: number): Promise<void> {
    await this.db
      .insertInto('bandit_marks')
      .values({ tenant_id: tenantId, domain, reward_seq: rewardSeq, decision_seq: decisionSeq })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'domain']).doUpdateSet({ reward_seq: rewardSeq, decision_seq: decisionSeq }),
      )
      .execute();
  }

  /** Forgets everything logged for a tenant's domain (it was replaced: its learners start fresh). */
  async reset(tenantId: string, domain: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of ['bandit_decisions', 'bandit_rewards', 'bandit_marks'])
        await trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('domain', '=', domain).execute();
    });
  }

  /**
   * Tenants and domains the stored snapshots lag behind: with rewards newer than their marks, or (given
   * `decidedBefore`) with decisions made before then that are newer than their marks.
   */
  async behind(decidedBefore?: number): Promise<{ tenantId: string; domain: string }[]> {
    const { rows } = await sql<Row>`select r.tenant_id, r.domain from bandit_rewards r
      left join bandit_marks m on m.tenant_id = r.tenant_id and m.domain = r.domain
      where r.seq > coalesce(m.reward_seq, 0)
      union select d.tenant_id, d.domain from bandit_decisions d
      left join bandit_marks m on m.tenant_id = d.tenant_id and m.domain = d.domain
      where d.decided_at < ${decidedBefore ?? null} and d.seq > coalesce(m.decision_seq, 0)
      order by tenant_id, domain`.execute(this.db);
    return rows.map((r) => ({ tenantId: r.tenant_id as string, domain: r.domain as string }));
  }

  /**
   * Deletes the rows retention lets go: expired decisions decided before `cutoff` that the stored snapshots have
   * counted, and rewards the stored snapshots reflect that are older than `cutoff` or beyond the newest `maxRows`.
   */
  async compact(now: number, cutoff: number, maxRows: number): Promise<{ decisions: number; rewards: number }> {
    const decisions = await sql`delete from bandit_decisions d
      where d.expires_at <= ${now} and d.decided_at < ${cutoff} and exists (select 1 from bandit_marks m
        where m.tenant_id = d.tenant_id and m.domain = d.domain and d.seq <= m.decision_seq)`.execute(this.db);
    const rewards = await sql`delete from bandit_rewards r using bandit_marks m
      where m.tenant_id = r.tenant_id and m.domain = r.domain and r.seq <= m.reward_seq
        and (r.at < ${cutoff}
          or r.seq <= (select seq from bandit_rewards order by seq desc offset ${maxRows} limit 1))`.execute(this.db);
    return { decisions: Number(decisions.numAffectedRows ?? 0), rewards: Number(rewards.numAffectedRows ?? 0) };
  }
}
