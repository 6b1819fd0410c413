import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { BanditsConfig, domainDefaults } from './bandits.config';
import { KEY_VALUE_STORE, type KeyValueStore } from '../../core/ports/key-value.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { AlgorithmName } from './algorithms/bandit-algorithm';
import { builtInDomains, configuredDomain, type DomainDefinition } from './bandit-domains';
import { BanditsJournal } from './bandits.journal';
import { BanditsMetrics, metricDomain } from './bandits.metrics';
import { readRecovery, recover } from './bandits.recovery';
import { LearnerSnapshots } from './bandits.snapshots';
import { shownDecisions, type DecisionCount } from './decision-counts';
import { DomainCatalog, type PutOutcome } from './domain-catalog';
import { DomainState } from './domain-state';

/**
 * Where bandit state lives, all of it per tenant: the domains a tenant sees (the configured ones plus its own,
 * created through the API and persisted; see {@link DomainCatalog}), and per tenant and domain the learners,
 * restored from their snapshots (`bandits.snapshots`, under the tenant) on first use. On one instance a learner's
 * snapshot is written behind every `bandits.snapshotEvery` updates and for every used learner at shutdown. Shared
 * (scale-out, `REDIS_URL` set) only the update consumer writes, after every update, and the others re-read a
 * learner whose stored revision is newer than theirs ({@link refresh}). In durable mode a load then replays, through
 * the journal, what the log holds beyond the snapshots, and a replaced domain's log is deleted with its snapshots;
 * shared, the decision counters shown are the cluster's ({@link shownDecisions}).
 */
@Injectable()
export class BanditsStore implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BanditsStore');
  private readonly catalog: DomainCatalog;
  private readonly states = new Map<string, Promise<DomainState>>();
  /** Durable mode: the loaded states the journal applies committed entries to. */
  private readonly ready = new Map<string, DomainState>();
  /** Durable mode: domains being replaced; a load waits for their old log and snapshots to be gone. */
  private readonly resets = new Map<string, Promise<void>>();
  private readonly snapshots: LearnerSnapshots;
  private readonly domainListeners: ((tenantId: string) => void)[] = [];
  /** Scale-out mode: instances share the database and Redis; updates go through one queue consumer. */
  readonly shared: boolean;

  constructor(
    private readonly config: BanditsConfig,
    { persistence }: AppConfig,
    @Inject(KEY_VALUE_STORE) kv: KeyValueStore,
    @Inject(CLOCK) clock: Clock,
    private readonly metrics: BanditsMetrics,
    @Optional() private readonly journal?: BanditsJournal,
  ) {
    const defaults = domainDefaults(config);
    const configured = config.domains
      ? config.domains.map((d, i) => configuredDomain(d, i, defaults))
      : builtInDomains(defaults);
    this.catalog = new DomainCatalog(new Map(configured.map((d) => [d.name, d])), kv, config.maxDomains);
    this.shared = persistence.redisUrl !== undefined;
    this.snapshots = new LearnerSnapshots(kv, clock, journal);
  }

  /** Decisions and rewards are logged before they are answered, and loads replay the log. */
  get durable(): boolean {
    return this.journal?.enabled === true;
  }

  async onApplicationBootstrap(): Promise<void> {
    const legacy = await this.catalog.loadLegacy();
    // Domains created before they were kept per tenant: every tenant starts from them until it changes its own.
    if (legacy > 0) this.logger.warn({ event: 'bandit_legacy_domains', runtime_domains: legacy });
  }

  /**
   * Takes the tenant's stored domains and default algorithms again (scale-out: another instance changed them): a
   * runtime domain whose stored definition differs from the one held here starts again from the store.
   */
  async reloadDomains(tenantId: string): Promise<void> {
    for (const name of await this.catalog.reload(tenantId)) this.forget(tenantId, name);
  }

  /** Called with the tenant after this instance changed its domains or a default (the scale-out bus announces it). */
  onDomainsChanged(listener: (tenantId: string) => void): void {
    this.domainListeners.push(listener);
  }

  /** A domain as the tenant sees it (with the tenant's default algorithm). */
  domain(tenantId: string, name: string): Promise<DomainDefinition | undefined> {
    return this.catalog.domain(tenantId, name);
  }

  list(tenantId: string): Promise<DomainDefinition[]> {
    return this.catalog.list(tenantId);
  }

  /**
   * Creates or replaces one of the tenant's runtime domains: the tenant's learners of it start fresh (held ones
   * dropped, stored snapshots deleted); other tenants' domains and learners are untouched.
   */
  async putDomain(tenantId: string, definition: DomainDefinition): Promise<PutOutcome> {
    const outcome = await this.catalog.put(tenantId, definition);
    if (outcome !== 'created' && outcome !== 'replaced') return outcome;
    this.forget(tenantId, definition.name);
    if (this.journal?.enabled) await this.reset(this.journal, tenantId, definition.name);
    else {
      await this.snapshots.drop(tenantId, definition.name);
      // A decision made while the snapshots were being deleted may have loaded them again.
      this.forget(tenantId, definition.name);
    }
    this.changed(tenantId);
    return outcome;
  }

  async setDefault(tenantId: string, domain: string, algorithm: AlgorithmName): Promise<void> {
    await this.catalog.setDefault(tenantId, domain, algorithm);
    this.changed(tenantId);
  }

  /** The tenant's state of `domain`, its learners restored from their snapshots the first time. */
  state(tenantId: string, domain: DomainDefinition): Promise<DomainState> {
    const key = `${tenantId}\u0000${domain.name}`;
    let state = this.states.get(key);
    if (!state) {
      if (this.durable) {
        const loading: Promise<DomainState> = (this.resets.get(key) ?? Promise.resolve()).then(() =>
          this.load(tenantId, domain, () => this.states.get(key) === loading),
        );
        // A failed load is not kept: the next use tries again.
        loading.catch(() => {
          if (this.states.get(key) === loading) this.states.delete(key);
        });
        state = loading;
      } else state = this.load(tenantId, domain);
      this.states.set(key, state);
    }
    return state;
  }

  /** Durable mode: the tenant's state of a domain that committed entries apply to, when one is loaded here. */
  current(tenantId: string, domain: string): DomainState | undefined {
    return this.ready.get(`${tenantId}\u0000${domain}`);
  }

  /** The tenant's state of a domain when it is loaded here. */
  loaded(tenantId: string, domain: string): Promise<DomainState> | undefined {
    return this.states.get(`${tenantId}\u0000${domain}`);
  }

  /**
   * Re-reads the learners whose stored revision is newer than the one held (scale-out); returns how many. Their
   * decision counters too in durable mode; in memory mode those held here stay (each instance counts its own).
   */
  async refresh(state: DomainState): Promise<number> {
    const stored = await Promise.all(
      state.domain.algorithms.map((a) => this.snapshots.read(state.tenantId, state.domain.name, a)),
    );
    let taken = 0;
    // Compared only now, after every read: an update applied here meanwhile has already moved the revision on.
    for (const s of stored)
      if (s && (s.revision ?? 0) > state.revision(s.algorithm) && state.restore(s, !this.durable) === undefined)
        taken++;
    return taken;
  }

  /**
   * The decision counts a summary shows. Durable scale-out mode: the cluster's, from the learners as stored now and
   * the decisions logged beyond their marks; otherwise the counters held here.
   */
  async shownDecisions(state: DomainState): Promise<ReadonlyMap<AlgorithmName, DecisionCount>> {
    if (!this.shared || !this.journal?.enabled) return shownDecisions(state);
    await this.refresh(state);
    return shownDecisions(state, this.journal.repository);
  }

  /** Counts an update; on one instance writes the learner's snapshot behind every `snapshotEvery` updates. */
  updated(state: DomainState, algorithm: AlgorithmName): void {
    const c = state.counter(algorithm);
    if (++c.sinceSnapshot >= this.config.snapshotEvery && !this.shared) void this.save(state, algorithm);
    // Only the offset tree has a size to report; the other learners' stats are not built per update.
    if (algorithm === AlgorithmName.OffsetTree)
      this.metrics.treeNodes.set(
        { domain: metricDomain(state.domain) },
        state.learner(algorithm).stats().treeSize ?? 1,
      );
  }

  /** Writes one learner's snapshot (writes of one key are chained, so they land in order). */
  save(state: DomainState, algorithm: AlgorithmName): Promise<void> {
    return this.snapshots.save(state, algorithm, () => this.current(state.tenantId, state.domain.name) === state);
  }

  /** Writes every learner of the state (the scale-out consumer, after each update). */
  async saveAll(state: DomainState): Promise<void> {
    await Promise.all(state.domain.algorithms.map((a) => this.save(state, a)));
  }

  /** One instance: every used learner is written. Shared: the consumer wrote after each update; others never write. */
  async onModuleDestroy(): Promise<void> {
    await this.journal?.flush();
    if (this.shared) return;
    const states = await Promise.all(this.states.values());
    await Promise.all(states.flatMap((s) => s.active().map(([algorithm]) => this.save(s, algorithm))));
  }

  private async load(tenantId: string, domain: DomainDefinition, current?: () => boolean): Promise<DomainState> {
    const state = new DomainState(tenantId, domain, this.config.evaluationLogSize);
    for (const algorithm of domain.algorithms) {
      const stored = await this.snapshots.read(tenantId, domain.name, algorithm);
      if (!stored) continue;
      const problem = state.restore(stored);
      if (problem)
        this.logger.warn({
          event: 'bandit_snapshot_ignored',
          tenant_id: tenantId,
          domain: domain.name,
          algorithm,
          reason: problem,
        });
    }
    const journal = this.journal;
    if (!journal?.enabled) return state;
    // Read and applied in the journal's order: what commits after the read is applied to this state.
    await journal.commit({
      run: (db) => readRecovery(journal.repository, db, state, !this.shared),
      apply: (recovery) => {
        recover(state, recovery);
        if (current?.()) this.ready.set(`${tenantId}\u0000${domain.name}`, state);
      },
    });
    return state;
  }

  /** Drops the tenant's held state of a domain (the next use loads it from the store). */
  private forget(tenantId: string, domain: string): void {
    this.states.delete(`${tenantId}\u0000${domain}`);
    this.ready.delete(`${tenantId}\u0000${domain}`);
  }

  /** Durable mode: deletes a replaced domain's snapshots, then its log; loads meanwhile wait for both. */
  private async reset(journal: BanditsJournal, tenantId: string, domain: string): Promise<void> {
    const key = `${tenantId}\u0000${domain}`;
    const reset = this.snapshots.drop(tenantId, domain).then(() => journal.repository.reset(tenantId, domain));
    const settled = reset.catch(() => undefined);
    this.resets.set(key, settled);
    try {
      await reset;
    } finally {
      if (this.resets.get(key) === settled) this.resets.delete(key);
    }
  }

  private changed(tenantId: string): void {
    for (const listener of this.domainListeners) listener(tenantId);
  }
}
