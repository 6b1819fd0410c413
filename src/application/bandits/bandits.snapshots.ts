import { Logger } from '@nestjs/common';
import type { KeyValueStore } from '../../core/ports/key-value.port';
import type { Clock } from '../../core/runtime/clock';
import { ALGORITHM_NAMES, type AlgorithmName } from './algorithms/bandit-algorithm';
import type { BanditsJournal } from './bandits.journal';
import type { DomainState, StoredSnapshot } from './domain-state';

const SNAPSHOTS = 'bandits.snapshots';

/**
 * The stored learners: `bandits.snapshots` under the tenant, key `<domain>:<algorithm>`. Writes of one key are
 * chained, so they land in order and a delete waits for the writes before it. In durable mode a written snapshot is
 * followed by the domain's mark (what every stored learner reflects, which retention may delete up to), and a
 * state no longer current writes nothing.
 */
export class LearnerSnapshots {
  private readonly logger = new Logger('BanditsStore');
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly kv: KeyValueStore,
    private readonly clock: Clock,
    private readonly journal?: BanditsJournal,
  ) {}

  read(tenantId: string, domain: string, algorithm: AlgorithmName): Promise<StoredSnapshot | undefined> {
    return this.kv.get<StoredSnapshot>({ tenantId, namespace: SNAPSHOTS }, `${domain}:${algorithm}`);
  }

  /** Writes one learner's snapshot as it is now; `current` is asked when the write's turn comes (durable mode). */
  save(state: DomainState, algorithm: AlgorithmName, current: () => boolean): Promise<void> {
    const stored = state.snapshot(algorithm, this.clock.now());
    if (!stored) return Promise.resolve();
    state.counter(algorithm).sinceSnapshot = 0;
    const { tenantId, domain } = state;
    const journal = this.journal?.enabled ? this.journal : undefined;
    const write = this.chain(tenantId, domain.name, algorithm, async () => {
      if (journal && !current()) return;
      await this.kv.set({ tenantId, namespace: SNAPSHOTS }, `${domain.name}:${algorithm}`, stored);
      if (!journal) return;
      state.stored(stored);
      const reflected = state.reflected();
      await journal.repository.setMark(tenantId, domain.name, reflected.reward, reflected.decision);
    }).catch((e: unknown) =>
      this.logger.error({
        event: 'bandit_snapshot_failed',
        tenant_id: tenantId,
        domain: domain.name,
        algorithm,
        err: e,
      }),
    );
    this.writes.set(this.key(tenantId, domain.name, algorithm), write);
    return write;
  }

  /** Deletes the tenant's stored learners of a domain, after any write of them still on its way. */
  async drop(tenantId: string, domain: string): Promise<void> {
    const scope = { tenantId, namespace: SNAPSHOTS };
    await Promise.all(
      ALGORITHM_NAMES.map((algorithm) => {
        const drop = this.chain(tenantId, domain, algorithm, () => this.kv.delete(scope, `${domain}:${algorithm}`));
        // A failed delete is the caller's to see; the writes after it still run.
        this.writes.set(
          this.key(tenantId, domain, algorithm),
          drop.catch(() => undefined),
        );
        return drop;
      }),
    );
  }

  private chain(tenantId: string, domain: string, algorithm: AlgorithmName, work: () => Promise<unknown>) {
    return (this.writes.get(this.key(tenantId, domain, algorithm)) ?? Promise.resolve())
      .then(work)
      .then(() => undefined);
  }

  private key(tenantId: string, domain: string, algorithm: AlgorithmName): string {
    return `${tenantId}\u0000${domain}:${algorithm}`;
  }
}
