import type { OrchestrationContext } from '../context/orchestration-context';
import type { StepResult } from '../result/step-result';

/** Who produced a feedback signal. */
export const FeedbackSource = {
  Trajectory: 'trajectory',
  RagRetrieval: 'rag_retrieval',
  ToolExecution: 'tool_execution',
  AgentTask: 'agent_task',
  Governance: 'governance',
  CostBudget: 'cost_budget',
  UserExplicit: 'user_explicit',
} as const;
export type FeedbackSource = (typeof FeedbackSource)[keyof typeof FeedbackSource];
export const FEEDBACK_SOURCES: readonly FeedbackSource[] = Object.values(FeedbackSource);

/** What a signal is about; one queue per type, in this order. */
export const ComponentType = {
  Model: 'model',
  Tool: 'tool',
  Agent: 'agent',
  Threshold: 'threshold',
  Prompt: 'prompt',
  Memory: 'memory',
} as const;
export type ComponentType = (typeof ComponentType)[keyof typeof ComponentType];
export const COMPONENT_TYPES: readonly ComponentType[] = Object.values(ComponentType);

/** A reward signal as the hub stores it: validated, with its identity and tenant. */
export interface FeedbackSignal {
  readonly signalId: string;
  readonly tenantId: string;
  readonly source: FeedbackSource;
  readonly componentType: ComponentType;
  readonly componentId: string;
  /** In [0, 1]. */
  readonly reward: number;
  /** In [0, 1]; weights the model-bandit update. */
  readonly confidence: number;
  readonly context: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Epoch ms at acceptance. */
  readonly timestamp: number;
}

/** A signal as a caller submits it: everything but the type, id and reward has a default. */
export interface FeedbackSignalInput {
  signalId?: string;
  source?: FeedbackSource;
  componentType?: ComponentType;
  componentId?: string;
  reward: number;
  confidence?: number;
  context?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface ToolFeedbackInput {
  /** Makes retries idempotent, as a signal's `signalId` does. */
  signalId?: string;
  toolId: string;
  success: boolean;
  latencyMs?: number;
  /** Clamped to [0, 1]; when absent the reward is 1 on success, else 0. */
  qualityScore?: number;
  confidence?: number;
  context?: Record<string, unknown>;
}

export interface AgentFeedbackInput {
  /** Makes retries idempotent, as a signal's `signalId` does. */
  signalId?: string;
  agentId: string;
  success: boolean;
  durationS?: number;
  qualityScore?: number;
  confidence?: number;
  context?: Record<string, unknown>;
}

export interface RagFeedbackInput {
  /** Makes retries idempotent, as a signal's `signalId` does. */
  signalId?: string;
  queryId: string;
  /** Clamped to [0, 1]: the reward. */
  relevanceScore: number;
  retrievalLatencyMs?: number;
  numResults?: number;
  confidence?: number;
  /** Chunks retrieved for the query (their quality is tracked for memory consolidation). */
  chunkIds?: string[];
}

/** What an accepted submit returns. */
export interface SubmitReceipt {
  readonly signalId: string;
  readonly componentType: ComponentType;
  readonly queued: boolean;
  /** True when a signal with this id had already been accepted (it is not counted twice). */
  readonly duplicate: boolean;
  readonly queueSize: number;
}

export interface TrajectoryReceipt {
  readonly trajectoryId: string;
  readonly signalsSubmitted: number;
  readonly signals: readonly SubmitReceipt[];
}

/**
 * The feedback hub as other layers use it: submits return `ok` (queued), `skipped` (`component_disabled`) or
 * `error` (validation, naming the field; nothing queued).
 */
export interface FeedbackPort {
  submit(ctx: OrchestrationContext, signal: FeedbackSignalInput): Promise<StepResult<SubmitReceipt>>;
  submitTool(ctx: OrchestrationContext, input: ToolFeedbackInput): Promise<StepResult<SubmitReceipt>>;
  submitAgent(ctx: OrchestrationContext, input: AgentFeedbackInput): Promise<StepResult<SubmitReceipt>>;
  submitRag(ctx: OrchestrationContext, input: RagFeedbackInput): Promise<StepResult<SubmitReceipt>>;
  submitTrajectory(
    ctx: OrchestrationContext,
    trajectory: Record<string, unknown>,
    evaluation?: Record<string, unknown>,
    /** Names this submit, so that sending it again changes nothing (its signals' ids derive from it). */
    idempotencyKey?: string,
  ): Promise<StepResult<TrajectoryReceipt>>;
}

export const FEEDBACK = Symbol('FEEDBACK');
