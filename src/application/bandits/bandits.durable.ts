import { Inject, Injectable } from '@nestjs/common';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import type { DomainDefinition } from './bandit-domains';
import { BanditsJournal } from './bandits.journal';
import { BanditsMetrics } from './bandits.metrics';
import type { ClaimedDecision, DecisionRecord, KeyedAnswer } from './bandits.records';
import type { FeedbackOutcome } from './bandits.types';
import { BanditsStore } from './bandits.store';
import { BanditsUpdates, type BanditUpdate } from './bandits.updates';
import { keyConflict } from './keyed-decisions';
import { routingReward } from './router';

/** What a feedback entry found in the log. */
type Answer =
  | { readonly kind: 'learnt'; readonly outcome: FeedbackOutcome; readonly update: BanditUpdate; readonly seq: number }
  | { readonly kind: 'retry'; readonly outcome: FeedbackOutcome }
  | { readonly kind: 'missing' };

/** A claimed decision belongs to the domain as it is defined now (not to a definition since replaced). */
function fits(domain: DomainDefinition, d: ClaimedDecision): boolean {
  return d.domain === domain.name && d.x.length === domain.dimension && d.action < domain.actions.length;
}

/** A stored answer with its fields in the order first answered (the database keeps JSON keys in its own order). */
function asAnswered(stored: unknown): FeedbackOutcome {
  const o = stored as FeedbackOutcome;
  return {
    decisionId: o.decisionId,
    domain: o.domain,
    action: o.action,
    algorithm: o.algorithm,
    reward: o.reward,
    updated: o.updated,
    queued: o.queued,
  };
}

/**
 * Decisions, feedback and port updates in durable mode (`persistence.durability = durable`): each is written to
 * the log through the journal before it is answered, and applied in memory once committed, in commit order. Feedback
 * claims its decision and logs the reward with the answer given, in one transaction, so the same answer again
 * (a client's retry, also after a restart) gets that answer back and changes nothing.
 */
@Injectable()
export class DurableBandits {
  constructor(
    private readonly journal: BanditsJournal,
    private readonly store: BanditsStore,
    private readonly updates: BanditsUpdates,
    private readonly metrics: BanditsMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  get enabled(): boolean {
    return this.journal.enabled;
  }

  /** Logs a decision; once committed, the tenant's state of its domain counts it. */
  async decided(d: DecisionRecord): Promise<void> {
    if (!(await this.logDecision(d)))
      throw new Error(`Decision id "${d.decisionId}" is already logged for this tenant`);
  }

  /**
   * A decision made under an idempotency key (its id derived from the key): the first is logged with its answer
   * and counted; a retry gets the stored answer back and counts nothing; the key used for another request is a
   * conflict.
   */
  async decidedOnce<T>(
    d: DecisionRecord & { readonly answer: KeyedAnswer & { readonly decision: T } },
  ): Promise<StepResult<T>> {
    if (await this.logDecision(d)) return ok(d.answer.decision);
    const stored = await this.journal.repository.keyedAnswer(d.tenantId, d.decisionId);
    if (stored === undefined || stored.request !== d.answer.request) return keyConflict();
    return ok(stored.decision as T);
  }

  /**
   * Logs a decision; false when the tenant already has one of that id. One instance counts it once committed; a
   * shared database's instances count the logged decisions of the cluster when they show them.
   */
  private async logDecision(d: DecisionRecord): Promise<boolean> {
    const seq = await this.journal.commit({
      single: true,
      decides: d,
      run: (db) => this.journal.repository.insertDecision(d, db),
      apply: (seq) => {
        if (seq !== undefined && !this.journal.shared)
          this.store.current(d.tenantId, d.domain)?.countDecisions(d.algorithm, 1, seq, d.decidedAt);
      },
    });
    return seq !== undefined;
  }

  /**
   * Answers a decision with `reward` (or the reward of `metrics`): the first answer learns; the same reward again
   * gets the first answer back; another reward, or an unknown or expired decision, is not found.
   */
  async feedback(
    tenantId: string,
    decisionId: string,
    reward: number | undefined,
    metrics: Record<string, number> | undefined,
  ): Promise<StepResult<FeedbackOutcome>> {
    const repository = this.journal.repository;
    const name = await repository.domainOf(tenantId, decisionId);
    if (name === undefined) return this.unmatched(decisionId);
    const domain = await this.store.domain(tenantId, name);
    if (!domain) return fail('not_found', `Domain "${name}" no longer exists`);
    // Loaded (and any replacement of the domain finished) before the answer is logged.
    await this.store.state(tenantId, domain);
    const r = reward ?? routingReward(domain.name, metrics ?? {});
    const now = this.clock.now();
    const queued = this.updates.shared;
    const answer = await this.journal.commit<Answer>({
      rewards: true,
      run: async (db) => {
        const claimed = await repository.claim(tenantId, decisionId, now, db);
        if (!claimed) {
          const prior = await repository.answer(tenantId, decisionId, db);
          return prior?.reward === r ? { kind: 'retry', outcome: asAnswered(prior.outcome) } : { kind: 'missing' };
        }
        if (!fits(domain, claimed)) return { kind: 'missing' };
        const { x, action, propensity, algorithm } = claimed;
        const update = { tenantId, domain: domain.name, x, action, reward: r, propensity, decidedBy: algorithm };
        const outcome: FeedbackOutcome = {
          decisionId,
          domain: domain.name,
          action: domain.actions[action],
          algorithm,
          reward: r,
          updated: [...domain.algorithms],
          queued,
        };
        const seq = await repository.insertReward({ ...update, key: decisionId, outcome, at: now }, db);
        return seq === undefined ? { kind: 'missing' } : { kind: 'learnt', outcome, update, seq };
      },
      apply: (a) => {
        if (a.kind === 'learnt' && !queued) this.learn(a.update, a.seq);
      },
    });
    if (answer.kind === 'missing') return this.unmatched(decisionId);
    // A decision id has no `/`: the pair reads back one way only.
    if (answer.kind === 'learnt' && queued) await this.updates.enqueue(answer.update, `${tenantId}/${decisionId}`);
    return ok(answer.outcome);
  }

  /**
   * The port's update (vector already fitted to the domain). With `idempotencyKey` it is logged under
   * `port:<key>` and the same key again is a no-op; without one, under a generated key.
   */
  async update(
    tenantId: string,
    domain: DomainDefinition,
    x: readonly number[],
    action: number,
    reward: number,
    idempotencyKey?: string,
  ): Promise<void> {
    await this.store.state(tenantId, domain);
    const update: BanditUpdate = { tenantId, domain: domain.name, x, action, reward, propensity: 1 };
    const key = `port:${idempotencyKey ?? this.ids.uuid()}`;
    const at = this.clock.now();
    const queued = this.updates.shared;
    const seq = await this.journal.commit({
      rewards: true,
      single: true,
      run: (db) => this.journal.repository.insertReward({ ...update, key, at }, db),
      apply: (seq) => {
        if (seq !== undefined && !queued) this.learn(update, seq);
      },
    });
    if (seq !== undefined && queued) await this.updates.enqueue(update);
  }

  /** Applies a committed reward to the tenant's state of its domain when it is loaded here (else its load reads it). */
  private learn(u: BanditUpdate, seq: number): void {
    const state = this.store.current(u.tenantId, u.domain);
    if (state && u.x.length === state.domain.dimension && u.action < state.domain.actions.length)
      this.updates.apply(state, u, seq);
  }

  private unmatched(decisionId: string): StepResult<FeedbackOutcome> {
    this.metrics.unmatched.inc();
    return fail('not_found', `No open decision "${decisionId}" (unknown, expired or already answered)`);
  }
}
