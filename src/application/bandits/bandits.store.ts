import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { BanditsConfig, type BanditDomainConfig } from './bandits.config';
import { KEY_VALUE_STORE, type KeyValueStore } from '../../core/ports/key-value.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ALGORITHM_NAMES, AlgorithmName } from './algorithms/bandit-algorithm';
import { builtInDomains, defineDomain, DomainInputError, type DomainDefinition } from './bandit-domains';
import { BanditsMetrics, metricDomain } from './bandits.metrics';
import { DomainCatalog, type PutOutcome } from './domain-catalog';
import { DomainState, type StoredSnapshot } from './domain-state';

const SNAPSHOTS = 'bandits.snapshots';

/** A configured domain, checked like an API one; a mistake stops the boot naming `bandits.domains.<i>.<field>`. */
function configuredDomain(d: BanditDomainConfig, i: number, dimension: number): DomainDefinition {
  try {
    return defineDomain(
      d.name,
      {
        actions: d.actions,
        algorithms: d.algorithms,
        defaultAlgorithm: d.defaultAlgorithm,
        dimension: d.dimension,
        featureNames: d.featureNames,
      },
      dimension,
      false,
    );
  } catch (e) {
    if (e instanceof DomainInputError) throw new Error(`bandits.domains.${i}.${e.field}: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * Where bandit state lives, all of it per tenant: the domains a tenant sees (the configured ones plus its own,
 * created through the API and persisted; see {@link DomainCatalog}), and per tenant and domain the learners,
 * restored from their snapshots (`bandits.snapshots`, under the tenant) on first use. On one instance a learner's
 * snapshot is written behind every `bandits.snapshotEvery` updates and for every used learner at shutdown. Shared
 * (scale-out, `REDIS_URL` set) only the update consumer writes, after every update, and the others re-read a
 * learner whose stored revision is newer than theirs ({@link refresh}).
 */
@Injectable()
export class BanditsStore implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BanditsStore');
  private readonly catalog: DomainCatalog;
  private readonly states = new Map<string, Promise<DomainState>>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly domainListeners: ((tenantId: string) => void)[] = [];
  /** Scale-out mode: instances share the database and Redis; updates go through one queue consumer. */
  readonly shared: boolean;

  constructor(
    private readonly config: BanditsConfig,
    { persistence }: AppConfig,
    @Inject(KEY_VALUE_STORE) private readonly kv: KeyValueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: BanditsMetrics,
  ) {
    const configured = config.domains
      ? config.domains.map((d, i) => configuredDomain(d, i, config.contextDimension))
      : builtInDomains(config.contextDimension);
    this.catalog = new DomainCatalog(new Map(configured.map((d) => [d.name, d])), kv, config.maxDomains);
    this.shared = persistence.redisUrl !== undefined;
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
    await this.dropSnapshots(tenantId, definition.name);
    // A decision made while the snapshots were being deleted may have loaded them again.
    this.forget(tenantId, definition.name);
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
      state = this.load(tenantId, domain);
      this.states.set(key, state);
    }
    return state;
  }

  /** The tenant's state of a domain when it is loaded here. */
  loaded(tenantId: string, domain: string): Promise<DomainState> | undefined {
    return this.states.get(`${tenantId}\u0000${domain}`);
  }

  /** Re-reads the learners whose stored revision is newer than the one held (scale-out); returns how many. */
  async refresh(state: DomainState): Promise<number> {
    const scope = { tenantId: state.tenantId, namespace: SNAPSHOTS };
    const stored = await Promise.all(
      state.domain.algorithms.map((a) => this.kv.get<StoredSnapshot>(scope, `${state.domain.name}:${a}`)),
    );
    let taken = 0;
    // Compared only now, after every read: an update applied here meanwhile has already moved the revision on.
    for (const s of stored)
      if (s && (s.revision ?? 0) > state.revision(s.algorithm) && state.restore(s, true) === undefined) taken++;
    return taken;
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
    const stored = state.snapshot(algorithm, this.clock.now());
    if (!stored) return Promise.resolve();
    state.counter(algorithm).sinceSnapshot = 0;
    const key = `${state.tenantId}\u0000${state.domain.name}:${algorithm}`;
    const write = (this.writes.get(key) ?? Promise.resolve())
      .then(() =>
        this.kv.set({ tenantId: state.tenantId, namespace: SNAPSHOTS }, `${state.domain.name}:${algorithm}`, stored),
      )
      .catch((e: unknown) =>
        this.logger.error({
          event: 'bandit_snapshot_failed',
          tenant_id: state.tenantId,
          domain: state.domain.name,
          algorithm,
          err: e,
        }),
      );
    this.writes.set(key, write);
    return write;
  }

  /** Writes every learner of the state (the scale-out consumer, after each update). */
  async saveAll(state: DomainState): Promise<void> {
    await Promise.all(state.domain.algorithms.map((a) => this.save(state, a)));
  }

  /** One instance: every used learner is written. Shared: the consumer wrote after each update; others never write. */
  async onModuleDestroy(): Promise<void> {
    if (this.shared) return;
    const states = await Promise.all(this.states.values());
    await Promise.all(states.flatMap((s) => s.active().map(([algorithm]) => this.save(s, algorithm))));
  }

  private async load(tenantId: string, domain: DomainDefinition): Promise<DomainState> {
    const state = new DomainState(tenantId, domain, this.config.evaluationLogSize);
    const scope = { tenantId, namespace: SNAPSHOTS };
    for (const algorithm of domain.algorithms) {
      const stored = await this.kv.get<StoredSnapshot>(scope, `${domain.name}:${algorithm}`);
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
    return state;
  }

  /** Drops the tenant's held state of a domain (the next use loads it from the store). */
  private forget(tenantId: string, domain: string): void {
    this.states.delete(`${tenantId}\u0000${domain}`);
  }

  /** Deletes the tenant's stored learners of a domain, after any write of them still on its way. */
  private async dropSnapshots(tenantId: string, domain: string): Promise<void> {
    const scope = { tenantId, namespace: SNAPSHOTS };
    await Promise.all(
      ALGORITHM_NAMES.map((algorithm) => {
        const key = `${tenantId}\u0000${domain}:${algorithm}`;
        const drop = (this.writes.get(key) ?? Promise.resolve())
          .then(() => this.kv.delete(scope, `${domain}:${algorithm}`))
          .then(() => undefined);
        // A failed delete is the caller's to see; the writes after it still run.
        this.writes.set(
          key,
          drop.catch(() => undefined),
        );
        return drop;
      }),
    );
  }

  private changed(tenantId: string): void {
    for (const listener of this.domainListeners) listener(tenantId);
  }
}
