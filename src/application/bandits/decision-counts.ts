import { sql } from 'kysely';
import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type { Db } from './bandits.records';
import type { BanditsRepository } from './bandits.repository';
import type { DomainState } from './domain-state';

/*
 * The cluster's decision counters (durable scale-out mode). The decision rows are the truth: an algorithm's counters
 * count its logged decisions up to its decision mark (stored with the learner by the update consumer), and what an
 * instance shows adds the rows beyond the mark, read when shown. So every instance shows every committed decision
 * of the cluster once, also after a crash. The consumer folds those rows into the counters before it writes the
 * learners, up to the domain's horizon: read while no insert of the domain's decisions is under way (inserts hold
 * the domain's lock shared, the read holds it exclusively), so no decision at or below a mark commits later.
 */

/** With a tenant's domain (hashed), the lock that decision inserts hold shared and a horizon read exclusively. */
const DECISION_LOCK = 0x64656369;

const domainKey = (tenantId: string, domain: string) => `${tenantId}/${domain}`;

/** What a summary shows of one algorithm's decisions. */
export interface DecisionCount {
  readonly decisions: number;
  readonly lastDecisionAt: number | null;
}

/**
 * Holds the decision locks of the tenants' domains shared until the transaction `db` ends (shared database):
 * decision inserts run beside each other, never beside a horizon read of their domain.
 */
export async function shareDecisionLocks(
  db: Db,
  domains: readonly { readonly tenantId: string; readonly domain: string }[],
): Promise<void> {
  for (const key of [...new Set(domains.map((d) => domainKey(d.tenantId, d.domain)))].sort())
    await sql`select pg_advisory_xact_lock_shared(${DECISION_LOCK}, hashtext(${key}))`.execute(db);
}

/**
 * The domain's newest decision, read while no insert of its decisions is under way: every decision of the domain
 * up to it is committed (or never will be), and every later one gets a higher seq.
 */
export function decisionHorizon(db: Db, tenantId: string, domain: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${DECISION_LOCK}, hashtext(${domainKey(tenantId, domain)}))`.execute(trx);
    const { rows } = await sql<{ seq: unknown }>`select max(seq) as seq from bandit_decisions
      where tenant_id = ${tenantId} and domain = ${domain}`.execute(trx);
    return Number(rows[0]?.seq ?? 0);
  });
}

/** The least decision mark of the learners the consumer may write (not those of another build). */
export function leastDecisionMark(state: DomainState): number {
  const marks = state.domain.algorithms.filter((a) => !state.foreign.has(a)).map((a) => state.decisionMark(a));
  return marks.length === 0 ? 0 : Math.min(...marks);
}

/**
 * The update consumer: counts into each algorithm's counters its decisions logged after its mark up to the domain's
 * horizon, which becomes its mark.
 */
export async function foldDecisions(repository: BanditsRepository, state: DomainState): Promise<void> {
  const { tenantId, domain } = state;
  const horizon = await decisionHorizon(repository.db, tenantId, domain.name);
  for (const algorithm of domain.algorithms) {
    const mark = state.decisionMark(algorithm);
    if (state.foreign.has(algorithm) || horizon <= mark) continue;
    const tally = await repository.decisionsAfter(tenantId, domain.name, algorithm, mark, repository.db, horizon);
    // Re-read meanwhile (a newer stored learner): its own mark stands, and the next fold counts from there.
    if (state.decisionMark(algorithm) !== mark) continue;
    state.foldDecisions(algorithm, tally, horizon);
    // Active, so that it is written with its new mark (retention deletes only what every stored learner counts).
    state.learner(algorithm);
  }
}

/**
 * The decision counts to show for each algorithm of the domain. With `repository` (durable scale-out mode): the
 * counters plus the decisions logged beyond their marks, each counter taken with its mark before the read, so a
 * learner re-read meanwhile counts nothing twice. Without: the counters held here.
 */
export async function shownDecisions(
  state: DomainState,
  repository?: BanditsRepository,
): Promise<ReadonlyMap<AlgorithmName, DecisionCount>> {
  const held = state.domain.algorithms.map((algorithm) => {
    const { decisions, lastDecisionAt } = state.counter(algorithm);
    return { algorithm, decisions, lastDecisionAt, mark: state.decisionMark(algorithm) };
  });
  const shown = new Map<AlgorithmName, DecisionCount>();
  for (const { algorithm, decisions, lastDecisionAt, mark } of held) {
    const beyond = repository
      ? await repository.decisionsAfter(state.tenantId, state.domain.name, algorithm, mark)
      : { count: 0, lastAt: 0 };
    shown.set(
      algorithm,
      beyond.count === 0
        ? { decisions, lastDecisionAt }
        : { decisions: decisions + beyond.count, lastDecisionAt: beyond.lastAt },
    );
  }
  return shown;
}
