import { clamp01, finite, lookup, mean, score3 } from './score-math';

/** Threat levels the threat formulas produce. */
export const ThreatLevel = { Low: 'low', Medium: 'medium', High: 'high' } as const;
export type ThreatLevel = (typeof ThreatLevel)[keyof typeof ThreatLevel];

/** Threat level from a 0–1 threat score: `< .3` low, `< .7` medium, else high. */
export function threatLevelFromScore(score: number): ThreatLevel {
  if (score < 0.3) return ThreatLevel.Low;
  return score < 0.7 ? ThreatLevel.Medium : ThreatLevel.High;
}

/**
 * Threat level from a deception score d (clamped) and a fallacy count f:
 * `t = (d + .1·f)/2`; `t > .7` high, `t > .4` medium, else low. d is taken to 3 decimals so that the
 * boundaries are exact (d = .6 with f = 2 gives t = .4: low).
 */
export function threatLevelFromDeception(deceptionScore: number, fallacyCount: number): ThreatLevel {
  // Summed in thousandths (d to 3 decimals) so that d = .6, f = 2 is exactly .4 and is not pushed over the boundary by rounding noise.
  const fallacies = Math.max(0, Math.floor(finite(fallacyCount) ?? 0));
  const t = (Math.round(clamp01(deceptionScore) * 1000) + 100 * fallacies) / 2000;
  if (t > 0.7) return ThreatLevel.High;
  return t > 0.4 ? ThreatLevel.Medium : ThreatLevel.Low;
}

/** The word lists {@link threatLevelFromText} counts. */
export const THREAT_WORDS: Readonly<Record<ThreatLevel, readonly string[]>> = {
  high: ['dangerous', 'threatening', 'harmful', 'malicious', 'deceptive'],
  medium: ['concerning', 'suspicious', 'questionable', 'misleading'],
  low: ['safe', 'benign', 'harmless', 'neutral', 'acceptable'],
};

const presentWords = (text: string, words: readonly string[]) => {
  const tokens = new Set(text.toLowerCase().match(/[a-z]+/g) ?? []);
  return words.filter((w) => tokens.has(w)).length;
};

/**
 * Threat level from free text: h, m, l = how many words of each list occur (whole words, any case,
 * so "unsafe" does not count as "safe"); high if h > m and h > l, medium if m > l, else low.
 */
export function threatLevelFromText(text: string): ThreatLevel {
  const h = presentWords(text, THREAT_WORDS.high);
  const m = presentWords(text, THREAT_WORDS.medium);
  const l = presentWords(text, THREAT_WORDS.low);
  if (h > m && h > l) return ThreatLevel.High;
  return m > l ? ThreatLevel.Medium : ThreatLevel.Low;
}

/** Inputs of the comprehensive threat score; an absent key contributes nothing. */
export interface ComprehensiveThreatInput {
  readonly deceptionScore?: number | null;
  readonly biasIndicatorCount?: number | null;
  readonly manipulationIndicatorCount?: number | null;
  /** `psychological_threats.risk_score`. */
  readonly psychologicalRiskScore?: number | null;
}

/**
 * Comprehensive threat over the present keys:
 * `min(1, .3·deception + min(.2, .1·#bias) + min(.25, .15·#manipulation) + .25·psych risk)`, round3.
 */
export function comprehensiveThreatScore(input: ComprehensiveThreatInput): number {
  const deception = clamp01(finite(input.deceptionScore) ?? 0);
  const bias = Math.max(0, finite(input.biasIndicatorCount) ?? 0);
  const manipulation = Math.max(0, finite(input.manipulationIndicatorCount) ?? 0);
  const psych = clamp01(finite(input.psychologicalRiskScore) ?? 0);
  return score3(0.3 * deception + Math.min(0.2, 0.1 * bias) + Math.min(0.25, 0.15 * manipulation) + 0.25 * psych);
}

/** Psychological threat level → risk value for {@link behaviouralRisk}. */
export const PSYCH_LEVEL_RISK: Readonly<Record<string, number>> = { low: 0.2, medium: 0.6, high: 1 };

/** Inputs of the behavioural risk score; absent (or unknown-level) terms are left out of the mean. */
export interface BehaviouralRiskInput {
  readonly manipulationIndicatorCount?: number | null;
  readonly deceptionScore?: number | null;
  readonly biasIndicatorCount?: number | null;
  readonly psychologicalLevel?: string | null;
}

/**
 * Behavioural risk = mean of the present terms: `min(1, .2·#manipulation)`, the deception score,
 * `min(1, .15·#bias)`, the psychological level (low .2, medium .6, high 1); round3. No term → 0 (nothing
 * indicates risk).
 */
export function behaviouralRisk(input: BehaviouralRiskInput): number {
  const terms: number[] = [];
  const manipulation = finite(input.manipulationIndicatorCount);
  if (manipulation !== undefined) terms.push(Math.min(1, 0.2 * Math.max(0, manipulation)));
  const deception = finite(input.deceptionScore);
  if (deception !== undefined) terms.push(clamp01(deception));
  const bias = finite(input.biasIndicatorCount);
  if (bias !== undefined) terms.push(Math.min(1, 0.15 * Math.max(0, bias)));
  const level = input.psychologicalLevel?.trim().toLowerCase();
  if (level && Object.hasOwn(PSYCH_LEVEL_RISK, level)) terms.push(lookup(PSYCH_LEVEL_RISK, level, 0));
  return score3(mean(terms));
}

/** Keywords whose presence in a string field adds .1 to the basic threat score. */
export const BASIC_THREAT_KEYWORDS = ['threat', 'danger', 'risk', 'harm', 'deception', 'manipulation'] as const;

/**
 * Basic threat score without an LLM, over the top-level fields of an analysis block:
 * each string field adds `.1` per keyword it contains (substring, any case: the keywords are stems, so
 * "dangerous" counts for "danger"); each numeric field whose name contains "threat" or "risk" adds
 * `min(v, 1)` (negatives count 0). Capped at 1, round3.
 */
export function basicThreatScore(fields: Readonly<Record<string, unknown>>): number {
  let score = 0;
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') {
      const text = value.toLowerCase();
      score += 0.1 * BASIC_THREAT_KEYWORDS.filter((k) => text.includes(k)).length;
    } else if (typeof value === 'number' && /threat|risk/i.test(key)) {
      score += clamp01(value);
    }
  }
  return score3(score);
}
