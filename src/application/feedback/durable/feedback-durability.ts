import type { Logger } from '@nestjs/common';
import type { PersistenceConfig } from '../../../core/config/kernel.config';
import { GroupCommit, type GroupCommitOptions } from '../../../core/persistence/group-commit';
import { COMPONENT_TYPES, type ComponentType, type FeedbackSignal } from '../../../core/ports/feedback.port';
import type { InProcessQueues } from '../signal-queues';
import type { TenantFeedbackRegistry } from '../tenant-feedback';
import type { TenantFeedbackSnapshot } from '../tenant-snapshot';
import { entryTenant, type FeedbackJournal, type JournalEntry, type SnapshotRow } from './feedback-journal';
import { LogReplica } from './log-replica';

/**
 * What applying a stored entry did: a signal queued (with the queue's size after it) or recorded as a shadow
 * reward; a clear that re-enabled its component or found it enabled; a consolidation, with the chunks it pruned.
 */
export type Applied =
  | { readonly kind: 'queued'; readonly size: number }
  | { readonly kind: 'shadow' }
  | { readonly kind: 'cleared'; readonly cleared: boolean }
  | { readonly kind: 'consolidated'; readonly pruned: readonly string[] };

/** What a durable submit answers: applied as above, or a duplicate of a signal the tenant's log already holds. */
export type Journaled = Applied | { readonly kind: 'duplicate' };

const DUPLICATE: Journaled = { kind: 'duplicate' };

/** Applies one stored entry to the hub's state; `live` is false while recovering (no metrics or events then). */
export type ApplyEntry = (entry: JournalEntry, live: boolean) => Applied;

/** A tenant's stored state: the hub's state of it, and per component type the oldest signal not yet delivered. */
interface StoredState {
  readonly tenant: TenantFeedbackSnapshot;
  readonly pendingFrom: Partial<Record<ComponentType, number>>;
}

/** The durability options `persistence` gives; `shared` when instances share the database (Redis mode). */
export function durabilityOptions(persistence: PersistenceConfig, shared: boolean): DurabilityOptions {
  return {
    shared,
    tailEveryMs: persistence.tailEveryMs,
    maxItems: persistence.groupCommitMaxItems,
    lingerMs: persistence.groupCommitMs,
    snapshotEveryMs: persistence.snapshotEveryMs,
    compactEveryMs: persistence.compactEveryMs,
    maxAgeMs: persistence.inputLogMaxAgeMs,
    maxRows: persistence.inputLogMaxRows,
  };
}

/** The group commit's batching plus the write-behind and retention settings. */
export interface DurabilityOptions extends GroupCommitOptions {
  /**
   * Instances share the database (scale-out): each is a replica that applies every instance's entries in log order,
   * its own ones when they are stored and the others' every `tailEveryMs`.
   */
  readonly shared: boolean;
  readonly tailEveryMs: number;
  readonly snapshotEveryMs: number;
  readonly compactEveryMs: number;
  readonly maxAgeMs: number;
  readonly maxRows: number;
}

/** What recovery did. */
export interface Recovery {
  readonly tenants: number;
  /** Entries applied on top of the snapshots. */
  readonly replayed: number;
  /** Signals applied before the crash but not yet delivered, queued again. */
  readonly requeued: number;
}

/**
 * Makes the hub's acknowledged inputs durable and its derived state recoverable.
 *
 * - A submit (or an operator's clear, or a consolidation) is acknowledged only after its entry is in the log:
 *   entries share transactions (group commit), and
 *   each is applied to the state right after its transaction, in log order — so the state is always the log's
 *   entries applied in order, and recovery can do the same.
 * - Each tenant's state is written behind (every `persistence.snapshotEveryMs` when it changed, at once after a
 *   health transition, and at shutdown) with its log position and, per component type, the oldest signal still
 *   queued or being delivered.
 * - Recovery loads the snapshots, applies the entries newer than each, and queues again the signals the snapshot
 *   had not seen delivered. Delivery is in log order per type, so those are exactly the entries of that type from
 *   the oldest pending one on.
 *
 * Shared (instances on one database, `options.shared`): appends are committed in log order across instances (see
 * {@link FeedbackJournal.append}), and every instance applies every entry in that order. After its own transaction
 * an instance first applies what others stored before it (so its answer reflects them, as a single instance's
 * would), and a job applies the others' newer entries every `tailEveryMs`. The state is then the same function of
 * the log on every instance, and any instance's snapshot is a valid start for another's recovery. Delivery is not
 * tracked here: signals for sinks outside this state go through the shared job queue.
 */
export class FeedbackDurability {
  private readonly commit: GroupCommit<JournalEntry, Journaled>;
  private readonly seqs = new WeakMap<FeedbackSignal, number>();
  private readonly applied = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private readonly inflight = new Set<FeedbackSignal>();
  private saving: Promise<void> = Promise.resolve();
  /** Shared mode: applies every instance's entries in log order. */
  private readonly replica?: LogReplica;

  constructor(
    private readonly journal: FeedbackJournal,
    readonly options: DurabilityOptions,
    private readonly apply: ApplyEntry,
    private readonly tenants: TenantFeedbackRegistry,
    /** The in-process queues signals wait in for delivery (none in shared mode). */
    private readonly queues: InProcessQueues | undefined,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.commit = new GroupCommit((entries) => this.write(entries), options);
    if (options.shared)
      this.replica = new LogReplica(journal, (e) =>
        e.seq <= (this.applied.get(entryTenant(e)) ?? 0) ? undefined : this.applyStored(e, e.seq, true),
      );
  }

  /** Stores the entry (sharing a transaction with concurrent ones), applies it, and says what it did. */
  submit(entry: JournalEntry): Promise<Journaled> {
    return this.commit.submit(entry);
  }

  /** A signal taken off its queue for delivery: still pending until {@link delivered}. */
  delivering(signal: FeedbackSignal): void {
    this.inflight.add(signal);
  }

  /** A signal delivered (or dead-lettered): its tenant's learning state changed. */
  delivered(signal: FeedbackSignal): void {
    this.inflight.delete(signal);
    this.dirty.add(signal.tenantId);
  }

  /** Writes the state of every tenant that changed since the last write (the write-behind job, shutdown). */
  saveChanged(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    return this.save(ids);
  }

  /** Writes the tenants' state now (after a health transition: a change the log does not hold). */
  save(tenantIds: readonly string[]): Promise<void> {
    if (tenantIds.length === 0) return this.saving;
    // Captured synchronously, so each snapshot is one consistent point of the state.
    const rows = this.capture(tenantIds);
    this.saving = this.saving
      .then(() => this.journal.saveSnapshots(rows))
      .catch((e: unknown) => this.logger.error({ event: 'feedback_snapshot_failed', tenants: rows.length, err: e }));
    return this.saving;
  }

  /** Group-commit figures (batches written, items, largest batch). */
  get stats() {
    return this.commit.stats;
  }

  /** Shared mode: applies every entry other instances stored since the last catch-up (the tail job). */
  tail(): Promise<number> {
    return this.replica ? this.replica.catchUp(undefined) : Promise.resolve(0);
  }

  /** Writes what is waiting for its transaction (shutdown). */
  flush(): Promise<void> {
    return this.commit.flush();
  }

  /**
   * Deletes log entries the stored snapshots already reflect, once older than `maxAgeMs` or beyond the newest
   * `maxRows` (the changed state is written first, so that the snapshots cover as much as they can).
   */
  async compact(): Promise<number> {
    await this.saveChanged();
    return this.journal.compact(this.now(), this.options.maxAgeMs, this.options.maxRows);
  }

  /** Rebuilds the state from the snapshots and the log (at boot, before any submit). */
  async recover(): Promise<Recovery> {
    const pendingFrom = new Map<string, StoredState['pendingFrom']>();
    const snapshots = await this.journal.snapshots<StoredState>();
    for (const s of snapshots) {
      this.tenants.restore(s.tenantId, s.state.tenant);
      this.applied.set(s.tenantId, s.appliedSeq);
      pendingFrom.set(s.tenantId, s.state.pendingFrom);
    }
    let replayed = 0;
    let requeued = 0;
    let upTo = Math.max(0, ...snapshots.map((s) => s.appliedSeq));
    for await (const page of this.journal.recoverable())
      for (const e of page) {
        const tenant = entryTenant(e);
        upTo = Math.max(upTo, e.seq);
        if (e.seq > (this.applied.get(tenant) ?? 0)) {
          this.applyStored(e, e.seq, false);
          replayed++;
          continue;
        }
        if (!this.queues || e.kind !== 'signal') continue;
        const from = pendingFrom.get(tenant)?.[e.signal.componentType];
        if (from === undefined || e.seq < from) continue;
        this.queues.enqueue(e.signal);
        this.seqs.set(e.signal, e.seq);
        requeued++;
      }
    this.replica?.startAfter(upTo);
    return { tenants: snapshots.length, replayed, requeued };
  }

  private async write(entries: readonly JournalEntry[]): Promise<Journaled[]> {
    if (this.replica) return this.replica.write(entries);
    const seqs = await this.journal.append(entries);
    const out: Journaled[] = seqs.map(() => DUPLICATE);
    const stored: number[] = [];
    for (let i = 0; i < seqs.length; i++) if (seqs[i] !== undefined) stored.push(i);
    // Applied in log order, as recovery will.
    stored.sort((a, b) => (seqs[a] as number) - (seqs[b] as number));
    for (const i of stored) out[i] = this.applyStored(entries[i], seqs[i] as number, true);
    return out;
  }

  private applyStored(entry: JournalEntry, seq: number, live: boolean): Applied {
    const tenant = entryTenant(entry);
    if (entry.kind === 'signal') this.seqs.set(entry.signal, seq);
    this.applied.set(tenant, seq);
    this.dirty.add(tenant);
    return this.apply(entry, live);
  }

  private capture(tenantIds: readonly string[]): SnapshotRow<StoredState>[] {
    const pending = new Map<string, Partial<Record<ComponentType, number>>>();
    const note = (s: FeedbackSignal) => {
      const seq = this.seqs.get(s);
      if (seq === undefined) return;
      let byType = pending.get(s.tenantId);
      if (!byType) pending.set(s.tenantId, (byType = {}));
      const known = byType[s.componentType];
      if (known === undefined || seq < known) byType[s.componentType] = seq;
    };
    if (this.queues) for (const type of COMPONENT_TYPES) for (const s of this.queues.peek(type)) note(s);
    for (const s of this.inflight) note(s);
    const savedAt = this.now();
    const rows: SnapshotRow<StoredState>[] = [];
    for (const tenantId of tenantIds) {
      const state = this.tenants.existing(tenantId);
      if (!state) continue;
      const appliedSeq = this.applied.get(tenantId) ?? 0;
      const pendingFrom = pending.get(tenantId) ?? {};
      const replayFrom = Math.min(appliedSeq + 1, ...Object.values(pendingFrom));
      rows.push({ tenantId, appliedSeq, replayFrom, state: { tenant: state.snapshot(), pendingFrom }, savedAt });
    }
    return rows;
  }
}
