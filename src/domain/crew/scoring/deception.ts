import { clamp01, finite, lookup, score3 } from './score-math';

/** One indicator reported by the deception-scoring tool. */
export interface DeceptionIndicator {
  /** 0–1 (clamped). */
  readonly confidence: number;
  /** low / medium / high; anything else weighs .5. */
  readonly severity?: string | null;
}

/** Indicator weight by severity. */
export const SEVERITY_WEIGHTS: Readonly<Record<string, number>> = { low: 0.3, medium: 0.6, high: 1 };

/**
 * Composite deception score: `Σ confidence·w / Σ w` over the deception tool's indicators, with
 * w = .3 low, .6 medium, 1.0 high, .5 otherwise; round3. No indicators → the tool's own score when given
 * (clamped), else 0.
 * ⚠ fixed: S6 in the original called this with four unrelated arguments and always failed; here the inputs
 * are the deception tool's indicators, with its overall score as the fallback.
 */
export function compositeDeceptionScore(indicators: readonly DeceptionIndicator[], toolScore?: number | null): number {
  if (indicators.length === 0) return score3(finite(toolScore) ?? 0);
  let weighted = 0;
  let weights = 0;
  for (const indicator of indicators) {
    const w = lookup(SEVERITY_WEIGHTS, indicator.severity?.trim().toLowerCase() ?? '', 0.5);
    weighted += clamp01(indicator.confidence) * w;
    weights += w;
  }
  return score3(weighted / weights);
}
