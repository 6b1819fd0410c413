import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '../../core/ports/job-queue.port';
import type { MessageChannel } from '../../core/ports/message-channel.port';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type { DomainDefinition } from './bandit-domains';
import { BanditsJournal } from './bandits.journal';
import { BanditsMetrics, metricDomain } from './bandits.metrics';
import { leastRewardMark, logAnswered, replayReward } from './bandits.recovery';
import { BanditsStore } from './bandits.store';
import { foldDecisions, leastDecisionMark } from './decision-counts';
import type { DomainState } from './domain-state';

/** One reward for one logged (or port-given) decision. */
export interface BanditUpdate {
  readonly tenantId: string;
  readonly domain: string;
  readonly x: readonly number[];
  readonly action: number;
  readonly reward: number;
  readonly propensity: number;
  /** The algorithm that decided; absent for port updates, which are not counted as answered decisions. */
  readonly decidedBy?: AlgorithmName;
}

/** Durable scale-out mode: a job names the domain whose logged rewards the consumer catches up with. */
export type CatchUp = Pick<BanditUpdate, 'tenantId' | 'domain'>;

/** What instances tell each other: a tenant's learners of a domain were written, or a tenant's domains changed. */
export type BanditsChange = { readonly instance: string; readonly tenantId: string } & (
  { readonly kind: 'learners'; readonly domain: string } | { readonly kind: 'domains' }
);

/** The broadcast channel of scale-out mode (`null` on one instance). */
export const BANDITS_CHANNEL = Symbol('BANDITS_CHANNEL');

export const UPDATES_QUEUE = 'bandits.updates';

/**
 * Where rewards become learning. On one instance an update is applied at once. In scale-out mode (`REDIS_URL`)
 * it is a job on `bandits.updates`, which runs one job at a time across every instance (global concurrency 1):
 * the consumer re-reads the learners if another instance wrote them since, applies the update, writes them, and
 * tells the others, who re-read them before their next decisions. Decisions stay local and fast; learning is
 * serialised, so no update is lost to two instances writing the same learner. In durable mode the reward is logged
 * before its job is queued and a job only names the domain: the consumer applies every logged reward its learners
 * lack, so a job lost between the commit and the queue is made up by the next one (or by the catch-up jobs each
 * instance queues at boot).
 */
@Injectable()
export class BanditsUpdates implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BanditsUpdates');
  private readonly instance: string;
  private readonly refreshing = new Map<DomainState, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly store: BanditsStore,
    private readonly metrics: BanditsMetrics,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(BANDITS_CHANNEL) private readonly channel: MessageChannel<BanditsChange> | null,
    @Inject(ID_GENERATOR) ids: IdGenerator,
    @Optional() private readonly journal?: BanditsJournal,
  ) {
    this.instance = ids.uuid();
  }

  get shared(): boolean {
    return this.store.shared && this.channel !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.shared || !this.channel) return;
    const channel = this.channel;
    await channel.subscribe((change) => this.receive(change));
    this.store.onDomainsChanged(
      (tenantId) => void this.announce({ instance: this.instance, kind: 'domains', tenantId }),
    );
    const journal = this.journal?.enabled ? this.journal : undefined;
    this.queue.process<BanditUpdate | CatchUp>(
      UPDATES_QUEUE,
      (job) => (journal ? this.catchUp(journal, job.data) : this.consume(job.data as BanditUpdate)),
      { concurrency: 1, globalConcurrency: 1 },
    );
    // Rewards logged before a crash whose jobs never reached the queue.
    if (journal) for (const behind of await journal.repository.behind()) await this.enqueue(behind);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close();
  }

  /**
   * Applies the update here, or queues it in scale-out mode (then true). `id` makes the job idempotent: the same
   * decision answered twice is queued once.
   */
  async submit(update: BanditUpdate, id?: string): Promise<boolean> {
    if (!this.shared) {
      const domain = await this.store.domain(update.tenantId, update.domain);
      if (domain) this.apply(await this.store.state(update.tenantId, domain), update);
      return false;
    }
    await this.queue.add(UPDATES_QUEUE, update, { jobId: id === undefined ? undefined : `update-${id}` });
    return true;
  }

  /** Durable scale-out mode: queues a catch-up of the domain; `id` makes the job idempotent. */
  async enqueue(job: CatchUp, id?: string): Promise<void> {
    const data: CatchUp = { tenantId: job.tenantId, domain: job.domain };
    await this.queue.add(UPDATES_QUEUE, data, { jobId: id === undefined ? undefined : `update-${id}` });
  }

  /**
   * Every algorithm of the domain learns; an answered decision also counts for the algorithm that made it. `seq`
   * (durable mode) is the reward's place in the log, which the learners then reflect.
   */
  apply(state: DomainState, u: BanditUpdate, seq?: number): void {
    for (const algorithm of state.domain.algorithms) {
      state.learner(algorithm).update(u.x, u.action, u.reward, u.propensity);
      if (seq !== undefined) state.setRewardMark(algorithm, seq);
    }
    if (u.decidedBy) {
      const c = state.counter(u.decidedBy);
      c.feedbacks++;
      c.rewardSum += u.reward;
      state.events.push({
        x: u.x,
        action: u.action,
        reward: u.reward,
        propensity: u.propensity,
        algorithm: u.decidedBy,
      });
      if (seq !== undefined) state.eventSeq = seq;
      this.metrics.reward.observe({ domain: metricDomain(state.domain), algorithm: u.decidedBy }, u.reward);
    }
    // Counted once the update is whole, so that a snapshot written now holds its counters too.
    for (const algorithm of state.domain.algorithms) this.store.updated(state, algorithm);
  }

  /** Resolves once the refreshes that messages have started here are done (for tests and orderly reads). */
  async settled(): Promise<void> {
    while (this.refreshing.size > 0) await Promise.all([...this.refreshing.values()].map((r) => r.done));
  }

  /** The consumer (one job at a time across the cluster). */
  private async consume(u: BanditUpdate): Promise<void> {
    const domain = await this.domainOf(u);
    if (!domain) return;
    const state = await this.store.state(u.tenantId, domain);
    await this.store.refresh(state);
    this.apply(state, u);
    await this.store.saveAll(state);
    await this.announce({ instance: this.instance, kind: 'learners', tenantId: u.tenantId, domain: u.domain });
  }

  /**
   * The durable consumer: the learners take, in log order, every logged reward of the domain they lack, and their
   * counters the logged decisions up to the domain's horizon; then they are written.
   */
  private async catchUp(journal: BanditsJournal, job: CatchUp): Promise<void> {
    const domain = await this.domainOf(job);
    if (!domain) return;
    const state = await this.store.state(job.tenantId, domain);
    await this.store.refresh(state);
    const rows = await journal.repository.rewardsAfter(job.tenantId, domain.name, leastRewardMark(state));
    let learnt = false;
    for (const row of rows) {
      const replayed = replayReward(state, row);
      learnt ||= replayed.learnt.length > 0;
      logAnswered(state, row);
      if (replayed.counted && row.decidedBy)
        this.metrics.reward.observe({ domain: metricDomain(domain), algorithm: row.decidedBy }, row.reward);
    }
    await foldDecisions(journal.repository, state);
    // Nothing new, and nothing the load replayed or a fold counted here that the stored snapshots lack.
    const { reward, decision } = state.reflected();
    if (!learnt && reward >= leastRewardMark(state) && decision >= leastDecisionMark(state)) return;
    await this.store.saveAll(state);
    await this.announce({ instance: this.instance, kind: 'learners', tenantId: job.tenantId, domain: job.domain });
  }

  /** The domain a job names, reading the tenant's domains again when it is not known here yet. */
  private async domainOf(u: CatchUp): Promise<DomainDefinition | undefined> {
    let domain = await this.store.domain(u.tenantId, u.domain);
    if (!domain) {
      // Created on another instance after this one last read the tenant's domains.
      await this.store.reloadDomains(u.tenantId);
      domain = await this.store.domain(u.tenantId, u.domain);
    }
    if (!domain) {
      this.logger.warn({
        event: 'bandit_update_dropped',
        tenant_id: u.tenantId,
        domain: u.domain,
        reason: 'unknown domain',
      });
    }
    return domain;
  }

  private async announce(change: BanditsChange): Promise<void> {
    await this.channel?.publish(change).catch((e: Error) =>
      this.logger.warn({
        event: 'bandit_announce_failed',
        kind: change.kind,
        tenant_id: change.tenantId,
        err: e.message,
      }),
    );
  }

  private receive(change: BanditsChange): void {
    // A message without a tenant (an older build's) names nothing this build holds.
    if (change.instance === this.instance || typeof change.tenantId !== 'string') return;
    if (change.kind === 'domains') {
      this.store
        .reloadDomains(change.tenantId)
        .catch((e: Error) =>
          this.logger.warn({ event: 'bandit_domains_reload_failed', tenant_id: change.tenantId, err: e.message }),
        );
      return;
    }
    const state = this.store.loaded(change.tenantId, change.domain);
    if (state) void state.then((s) => this.refreshSoon(s));
  }

  /** Re-reads the learners, coalescing: messages arriving during a read cause one more read, not one each. */
  private refreshSoon(state: DomainState): void {
    const running = this.refreshing.get(state);
    if (running) {
      running.again = true;
      return;
    }
    const entry = { again: true, done: Promise.resolve() };
    this.refreshing.set(state, entry);
    entry.done = (async () => {
      while (entry.again) {
        entry.again = false;
        await this.store.refresh(state).catch((e: Error) =>
          this.logger.warn({
            event: 'bandit_refresh_failed',
            tenant_id: state.tenantId,
            domain: state.domain.name,
            err: e.message,
          }),
        );
      }
      this.refreshing.delete(state);
    })();
  }
}
