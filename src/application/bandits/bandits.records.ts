import type { Kysely } from 'kysely';
import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type { BanditUpdate } from './bandits.updates';

/** The database, or the transaction a statement runs in. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;

/** A decision as logged. */
export interface DecisionRecord {
  readonly tenantId: string;
  readonly decisionId: string;
  readonly domain: string;
  readonly algorithm: AlgorithmName;
  readonly action: number;
  readonly x: readonly number[];
  readonly propensity: number;
  readonly decidedAt: number;
  readonly expiresAt: number;
  /** A keyed decision: the answer given and what the request was, for its retries. */
  readonly answer?: KeyedAnswer;
}

/** What a decision made under an idempotency key answered, and a digest of the request that made it. */
export interface KeyedAnswer {
  readonly request: string;
  readonly decision: unknown;
}

/** What claiming a decision returns: what its reward is learnt with. */
export type ClaimedDecision = Pick<DecisionRecord, 'domain' | 'algorithm' | 'action' | 'x' | 'propensity'>;

/** A reward to log (the update it teaches); `key` is unique per tenant (a decision id, or `port:<key>`). */
export interface RewardRecord extends BanditUpdate {
  readonly key: string;
  /** The answer the caller got (feedback only). */
  readonly outcome?: unknown;
  readonly at: number;
}

/** A logged reward as replayed, in commit order. */
export interface RewardRow {
  readonly seq: number;
  readonly x: readonly number[];
  readonly action: number;
  readonly reward: number;
  readonly propensity: number;
  readonly decidedBy?: AlgorithmName;
}

/** Decisions of one algorithm after a seq: how many, and the newest one's seq and time. */
export interface DecisionTally {
  readonly count: number;
  readonly lastSeq: number;
  readonly lastAt: number;
}
