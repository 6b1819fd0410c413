import { BoundedQueue } from '../../core/collections/bounded-queue';
import { COMPONENT_TYPES, FEEDBACK_SOURCES, type ComponentType } from '../../core/ports/feedback.port';
import { ComponentHealth, type HealthPolicy, type Transition } from './component-health';
import type { DeadLetter } from './feedback.events';
import { LearningState } from './feedback-sinks';
import { RecentIds } from './recent-ids';
import { snapshotAt, within } from './snapshot-fields';
import {
  readTenantRecords,
  type RagSinceConsolidation,
  type TenantCounts,
  type TenantFeedbackSnapshot,
} from './tenant-snapshot';

/** A health transition of one tenant's component. */
export interface TenantTransition extends Transition {
  readonly tenantId: string;
}

/** What a tenant's state is sized by (the hub's configuration). */
export interface TenantFeedbackLimits extends HealthPolicy {
  readonly queueCapacity: number;
  readonly deadLetterCapacity: number;
}

/** Room for every id the six queues could hold, twice over, as with one hub per tenant. */
function seenCapacity(limits: TenantFeedbackLimits): number {
  return limits.queueCapacity * COMPONENT_TYPES.length * 2;
}

/**
 * Everything the hub keeps about one tenant's signals: the ids it has accepted (dedupe), its components' health
 * and auto-disable state, its counts, its learning state, its dead letters and its consolidations. The same
 * signal id or component id sent by two tenants lands in two of these, and none is ever read for another tenant.
 */
export class TenantFeedback {
  readonly seen: RecentIds;
  readonly health: ComponentHealth;
  readonly learning: LearningState;
  /** The default tool, agent, prompt, threshold and memory sinks, writing to this tenant's learning state. */
  readonly sinks: ReturnType<LearningState['sinks']>;
  readonly counts: TenantCounts = { accepted: 0, processed: 0, deadLettered: 0, bySource: {}, byComponent: {} };
  /** RAG rewards accepted since the tenant's last consolidation (its second condition). */
  readonly ragSinceConsolidation: RagSinceConsolidation = { sum: 0, count: 0 };
  consolidations = 0;
  lastConsolidation: number | null = null;
  /** Created with the first dead letter: most tenants never have one. */
  private deadLetters?: BoundedQueue<DeadLetter>;

  /** An empty state, or one made of the parts given. */
  constructor(
    readonly tenantId: string,
    private readonly limits: TenantFeedbackLimits,
    parts: Partial<Pick<TenantFeedback, 'seen' | 'health' | 'learning'>> = {},
  ) {
    this.seen = parts.seen ?? new RecentIds(seenCapacity(limits));
    this.health = parts.health ?? new ComponentHealth(limits);
    this.learning = parts.learning ?? new LearningState();
    this.sinks = this.learning.sinks();
    for (const s of FEEDBACK_SOURCES) this.counts.bySource[s] = 0;
    for (const t of COMPONENT_TYPES) this.counts.byComponent[t] = 0;
  }

  /**
   * The state a {@link TenantFeedbackSnapshot} read back from JSON describes, for `tenantId` (every dead letter must
   * be that tenant's) under `limits` (beyond their capacities the oldest ids and dead letters are dropped).
   */
  static restore(snapshot: unknown, tenantId: string, limits: TenantFeedbackLimits): TenantFeedback {
    const s = snapshotAt(snapshot);
    const out = new TenantFeedback(tenantId, limits, {
      seen: within('seen', () => RecentIds.restore(s.seen, seenCapacity(limits))),
      health: within('health', () => ComponentHealth.restore(s.health, limits)),
      learning: within('learning', () => LearningState.restore(s.learning)),
    });
    const r = readTenantRecords(s, tenantId);
    const { bySource, byComponent, ...totals } = r.counts;
    Object.assign(out.counts, totals);
    Object.assign(out.counts.bySource, bySource);
    Object.assign(out.counts.byComponent, byComponent);
    Object.assign(out.ragSinceConsolidation, r.ragSinceConsolidation);
    out.consolidations = r.consolidations;
    out.lastConsolidation = r.lastConsolidation;
    for (const letter of r.deadLetters) out.deadLetter(letter);
    return out;
  }

  /** The whole state as plain JSON data (dead letters share their signals, which are never mutated). */
  snapshot(): TenantFeedbackSnapshot {
    return {
      seen: this.seen.snapshot(),
      health: this.health.snapshot(),
      learning: this.learning.snapshot(),
      counts: { ...this.counts, bySource: { ...this.counts.bySource }, byComponent: { ...this.counts.byComponent } },
      ragSinceConsolidation: { ...this.ragSinceConsolidation },
      consolidations: this.consolidations,
      lastConsolidation: this.lastConsolidation,
      deadLetters: this.deadLetters?.toArray() ?? [],
    };
  }

  /** Keeps a failed signal (the oldest is dropped beyond `deadLetterCapacity`; none kept when it is 0). */
  deadLetter(letter: DeadLetter): void {
    if (this.limits.deadLetterCapacity === 0) return;
    (this.deadLetters ??= new BoundedQueue(this.limits.deadLetterCapacity)).push(letter);
  }

  recentDeadLetters(limit = 10): DeadLetter[] {
    return this.deadLetters ? this.deadLetters.toArray().slice(-limit) : [];
  }

  get deadLetterCount(): number {
    return this.deadLetters?.size ?? 0;
  }

  /** Components of `type` that are disabled or on probation. */
  disabledCount(type: ComponentType): number {
    return this.health.disabled().filter((d) => d.key.startsWith(`${type}/`)).length;
  }

  /** The transition, naming this tenant. */
  tag(t: Transition): TenantTransition {
    return { ...t, tenantId: this.tenantId };
  }
}

/**
 * Every tenant's {@link TenantFeedback}: created on first write (a submit or a delivery), never by a read, which
 * sees an empty state instead.
 */
export class TenantFeedbackRegistry {
  private readonly tenants = new Map<string, TenantFeedback>();
  /** What a tenant without state reads as; never written. */
  private readonly empty: TenantFeedback;

  constructor(private readonly limits: TenantFeedbackLimits) {
    this.empty = new TenantFeedback('', limits);
  }

  /** The state of `tenantId`, created on first use. */
  tenant(tenantId: string): TenantFeedback {
    let state = this.tenants.get(tenantId);
    if (state === undefined) {
      state = new TenantFeedback(tenantId, this.limits);
      this.tenants.set(tenantId, state);
    }
    return state;
  }

  /** Replaces the state of `tenantId` with a stored one (recovery); throws naming the field when it is malformed. */
  restore(tenantId: string, snapshot: unknown): TenantFeedback {
    const state = TenantFeedback.restore(snapshot, tenantId, this.limits);
    this.tenants.set(tenantId, state);
    return state;
  }

  /** The state of `tenantId` for reading: an empty one when it has none. */
  view(tenantId: string): TenantFeedback {
    return this.tenants.get(tenantId) ?? this.empty;
  }

  /** The state of `tenantId` when it has any. */
  existing(tenantId: string): TenantFeedback | undefined {
    return this.tenants.get(tenantId);
  }

  all(): IterableIterator<TenantFeedback> {
    return this.tenants.values();
  }

  /** A total over the tenants (a number only: no tenant, component or value is named). */
  sum(of: (tenant: TenantFeedback) => number): number {
    let n = 0;
    for (const tenant of this.tenants.values()) n += of(tenant);
    return n;
  }
}
