import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BackgroundJobs } from '../../core/jobs/background-jobs';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { COMPONENT_TYPES, type FeedbackSignal } from '../../core/ports/feedback.port';
import { KEY_VALUE_STORE, type KeyScope, type KeyValueStore } from '../../core/ports/key-value.port';
import {
  MEMORY_CONSOLIDATOR,
  type ConsolidationReport,
  type MemoryConsolidator,
} from '../../core/ports/memory-consolidator.port';
import { FeedbackConfig } from './feedback.config';
import { FeedbackEvent } from './feedback.events';
import { FeedbackService } from './feedback.service';
import { FeedbackMetrics } from './feedback.metrics';
import { EventEmitter2 } from '@nestjs/event-emitter';

export const DRAIN_JOB = 'feedback.drain';
export const HEALTH_JOB = 'feedback.health';
export const CONSOLIDATION_JOB = 'feedback.consolidation';
/** Durable mode: writes the changed tenants' state behind. */
export const SNAPSHOT_JOB = 'feedback.snapshot';
/** Durable mode: deletes log entries the stored state covers, past retention. */
export const COMPACT_JOB = 'feedback.compact';
/** Scale-out, durable: applies the entries other instances stored (every `persistence.tailEveryMs`). */
export const TAIL_JOB = 'feedback.tail';
const JOBS = [DRAIN_JOB, HEALTH_JOB, CONSOLIDATION_JOB] as const;

/**
 * Where signals still queued at shutdown wait for the next start (in-process mode). A record of the process's
 * queues, not of a tenant: each signal in it carries its own tenant and goes back to that tenant's dedupe.
 */
const SPOOL: KeyScope = { tenantId: 'system', namespace: 'feedback' };
const SPOOL_KEY = 'pending_signals';

export type ConsolidationOutcome =
  | {
      readonly consolidated: true;
      readonly reason: string;
      readonly pruned: readonly string[];
      readonly ragAverage: number;
      readonly ragSignals: number;
    }
  | { readonly consolidated: false; readonly reason: string };

/**
 * The hub's background work and its shutdown: the drain (every `feedback.drainEveryMs`), the health check and
 * the consolidation check run as kernel jobs from bootstrap until shutdown. At shutdown the jobs stop; in durable
 * mode the tenants' state is written and that is all (the queued signals are in the log). Otherwise a final drain
 * runs for at most `feedback.finalDrainMs`, and in-process mode writes what is left to the store; the next start
 * puts it back in the queues.
 */
@Injectable()
export class FeedbackLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FeedbackLifecycle');
  private readonly consolidator: LazyPort<MemoryConsolidator>;
  /** Health checks run by this process (over every tenant). */
  healthChecks = 0;

  constructor(
    private readonly hub: FeedbackService,
    private readonly jobs: BackgroundJobs,
    private readonly config: FeedbackConfig,
    @Inject(KEY_VALUE_STORE) private readonly kv: KeyValueStore,
    private readonly metrics: FeedbackMetrics,
    private readonly events: EventEmitter2,
    moduleRef: ModuleRef,
  ) {
    this.consolidator = lazyPort(moduleRef, MEMORY_CONSOLIDATOR);
  }

  async onApplicationBootstrap(): Promise<void> {
    const durability = this.hub.durability;
    if (durability) {
      const started = performance.now();
      const recovered = await durability.recover();
      this.logger.log({
        event: 'feedback_recovered',
        ...recovered,
        ms: Math.round(performance.now() - started),
      });
    } else await this.restoreSpool();
    this.start();
  }

  /** Registers the three jobs; false when they were already running. */
  start(): boolean {
    if (this.running) return false;
    const f = this.config;
    this.jobs.register(DRAIN_JOB, { everyMs: f.drainEveryMs }, () => this.hub.drainOnce());
    this.jobs.register(HEALTH_JOB, { everyMs: f.healthCheckEveryMs }, () => {
      this.hub.checkHealth();
      this.healthChecks++;
    });
    this.jobs.register(CONSOLIDATION_JOB, { everyMs: f.consolidationEveryMs }, () => this.consolidateAll());
    const durability = this.hub.durability;
    if (durability) {
      this.jobs.register(SNAPSHOT_JOB, { everyMs: durability.options.snapshotEveryMs }, () => durability.saveChanged());
      this.jobs.register(COMPACT_JOB, { everyMs: durability.options.compactEveryMs }, async () => {
        const deleted = await durability.compact();
        if (deleted > 0) this.logger.log({ event: 'feedback_log_compacted', deleted });
      });
      if (durability.options.shared)
        this.jobs.register(TAIL_JOB, { everyMs: durability.options.tailEveryMs }, () => durability.tail());
    }
    return true;
  }

  /** Stops the three jobs (waiting for running ticks); false when they were not running. */
  async stop(): Promise<boolean> {
    if (!this.running) return false;
    const durability = this.hub.durability;
    const durable = !durability ? [] : [SNAPSHOT_JOB, COMPACT_JOB, ...(durability.options.shared ? [TAIL_JOB] : [])];
    await Promise.all([...JOBS, ...durable].map((j) => this.jobs.stop(j)));
    return true;
  }

  get running(): boolean {
    const names = new Set(this.jobs.list().map((j) => j.name));
    return JOBS.every((j) => names.has(j));
  }

  /** The consolidation job: {@link consolidate} for every tenant with state, one after the other. */
  async consolidateAll(): Promise<ConsolidationOutcome[]> {
    const outcomes: ConsolidationOutcome[] = [];
    for (const tenant of [...this.hub.allTenants()]) outcomes.push(await this.consolidate(tenant.tenantId));
    return outcomes;
  }

  /**
   * Runs memory consolidation for one tenant when its RAG trigger fires and its RAG signals since its last run
   * average below 0.7 (or number more than 1 000): through the `MEMORY_CONSOLIDATOR` port when provided (asked for
   * that tenant's chunks only), else by pruning the tenant's tracked low-quality chunks.
   */
  async consolidate(tenantId: string): Promise<ConsolidationOutcome> {
    const now = this.hub.now();
    const tenant = this.hub.view(tenantId);
    const rag = tenant.learning.rag;
    const trigger = rag.shouldTriggerConsolidation(now);
    if (!trigger.trigger) return { consolidated: false, reason: trigger.reason };
    const { sum, count } = tenant.ragSinceConsolidation;
    if (count === 0) return { consolidated: false, reason: 'no_memory_signals' };
    const average = sum / count;
    if (!(average < 0.7 || count > 1000)) return { consolidated: false, reason: 'quality_acceptable' };
    const candidates = rag.pruningCandidates(now).map((c) => c.chunkId);
    this.logger.log({
      event: 'memory_consolidation_triggered',
      tenant_id: tenantId,
      reason: trigger.reason,
      candidates: candidates.length,
      rag_average: average,
      rag_signals: count,
    });
    const port = this.consolidator.tryGet();
    const durability = this.hub.durability;
    let pruned: readonly string[];
    if (durability) {
      // Logged first, under an id each run of the tenant has once: every instance's job may find the same trigger,
      // and only the one whose entry is stored runs it (an instance killed before the port call skips that run).
      const action = {
        id: `/consolidation/${tenant.consolidations + 1}`,
        tenantId,
        at: now,
        reason: trigger.reason,
        forget: port ? [] : candidates,
      };
      const applied = await durability.submit({ kind: 'consolidated', action });
      if (applied.kind !== 'consolidated') return { consolidated: false, reason: 'consolidated_elsewhere' };
      pruned = port
        ? (await port.consolidate({ tenantId, reason: trigger.reason, candidates })).pruned
        : applied.pruned;
    } else {
      const report: ConsolidationReport = port
        ? await port.consolidate({ tenantId, reason: trigger.reason, candidates })
        : { pruned: candidates.slice(0, rag.remove(candidates)) };
      pruned = report.pruned;
      tenant.consolidations++;
      tenant.lastConsolidation = now;
      tenant.ragSinceConsolidation.sum = 0;
      tenant.ragSinceConsolidation.count = 0;
    }
    this.metrics.consolidated();
    this.events.emit(FeedbackEvent.Consolidated, { tenantId, reason: trigger.reason, pruned });
    return {
      consolidated: true,
      reason: trigger.reason,
      pruned,
      ragAverage: average,
      ragSignals: count,
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
    const durability = this.hub.durability;
    if (durability) {
      // Signals on their way into the log are answered first. Nothing else needs draining: every queued signal is
      // in the log, and the state written now says where the next start resumes (it queues them again).
      await durability.flush();
      await durability.saveChanged();
      this.logger.log({
        event: 'feedback_stopped',
        queued: COMPONENT_TYPES.reduce((n, t) => n + this.hub.queues.size(t), 0),
      });
      return;
    }
    const deadline = performance.now() + this.config.finalDrainMs;
    let drained = 0;
    for (;;) {
      const n = await this.hub.drainOnce(1000);
      drained += n;
      if (n === 0 || performance.now() >= deadline) break;
    }
    if (this.hub.queues.durable) return;
    const left = this.hub.queues.takeAll();
    if (left.length > 0) {
      try {
        await this.kv.set(SPOOL, SPOOL_KEY, left);
      } catch (e) {
        this.logger.error({ event: 'feedback_spool_failed', lost: left.length, err: e });
        return;
      }
    }
    this.logger.log({ event: 'feedback_stopped', drained, spooled: left.length });
  }

  private async restoreSpool(): Promise<void> {
    if (this.hub.queues.durable) return;
    const spooled = await this.kv.get<FeedbackSignal[]>(SPOOL, SPOOL_KEY);
    if (!Array.isArray(spooled)) return;
    const restored = this.hub.restore(spooled);
    await this.kv.delete(SPOOL, SPOOL_KEY);
    this.logger.log({ event: 'feedback_spool_restored', signals: restored });
  }
}
