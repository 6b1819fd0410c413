import { ComponentType, FeedbackSource, type FeedbackSignalInput } from '../../core/ports/feedback.port';

/** An agent trajectory as callers send it: a loose record (snake_case or camelCase keys). */
export type TrajectoryInput = Record<string, unknown>;
/** An evaluation of a trajectory (scores in [0, 1]), snake_case or camelCase keys. */
export type Evaluation = Record<string, unknown>;

/** The signals a trajectory fans out into, all with source `trajectory`. */
export interface TrajectorySignals {
  readonly ok: true;
  readonly trajectoryId: string;
  readonly signals: FeedbackSignalInput[];
}

/**
 * Why a trajectory was rejected. `field` is the canonical (snake_case) path, e.g. `evaluation.overall_score`; `message`
 * names it too, e.g. `evaluation.overall_score must be a finite number`.
 */
export interface TrajectoryFieldError {
  readonly ok: false;
  readonly field: string;
  readonly message: string;
}

type Obj = Record<string, unknown>;

interface Step {
  readonly tool: string;
  readonly success: boolean;
  readonly modelId?: string;
}

interface Variant {
  readonly id?: string;
  readonly index: number;
  readonly quality?: number;
  readonly latencyMs?: number;
  readonly promptType: string;
}

interface Parsed {
  readonly trajectoryId?: string;
  readonly overall: number;
  readonly evalOverall?: number;
  readonly confidence: number;
  readonly accuracy: number;
  readonly efficiency: number;
  readonly errorHandling: number;
  readonly latencyMs?: number;
  readonly costUsd?: number;
  readonly steps: readonly Step[];
  readonly modelId?: string;
  readonly agentId?: string;
  readonly agentSuccess: boolean;
  readonly duration?: number;
  readonly variants: readonly Variant[];
}

const DEFAULT_CONFIDENCE = 0.8;

/** Clamps to [0, 1]; NaN becomes 0 so that a reward is never NaN. */
export function clamp01(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.min(1, Math.max(0, x));
}

/**
 * Reward of one LLM call (the trajectory-driven variant): 0 when `success` is false, otherwise
 * 1 − min(latency/10 000, 0.3) − min(100·cost, 0.2), clamped. Missing or non-finite latency and cost count as 0.
 *
 * @example llmCallReward({ success: true, latencyMs: 2000, costUsd: 0.001 }) // 0.7
 */
export function llmCallReward(call: { success?: boolean; latencyMs?: number; costUsd?: number }): number {
  if (call.success === false) return 0;
  const latencyPenalty = Math.min(finiteOr(call.latencyMs, 0) / 10_000, 0.3);
  const costPenalty = Math.min(finiteOr(call.costUsd, 0) * 100, 0.2);
  return clamp01(1 - latencyPenalty - costPenalty);
}

/** Reward of one tool call: 0 when `success` is false, otherwise the relevance score clamped (0.5 when absent). */
export function toolCallReward(call: { success?: boolean; relevanceScore?: number }): number {
  if (call.success === false) return 0;
  return clamp01(finiteOr(call.relevanceScore, 0.5));
}

/**
 * Fans a trajectory and its evaluation out into model, tool, agent and prompt signals (source `trajectory`).
 * Everything is validated first, so a malformed input yields an error and no signals at all. Every field is read
 * under its snake_case or camelCase key; `null` counts as absent. Signals whose id cannot be found are left out
 * (model, agent, prompt variants without `variant_id`/`id`). `newId` is called only when neither the trajectory
 * nor the evaluation carries an id.
 */
export function extractTrajectorySignals(
  trajectory: TrajectoryInput,
  evaluation: Evaluation | undefined,
  newId: () => string,
): TrajectorySignals | TrajectoryFieldError {
  const reader = new FieldReader();
  const parsed = parse(reader, trajectory, evaluation ?? {});
  if (reader.error) return reader.error;
  const trajectoryId = parsed.trajectoryId ?? newId();
  return { ok: true, trajectoryId, signals: buildSignals(parsed, trajectoryId) };
}

function parse(r: FieldReader, t: Obj, e: Obj): Parsed {
  const evalOverall = r.num(e, 'overall_score', 'evaluation');
  const trajQuality = r.num(t, 'quality_score', 'trajectory');
  const evalQuality = r.num(e, 'quality_score', 'evaluation');
  const overall = clamp01(evalOverall ?? trajQuality ?? evalQuality ?? 0);
  const steps = readSteps(r, t);
  const successFlag = r.value(t, 'success');
  return {
    trajectoryId:
      idOf(r.value(t, 'session_id')) ??
      idOf(r.value(t, 'trajectory_id')) ??
      idOf(t.id) ??
      idOf(r.value(e, 'trajectory_id')),
    overall,
    evalOverall,
    confidence: clamp01(r.num(e, 'confidence', 'evaluation') ?? DEFAULT_CONFIDENCE),
    accuracy: clamp01(r.num(e, 'accuracy_score', 'evaluation') ?? overall),
    efficiency: clamp01(r.num(e, 'efficiency_score', 'evaluation') ?? r.num(e, 'efficiency', 'evaluation') ?? 0),
    errorHandling: clamp01(r.num(e, 'error_handling_score', 'evaluation') ?? 0),
    latencyMs: r.num(t, 'latency_ms', 'trajectory') ?? r.num(e, 'latency_ms', 'evaluation'),
    costUsd: r.num(t, 'cost_usd', 'trajectory') ?? r.num(e, 'cost_usd', 'evaluation'),
    steps,
    modelId:
      steps.find((s) => s.modelId !== undefined)?.modelId ??
      idOf(r.value(t, 'model_id')) ??
      idOf(t.model) ??
      idOf(r.value(e, 'model_id')),
    agentId: idOf(r.value(t, 'agent_id')) ?? idOf(r.value(e, 'agent_id')) ?? idOf(t.agent),
    agentSuccess: successFlag === undefined ? overall >= 0.5 : Boolean(successFlag),
    duration: r.num(t, 'total_duration', 'trajectory') ?? r.num(e, 'duration', 'evaluation'),
    variants: readVariants(r, t),
  };
}

function readSteps(r: FieldReader, t: Obj): Step[] {
  const raw = r.list(t, 'steps', 'trajectory.steps');
  return raw.flatMap((step: unknown, i): Step[] => {
    if (!r.isObject(step, `trajectory.steps[${i}]`)) return [];
    const result = r.value(step, 'result');
    const args = r.value(step, 'tool_args');
    const success = Boolean(r.value(step, 'success')) || (isObj(result) && Boolean(result.success));
    const modelId = isObj(args) ? idOf(r.value(args, 'model_id')) : undefined;
    return [{ tool: idOf(r.value(step, 'tool_name')) ?? 'unknown', success, modelId }];
  });
}

function readVariants(r: FieldReader, t: Obj): Variant[] {
  const raw = r.list(t, 'prompt_variants', 'trajectory.prompt_variants');
  return raw.flatMap((v: unknown, index): Variant[] => {
    const path = `trajectory.prompt_variants[${index}]`;
    if (!r.isObject(v, path)) return [];
    const type = r.value(v, 'prompt_type');
    const id = idOf(r.value(v, 'variant_id')) ?? idOf(v.id);
    const promptType = typeof type === 'string' && type !== '' ? type : 'unknown';
    return [
      { id, index, quality: r.num(v, 'quality_score', path), latencyMs: r.num(v, 'latency_ms', path), promptType },
    ];
  });
}

function buildSignals(p: Parsed, trajectoryId: string): FeedbackSignalInput[] {
  const out: FeedbackSignalInput[] = [];
  if (p.modelId !== undefined) {
    // Latency, cost and length go into the context too: the model sink builds its feature vector from the context.
    const measured = defined({ latency_ms: p.latencyMs, cost_usd: p.costUsd, trajectory_length: p.steps.length });
    const context = {
      trajectory_id: trajectoryId,
      accuracy: p.accuracy,
      efficiency: p.efficiency,
      error_handling: p.errorHandling,
      ...measured,
    };
    out.push(
      signal(ComponentType.Model, p.modelId, p.overall, p.confidence, context, {
        trajectory_id: trajectoryId,
        ...measured,
      }),
    );
  }
  for (const [tool, outcomes] of groupByTool(p.steps)) {
    const reward = outcomes.filter(Boolean).length / outcomes.length;
    out.push(
      signal(
        ComponentType.Tool,
        tool,
        reward,
        DEFAULT_CONFIDENCE,
        { usage_count: outcomes.length },
        { trajectory_id: trajectoryId },
      ),
    );
  }
  if (p.agentId !== undefined) {
    const context = defined({ success: p.agentSuccess, duration: p.duration, trajectory_id: trajectoryId });
    out.push(signal(ComponentType.Agent, p.agentId, p.overall, p.confidence, context, { trajectory_id: trajectoryId }));
  }
  for (const v of p.variants) {
    if (v.id === undefined) continue;
    const q = v.quality ?? p.evalOverall ?? 0;
    const latency = v.latencyMs ?? 0;
    const penalty = latency > 0 ? Math.min(0.2, latency / 10_000) : 0;
    const context = { quality_contribution: q, latency_ms: latency, prompt_type: v.promptType };
    const metadata = { trajectory_id: trajectoryId, variant_index: v.index };
    out.push(signal(ComponentType.Prompt, v.id, clamp01(q - penalty), DEFAULT_CONFIDENCE, context, metadata));
  }
  return out;
}

/** Step outcomes per tool name, in order of first use. */
function groupByTool(steps: readonly Step[]): Map<string, boolean[]> {
  const groups = new Map<string, boolean[]>();
  for (const s of steps) groups.set(s.tool, [...(groups.get(s.tool) ?? []), s.success]);
  return groups;
}

function signal(
  type: ComponentType,
  id: string,
  reward: number,
  confidence: number,
  context: Obj,
  metadata: Obj,
): FeedbackSignalInput {
  return {
    source: FeedbackSource.Trajectory,
    componentType: type,
    componentId: id,
    reward,
    confidence,
    context,
    metadata,
  };
}

/** Reads fields under snake_case or camelCase keys and remembers the first validation failure. */
class FieldReader {
  error?: TrajectoryFieldError;

  fail(field: string, message: string): void {
    this.error ??= { ok: false, field, message: `${field} ${message}` };
  }

  value(o: Obj, snake: string): unknown {
    return o[snake] ?? o[toCamel(snake)] ?? undefined;
  }

  /** An array that is present must be an array; absent reads as empty. */
  list(o: Obj, snake: string, field: string): unknown[] {
    const v = this.value(o, snake);
    if (v === undefined || Array.isArray(v)) return v ?? [];
    this.fail(field, 'must be an array');
    return [];
  }

  isObject(v: unknown, field: string): v is Obj {
    if (isObj(v)) return true;
    this.fail(field, 'must be an object');
    return false;
  }

  /** A number that is present must be finite; otherwise the failure names `<path>.<snake>`. */
  num(o: Obj, snake: string, path: string): number | undefined {
    const v = this.value(o, snake);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    this.fail(`${path}.${snake}`, 'must be a finite number');
    return undefined;
  }
}

const toCamel = (snake: string): string => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A usable id: a non-empty string, or a finite number as text. */
function idOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function finiteOr(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function defined(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
