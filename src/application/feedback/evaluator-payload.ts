import { clamp01 } from './trajectory';

/** The evaluation passed on to trajectory feedback by the LangSmith-style evaluator. */
export interface EvaluatorPayload {
  readonly accuracy_score: number;
  readonly efficiency_score: number;
  readonly error_handling_score: number;
  /** In [0, 1]. */
  readonly overall_score: number;
  /** In [0, 1]. */
  readonly confidence: number;
  readonly score: boolean;
  readonly reasoning?: string;
  readonly evaluation_id?: string;
}

export type EvaluatorPayloadResult =
  | { readonly ok: true; readonly payload: EvaluatorPayload }
  | { readonly ok: false; readonly reason: 'insufficient_metrics' };

/**
 * Builds the feedback payload from raw evaluation data (snake_case or camelCase keys; `null` and non-finite numbers
 * count as absent). Accuracy defaults to 0; efficiency and error handling default to the accuracy. When all three are 0
 * there is nothing to learn from and the result is `insufficient_metrics`. The overall score defaults to
 * 0.5·accuracy + 0.3·efficiency + 0.2·error handling, the confidence to the accuracy; both are clamped to [0, 1].
 * `score` defaults to true.
 *
 * @example buildEvaluatorPayload({ accuracy_score: 0.8 }) // every score and the confidence ≈ 0.8
 */
export function buildEvaluatorPayload(data: Record<string, unknown>): EvaluatorPayloadResult {
  const accuracy = numberAt(data, 'accuracy_score') ?? 0;
  const efficiency = numberAt(data, 'efficiency_score') ?? accuracy;
  const errorHandling = numberAt(data, 'error_handling_score') ?? accuracy;
  if (accuracy === 0 && efficiency === 0 && errorHandling === 0) return { ok: false, reason: 'insufficient_metrics' };

  const weighted = 0.5 * accuracy + 0.3 * efficiency + 0.2 * errorHandling;
  const score = valueAt(data, 'score');
  const reasoning = valueAt(data, 'reasoning');
  const evaluationId = valueAt(data, 'evaluation_id');
  const payload: EvaluatorPayload = {
    accuracy_score: accuracy,
    efficiency_score: efficiency,
    error_handling_score: errorHandling,
    overall_score: clamp01(numberAt(data, 'overall_score') ?? weighted),
    confidence: clamp01(numberAt(data, 'confidence') ?? accuracy),
    score: score === undefined ? true : Boolean(score),
    ...(typeof reasoning === 'string' ? { reasoning } : {}),
    ...(typeof evaluationId === 'string' || typeof evaluationId === 'number'
      ? { evaluation_id: String(evaluationId) }
      : {}),
  };
  return { ok: true, payload };
}

function valueAt(data: Record<string, unknown>, snake: string): unknown {
  return data[snake] ?? data[snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] ?? undefined;
}

function numberAt(data: Record<string, unknown>, snake: string): number | undefined {
  const v = valueAt(data, snake);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
