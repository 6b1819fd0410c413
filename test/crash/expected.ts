import { learnerKey, type ClientLog } from './client-log';
import type { FeedbackType } from './writes';

/** Count and sum of the rewards of one component or learner. */
export interface Tally {
  count: number;
  sum: number;
}

/** The derived state a replay of the acknowledged writes gives, per tenant. */
export interface ExpectedTenant {
  /** Distinct acknowledged signal ids. */
  signals: number;
  /** Per `type/id` (the health report's key). */
  readonly components: Map<string, Tally>;
  /** Per type, then per component id (the learning report's shape). */
  readonly learning: Record<FeedbackType, Map<string, number>>;
}

export interface ExpectedLearner {
  /** Acknowledged decisions per server (the one that made it counts it). */
  readonly decisions: number[];
  /** Decide attempts with no answer per server: each may have made a decision (the check's upper bound). */
  readonly uncertainDecisions: number[];
  /** Rewards acknowledged for the learner's decisions. */
  readonly rewards: Tally;
  /** Rewards refused after an attempt that may have been applied: each may count (the upper bound). */
  uncertainRewards: number;
}

export interface Expected {
  readonly tenants: Map<string, ExpectedTenant>;
  /** Per {@link learnerKey}. */
  readonly learners: Map<string, ExpectedLearner>;
}

function tally(map: Map<string, Tally>, key: string, reward: number): void {
  const t = map.get(key) ?? { count: 0, sum: 0 };
  t.count++;
  t.sum += reward;
  map.set(key, t);
}

/**
 * Replays the acknowledged writes of `log` into the state the service must show: each signal id once per tenant
 * (an id acknowledged twice is one signal), every acknowledged decision and reward once.
 */
export function expectedState(
  log: ClientLog,
  tenants: readonly string[],
  learners: readonly { tenant: string; domain: string; algorithm: string }[],
  servers: number,
): Expected {
  const byTenant = new Map<string, ExpectedTenant>();
  for (const t of tenants)
    byTenant.set(t, { signals: 0, components: new Map(), learning: { tool: new Map(), agent: new Map() } });
  const byLearner = new Map<string, ExpectedLearner>();
  for (const l of learners)
    byLearner.set(learnerKey(l.tenant, l.domain, l.algorithm), {
      decisions: Array.from({ length: servers }, () => 0),
      uncertainDecisions: Array.from(
        { length: servers },
        (_, i) => log.uncertainDecides.get(learnerKey(l.tenant, l.domain, l.algorithm))?.[i] ?? 0,
      ),
      rewards: { count: 0, sum: 0 },
      uncertainRewards: 0,
    });
  const seen = new Set<string>();
  for (const { write, json, server } of log.acks) {
    switch (write.kind) {
      case 'feedback.signal':
      case 'feedback.tool':
      case 'feedback.agent': {
        const id = `${write.tenant}/${write.signalId}`;
        if (seen.has(id)) break;
        seen.add(id);
        const t = byTenant.get(write.tenant)!;
        t.signals++;
        tally(t.components, `${write.componentType}/${write.componentId}`, write.reward);
        const learnt = t.learning[write.componentType];
        learnt.set(write.componentId, (learnt.get(write.componentId) ?? 0) + 1);
        break;
      }
      case 'bandit.decide': {
        const algorithm = (json as { data?: { algorithm?: string } }).data?.algorithm ?? write.algorithm;
        byLearner.get(learnerKey(write.tenant, write.domain, algorithm))!.decisions[server]++;
        break;
      }
      case 'bandit.reward': {
        const d = write.decision;
        const rewards = byLearner.get(learnerKey(d.tenant, d.domain, d.algorithm))!.rewards;
        rewards.count++;
        rewards.sum += write.reward;
        break;
      }
    }
  }
  for (const r of log.refusals) {
    if (r.write.kind !== 'bandit.reward' || !r.afterUncertain) continue;
    const d = r.write.decision;
    byLearner.get(learnerKey(d.tenant, d.domain, d.algorithm))!.uncertainRewards++;
  }
  return { tenants: byTenant, learners: byLearner };
}
