import { BoundedQueue } from '../../core/collections/bounded-queue';
import type { AlgorithmName, AlgorithmSnapshot, BanditAlgorithm } from './algorithms/bandit-algorithm';
import { createAlgorithm, restoreAlgorithm } from './algorithms/registry';
import type { DomainDefinition } from './bandit-domains';
import type { DecisionTally } from './bandits.records';

/** A decision whose reward came back: what off-policy evaluation replays. */
export interface LoggedEvent {
  readonly x: readonly number[];
  readonly action: number;
  readonly reward: number;
  readonly propensity: number;
  /** The algorithm that decided. */
  readonly algorithm: AlgorithmName;
}

/** Counters of one algorithm in one domain (for the summaries). */
export interface AlgorithmCounters {
  decisions: number;
  feedbacks: number;
  rewardSum: number;
  lastDecisionAt: number | null;
  /** Updates since the last snapshot was written. */
  sinceSnapshot: number;
}

/** The stored form of a learner (`bandits.snapshots` namespace, key `<domain>:<algorithm>`). */
export interface StoredSnapshot {
  readonly version: number;
  readonly domain: string;
  readonly algorithm: AlgorithmName;
  readonly savedAt: number;
  /** Counts the writes of this learner (absent in snapshots of earlier builds: 0); a reader takes only a newer one. */
  readonly revision?: number;
  /** The newest logged reward the learner reflects (durable mode; absent or 0: none). */
  readonly rewardSeq?: number;
  /** The newest logged decision the counters reflect (durable mode; absent or 0: none). */
  readonly decisionSeq?: number;
  readonly snapshot: AlgorithmSnapshot;
  readonly counters: Omit<AlgorithmCounters, 'sinceSnapshot'>;
}

export const SNAPSHOT_VERSION = 1;

function freshCounters(): AlgorithmCounters {
  return { decisions: 0, feedbacks: 0, rewardSum: 0, lastDecisionAt: null, sinceSnapshot: 0 };
}

/** One tenant's learners of one domain, their counters and the log of answered decisions. */
export class DomainState {
  private readonly learners = new Map<AlgorithmName, BanditAlgorithm>();
  readonly counters = new Map<AlgorithmName, AlgorithmCounters>();
  readonly events: BoundedQueue<LoggedEvent>;
  /** Learners whose stored snapshot was of another version: never overwritten (a newer build may own it). */
  readonly foreign = new Set<AlgorithmName>();
  private readonly revisions = new Map<AlgorithmName, number>();
  /** Per learner, the newest logged reward it reflects. */
  private readonly rewardMarks = new Map<AlgorithmName, number>();
  /** Per algorithm, the newest logged decision its restored counters reflect. */
  private readonly decisionMarks = new Map<AlgorithmName, number>();
  /** Per learner, what its stored snapshot reflects (as read or last written). */
  private readonly storedMarks = new Map<AlgorithmName, { readonly reward: number; readonly decision: number }>();
  /** The newest logged decision counted here (durable mode: every algorithm's counters reflect it). */
  decisionSeq = 0;
  /** The newest logged reward in {@link events} (durable mode). */
  eventSeq = 0;

  constructor(
    readonly tenantId: string,
    readonly domain: DomainDefinition,
    evaluationLogSize: number,
  ) {
    this.events = new BoundedQueue(evaluationLogSize);
    for (const a of domain.algorithms) this.counters.set(a, freshCounters());
  }

  learner(algorithm: AlgorithmName): BanditAlgorithm {
    let l = this.learners.get(algorithm);
    if (!l) {
      l = createAlgorithm(algorithm, this.domain.actions.length, this.domain.dimension);
      this.learners.set(algorithm, l);
    }
    return l;
  }

  counter(algorithm: AlgorithmName): AlgorithmCounters {
    let c = this.counters.get(algorithm);
    if (!c) this.counters.set(algorithm, (c = freshCounters()));
    return c;
  }

  /** The revision of the learner as last written or read here (0 before either). */
  revision(algorithm: AlgorithmName): number {
    return this.revisions.get(algorithm) ?? 0;
  }

  /**
   * Takes a stored snapshot when it fits (version 1, this domain's shape); returns why not otherwise. A snapshot
   * of another version is ignored so that an older build never misreads a newer one's state. With
   * `keepDecisions` (a reload in scale-out memory mode) this instance's decision counters survive: there decisions
   * are counted where they are made, updates where they are applied.
   */
  restore(stored: StoredSnapshot, keepDecisions = false): string | undefined {
    if (stored.version !== SNAPSHOT_VERSION) {
      this.foreign.add(stored.algorithm);
      return `version ${String(stored.version)} is not ${SNAPSHOT_VERSION}`;
    }
    const learner = restoreAlgorithm(stored.snapshot);
    if (
      !learner ||
      learner.k !== this.domain.actions.length ||
      learner.d !== this.domain.dimension ||
      learner.name !== stored.algorithm
    )
      return 'its shape does not match the domain';
    const local = this.counter(stored.algorithm);
    const decisions = keepDecisions ? { decisions: local.decisions, lastDecisionAt: local.lastDecisionAt } : {};
    this.learners.set(stored.algorithm, learner);
    this.counters.set(stored.algorithm, { ...freshCounters(), ...stored.counters, ...decisions, sinceSnapshot: 0 });
    this.revisions.set(stored.algorithm, stored.revision ?? 0);
    this.rewardMarks.set(stored.algorithm, stored.rewardSeq ?? 0);
    if (!keepDecisions) this.decisionMarks.set(stored.algorithm, stored.decisionSeq ?? 0);
    this.stored(stored);
    return undefined;
  }

  /** The newest logged reward the learner reflects. */
  rewardMark(algorithm: AlgorithmName): number {
    return this.rewardMarks.get(algorithm) ?? 0;
  }

  setRewardMark(algorithm: AlgorithmName, seq: number): void {
    this.rewardMarks.set(algorithm, seq);
  }

  /** The newest logged decision the algorithm's counters reflect. */
  decisionMark(algorithm: AlgorithmName): number {
    return Math.max(this.decisionMarks.get(algorithm) ?? 0, this.decisionSeq);
  }

  /** Counts `count` logged decisions of `algorithm`, the newest of them `seq`, made at `at`. */
  countDecisions(algorithm: AlgorithmName, count: number, seq: number, at: number): void {
    const c = this.counter(algorithm);
    c.decisions += count;
    c.lastDecisionAt = at;
    this.decisionSeq = Math.max(this.decisionSeq, seq);
  }

  /**
   * Counts `tally`, the decisions of `algorithm` logged after its mark up to `horizon` (every decision up to it
   * committed), which becomes its mark (durable scale-out mode).
   */
  foldDecisions(algorithm: AlgorithmName, tally: DecisionTally, horizon: number): void {
    const c = this.counter(algorithm);
    if (tally.count > 0) {
      c.decisions += tally.count;
      c.lastDecisionAt = tally.lastAt;
    }
    this.decisionMarks.set(algorithm, horizon);
  }

  /** Notes what a written (or read) snapshot of a learner reflects. */
  stored(snapshot: StoredSnapshot): void {
    this.storedMarks.set(snapshot.algorithm, { reward: snapshot.rewardSeq ?? 0, decision: snapshot.decisionSeq ?? 0 });
  }

  /**
   * What the stored snapshots of every algorithm of the domain reflect (the least of them; 0 for a learner never
   * stored). Learners of another build's version are left out: nothing is replayed into them.
   */
  reflected(): { reward: number; decision: number } {
    let reward = Infinity;
    let decision = Infinity;
    for (const a of this.domain.algorithms) {
      if (this.foreign.has(a)) continue;
      const m = this.storedMarks.get(a);
      reward = Math.min(reward, m?.reward ?? 0);
      decision = Math.min(decision, m?.decision ?? 0);
    }
    return { reward: Number.isFinite(reward) ? reward : 0, decision: Number.isFinite(decision) ? decision : 0 };
  }

  /** The stored form of one learner at its next revision, or undefined when it has never been used. */
  snapshot(algorithm: AlgorithmName, now: number): StoredSnapshot | undefined {
    const l = this.learners.get(algorithm);
    if (!l || this.foreign.has(algorithm)) return undefined;
    const { sinceSnapshot: _unused, ...counters } = this.counter(algorithm);
    const revision = this.revision(algorithm) + 1;
    this.revisions.set(algorithm, revision);
    return {
      version: SNAPSHOT_VERSION,
      domain: this.domain.name,
      algorithm,
      savedAt: now,
      revision,
      rewardSeq: this.rewardMark(algorithm),
      decisionSeq: this.decisionMark(algorithm),
      snapshot: l.snapshot(),
      counters,
    };
  }

  /** Learners in use, by name. */
  active(): [AlgorithmName, BanditAlgorithm][] {
    return [...this.learners];
  }
}
