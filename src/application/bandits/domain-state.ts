import { BoundedQueue } from '../../core/collections/bounded-queue';
import type { AlgorithmName, AlgorithmSnapshot, BanditAlgorithm } from './algorithms/bandit-algorithm';
import { createAlgorithm, restoreAlgorithm } from './algorithms/registry';
import type { DomainDefinition } from './bandit-domains';

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
   * `keepDecisions` (a reload in scale-out mode) this instance's decision counters survive: decisions are counted
   * where they are made, updates where they are applied.
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
    return undefined;
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
      snapshot: l.snapshot(),
      counters,
    };
  }

  /** Learners in use, by name. */
  active(): [AlgorithmName, BanditAlgorithm][] {
    return [...this.learners];
  }
}
