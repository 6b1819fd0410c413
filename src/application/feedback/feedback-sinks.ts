import type { BanditsPort } from '../../core/ports/bandits.port';
import type { FeedbackSignal } from '../../core/ports/feedback.port';
import type { LazyPort } from '../../core/lazy/lazy-port';
import {
  ComponentStats,
  PromptAbStats,
  RagQualityTracker,
  ThresholdStats,
  type ComponentStatsSnapshot,
  type PromptAbSnapshot,
  type RagQualitySnapshot,
  type ThresholdStatsSnapshot,
} from './learning';
import { snapshotAt, within } from './snapshot-fields';

/** Where drained signals of one component type go. */
export interface FeedbackSink {
  /** False while the sink cannot take signals: they stay queued (e.g. no bandits provider yet). */
  ready(): boolean;
  accept(signal: FeedbackSignal): void | Promise<void>;
}

/** The bandit domain model signals train. */
export const MODEL_ROUTING_DOMAIN = 'model_routing';

function num(signal: FeedbackSignal, key: string, fallback: number): number {
  const v = signal.context[key] ?? signal.metadata[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function flag(signal: FeedbackSignal, key: string): boolean | undefined {
  const v = signal.context[key] ?? signal.metadata[key];
  return typeof v === 'boolean' ? v : undefined;
}

/**
 * The 10-dimensional context vector of a model signal, read from its context (then its metadata, where the
 * trajectory helper also puts latency, cost and length): accuracy, efficiency, error handling (0.5 each),
 * latency_ms / 10 000 (1000), cost_usd · 100 (0.01), quality_score (0.5), success (1/0, default 0),
 * trajectory_length / 20 (5), token_count / 10 000 (1000), confidence (0.5) — defaults in brackets.
 */
export function modelContextVector(signal: FeedbackSignal): number[] {
  return [
    num(signal, 'accuracy', 0.5),
    num(signal, 'efficiency', 0.5),
    num(signal, 'error_handling', 0.5),
    num(signal, 'latency_ms', 1000) / 10_000,
    num(signal, 'cost_usd', 0.01) * 100,
    num(signal, 'quality_score', 0.5),
    flag(signal, 'success') ? 1 : 0,
    num(signal, 'trajectory_length', 5) / 20,
    num(signal, 'token_count', 1000) / 10_000,
    num(signal, 'confidence', 0.5),
  ];
}

/** model → the bandits port (`model_routing` domain, reward × confidence); not ready while no provider exists. */
export class BanditModelSink implements FeedbackSink {
  constructor(private readonly bandits: LazyPort<BanditsPort>) {}

  ready(): boolean {
    return this.bandits.tryGet() !== undefined;
  }

  accept(signal: FeedbackSignal): Promise<void> {
    return this.bandits
      .get()
      .update(
        MODEL_ROUTING_DOMAIN,
        signal.componentId,
        modelContextVector(signal),
        signal.reward * signal.confidence,
        signal.tenantId,
        `signal:${signal.signalId}`,
      );
  }
}

type LearningParts = Pick<LearningState, 'tools' | 'agents' | 'prompts' | 'thresholds' | 'rag'>;

/** What {@link LearningState} holds, as JSON. */
export interface LearningSnapshot {
  readonly tools: ComponentStatsSnapshot;
  readonly agents: ComponentStatsSnapshot;
  readonly prompts: PromptAbSnapshot;
  readonly thresholds: ThresholdStatsSnapshot;
  readonly rag: RagQualitySnapshot;
}

/**
 * The learning state the default sinks feed, readable through `get_metrics`: per-tool and per-agent stats
 * (success-rate, latency and reward EMAs), prompt A/B variant stats, per-content-type threshold stats, and RAG
 * chunk quality (which drives memory consolidation).
 */
export class LearningState {
  readonly tools: ComponentStats;
  readonly agents: ComponentStats;
  readonly prompts: PromptAbStats;
  readonly thresholds: ThresholdStats;
  readonly rag: RagQualityTracker;

  /** Empty statistics, or those given. */
  constructor(parts: Partial<LearningParts> = {}) {
    this.tools = parts.tools ?? new ComponentStats();
    this.agents = parts.agents ?? new ComponentStats();
    this.prompts = parts.prompts ?? new PromptAbStats();
    this.thresholds = parts.thresholds ?? new ThresholdStats();
    this.rag = parts.rag ?? new RagQualityTracker();
  }

  /** The learning state a {@link LearningSnapshot} read back from JSON describes. */
  static restore(snapshot: unknown): LearningState {
    const s = snapshotAt(snapshot);
    return new LearningState({
      tools: within('tools', () => ComponentStats.restore(s.tools)),
      agents: within('agents', () => ComponentStats.restore(s.agents)),
      prompts: within('prompts', () => PromptAbStats.restore(s.prompts)),
      thresholds: within('thresholds', () => ThresholdStats.restore(s.thresholds)),
      rag: within('rag', () => RagQualityTracker.restore(s.rag)),
    });
  }

  snapshot(): LearningSnapshot {
    return {
      tools: this.tools.orderedSnapshot(),
      agents: this.agents.orderedSnapshot(),
      prompts: this.prompts.orderedSnapshot(),
      thresholds: this.thresholds.orderedSnapshot(),
      rag: this.rag.snapshot(),
    };
  }

  /**
   * Default sinks for tool, agent, prompt, threshold and memory. Times come from the signal (its acceptance), never
   * from the delivery, so delivering the same signals again rebuilds the same state.
   */
  sinks(): Record<'tool' | 'agent' | 'prompt' | 'threshold' | 'memory', FeedbackSink> {
    const always = () => true;
    return {
      tool: {
        ready: always,
        accept: (s) => {
          this.tools.record(s.componentId, {
            success: flag(s, 'success') ?? s.reward >= 0.5,
            latencyMs: optional(s, 'latency_ms'),
            reward: s.reward,
            now: s.timestamp,
          });
        },
      },
      agent: {
        ready: always,
        accept: (s) => {
          const duration = optional(s, 'duration_s') ?? optional(s, 'duration');
          this.agents.record(s.componentId, {
            success: flag(s, 'success') ?? s.reward >= 0.5,
            latencyMs: duration === undefined ? undefined : duration * 1000,
            reward: s.reward,
            now: s.timestamp,
          });
        },
      },
      prompt: {
        ready: always,
        accept: (s) => {
          this.prompts.record(s.componentId, {
            quality: num(s, 'quality_contribution', num(s, 'quality_score', s.reward)),
            latencyMs: num(s, 'latency_ms', 0),
            costUsd: num(s, 'cost_usd', 0),
            success: flag(s, 'success') ?? s.reward >= 0.5,
          });
        },
      },
      threshold: {
        ready: always,
        accept: (s) => {
          const contentType = typeof s.context.content_type === 'string' ? s.context.content_type : s.componentId;
          this.thresholds.record(contentType, {
            bypassed: flag(s, 'bypassed') ?? false,
            quality: s.reward,
            costSavedUsd: optional(s, 'cost_saved_usd'),
            timeSavedS: optional(s, 'time_saved_s'),
          });
        },
      },
      memory: {
        ready: always,
        accept: (s) => {
          const now = s.timestamp;
          this.rag.recordQueryQuality(s.reward);
          const chunks = s.context.chunk_ids;
          if (!Array.isArray(chunks)) return;
          chunks.forEach((c, position) => {
            if (typeof c === 'string') this.rag.recordRetrieval(c, { relevance: s.reward, position, now });
          });
        },
      },
    };
  }
}

function optional(signal: FeedbackSignal, key: string): number | undefined {
  const v = signal.context[key] ?? signal.metadata[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
