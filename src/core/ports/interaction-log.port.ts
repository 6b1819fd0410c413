/** Where an agent's interaction came from. */
export const INTERACTION_SOURCES = ['crew', 'hierarchy', 'mission', 'replay'] as const;
export type InteractionSource = (typeof INTERACTION_SOURCES)[number];

/** How the work ended. */
export const INTERACTION_OUTCOMES = ['ok', 'uncertain', 'skipped', 'error'] as const;
export type InteractionOutcome = (typeof INTERACTION_OUTCOMES)[number];

/**
 * One piece of work an agent did, as recorded when it ended: a crew task of an autonomous run, a hierarchy task, a
 * mission stage. Appended once and never rewritten.
 */
export interface Interaction {
  readonly tenantId: string;
  /** The agent that did it: a crew roster id, or a hierarchy agent id. */
  readonly agent: string;
  /** What it was: the crew task id, the hierarchy task type, the mission stage id. */
  readonly taskType: string;
  readonly source: InteractionSource;
  /** The run, session or mission it belonged to (for tracing back; not unique per interaction). */
  readonly runId: string;
  /** Tools it used, distinct, in first-use order. */
  readonly tools: readonly string[];
  /** Every tool call in order (a tool may repeat). */
  readonly toolSequence: readonly string[];
  readonly durationMs: number;
  readonly outcome: InteractionOutcome;
  /** 0–1, computed from the work's real output; null when it produced nothing to score. */
  readonly quality: number | null;
  readonly error: string | null;
  /** Epoch ms when it ended. */
  readonly at: number;
}

/** A stored interaction, with its position in the log. */
export interface StoredInteraction extends Interaction {
  /** Increasing in append order, within the whole log. */
  readonly seq: number;
}

export interface InteractionQuery {
  readonly agent?: string;
  readonly taskType?: string;
  /** Epoch ms, inclusive. */
  readonly since?: number;
  /** Epoch ms, exclusive. */
  readonly until?: number;
  /** Newest last; at most this many of the newest (default: all in range). */
  readonly limit?: number;
}

/**
 * The append-only log of agent interactions, per tenant. `record` never blocks the work that reports it: appends are
 * batched and a failed batch is logged, not thrown back; `flush` waits for what was recorded so far to be stored.
 */
export interface InteractionLogPort {
  record(interaction: Interaction): void;
  flush(): Promise<void>;
  /** The tenant's interactions matching the query, oldest first. */
  list(tenantId: string, query?: InteractionQuery): Promise<StoredInteraction[]>;
  /** The agents of the tenant with at least one interaction since `since` (epoch ms), sorted. */
  agents(tenantId: string, since?: number): Promise<string[]>;
}

export const INTERACTION_LOG = Symbol('INTERACTION_LOG');
