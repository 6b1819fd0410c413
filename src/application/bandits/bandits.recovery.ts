import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type { DecisionTally, Db, RewardRow } from './bandits.records';
import type { BanditsRepository } from './bandits.repository';
import type { DomainState } from './domain-state';

/** What a state lacks after its snapshots were restored, read from the log. */
export interface Recovery {
  /** Rewards newer than the least learner mark, in commit order. */
  readonly rewards: readonly RewardRow[];
  /** The newest answered decisions' rewards (the off-policy log), oldest first. */
  readonly answered: readonly RewardRow[];
  /** Per algorithm, its decisions newer than its mark (absent in scale-out mode: they are added when shown). */
  readonly decisions?: ReadonlyMap<AlgorithmName, DecisionTally>;
}

/** What replaying one reward did. */
export interface Replayed {
  /** The learners that took it (the others already reflected it). */
  readonly learnt: readonly AlgorithmName[];
  /** The deciding algorithm's counters took it. */
  readonly counted: boolean;
}

/** The learners replay may change: not those whose stored state belongs to another build. */
function replayable(state: DomainState): AlgorithmName[] {
  return state.domain.algorithms.filter((a) => !state.foreign.has(a));
}

/** The least reward mark of the learners replay may change. */
export function leastRewardMark(state: DomainState): number {
  const marks = replayable(state).map((a) => state.rewardMark(a));
  return marks.length === 0 ? 0 : Math.min(...marks);
}

/** Reads, in one transaction, what `state` lacks. */
export async function readRecovery(
  repository: BanditsRepository,
  db: Db,
  state: DomainState,
  withDecisions: boolean,
): Promise<Recovery> {
  const { tenantId, domain } = state;
  const rewards = await repository.rewardsAfter(tenantId, domain.name, leastRewardMark(state), db);
  const answered = await repository.newestAnswered(tenantId, domain.name, state.events.capacity, db);
  if (!withDecisions) return { rewards, answered };
  const decisions = new Map<AlgorithmName, DecisionTally>();
  for (const a of replayable(state))
    decisions.set(a, await repository.decisionsAfter(tenantId, domain.name, a, state.decisionMark(a), db));
  return { rewards, answered, decisions };
}

/**
 * Applies one logged reward to every learner that does not reflect it yet, and to the deciding algorithm's
 * counters when those do not; a reward whose shape is not the domain's (logged for a definition since replaced)
 * is skipped.
 */
export function replayReward(state: DomainState, row: RewardRow): Replayed {
  const { domain } = state;
  if (row.x.length !== domain.dimension || row.action >= domain.actions.length) return { learnt: [], counted: false };
  const by = row.decidedBy;
  const counted = by !== undefined && !state.foreign.has(by) && row.seq > state.rewardMark(by);
  const learnt: AlgorithmName[] = [];
  for (const a of replayable(state)) {
    if (row.seq <= state.rewardMark(a)) continue;
    state.learner(a).update(row.x, row.action, row.reward, row.propensity);
    state.setRewardMark(a, row.seq);
    learnt.push(a);
  }
  if (counted) {
    const c = state.counter(by);
    c.feedbacks++;
    c.rewardSum += row.reward;
  }
  return { learnt, counted };
}

/** Appends a logged answered decision to the off-policy log unless it is there already. */
export function logAnswered(state: DomainState, row: RewardRow): void {
  if (row.decidedBy === undefined || row.seq <= state.eventSeq) return;
  state.events.push({
    x: row.x,
    action: row.action,
    reward: row.reward,
    propensity: row.propensity,
    algorithm: row.decidedBy,
  });
  state.eventSeq = row.seq;
}

/**
 * Brings restored learners and counters up to the log: every reward they lack, in commit order (each counts towards
 * the next snapshot), the off-policy log rebuilt from the newest answered decisions, and the decisions each
 * algorithm's counters lack.
 */
export function recover(state: DomainState, recovery: Recovery): void {
  for (const row of recovery.answered) logAnswered(state, row);
  for (const row of recovery.rewards) for (const a of replayReward(state, row).learnt) state.counter(a).sinceSnapshot++;
  if (!recovery.decisions) return;
  let newest = 0;
  for (const [a, tally] of recovery.decisions) {
    newest = Math.max(newest, state.decisionMark(a), tally.lastSeq);
    if (tally.count === 0) continue;
    state.countDecisions(a, tally.count, tally.lastSeq, tally.lastAt);
    // A decision made the learner active; so does counting it.
    state.learner(a);
  }
  state.decisionSeq = Math.max(state.decisionSeq, newest);
}
