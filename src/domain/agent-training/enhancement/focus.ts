import type { TrainingFocus } from '../examples/example.types';

/** The reasoning framework attached to an enhanced agent's metadata. */
export interface ReasoningFramework {
  readonly enabled: true;
  readonly style: string;
  /** The confidence the agent must reach before stating a conclusion. */
  readonly confidence_threshold: number;
  readonly verification: string;
  readonly uncertainty: 'explicit';
  /** Practices specific to the role, in addition to the base ones. */
  readonly practices: readonly string[];
}

/**
 * The training focus of a role, by its lower-cased words: fact or truth → fact checking; intelligence or monitor →
 * cross-platform monitoring; character or profile → character profiling; anything else → content analysis.
 */
export function focusOf(role: string): TrainingFocus {
  const r = role.toLowerCase();
  if (r.includes('fact') || r.includes('truth')) return 'fact_checking';
  if (r.includes('intelligence') || r.includes('monitor')) return 'cross_platform_monitoring';
  if (r.includes('character') || r.includes('profile')) return 'character_profiling';
  return 'content_analysis';
}

/**
 * The reasoning framework of a role: analytical at confidence 0.75 by default; a fact role is verification-focused
 * at 0.85 with authoritative sources; intelligence, character and defender roles get their own style and practices.
 * The first matching rule wins, in that order.
 */
export function reasoningFramework(role: string): ReasoningFramework {
  const r = role.toLowerCase();
  const base = {
    enabled: true,
    confidence_threshold: 0.75,
    verification: 'multiple_sources',
    uncertainty: 'explicit',
  } as const;
  if (r.includes('fact'))
    return {
      ...base,
      style: 'verification_focused',
      confidence_threshold: 0.85,
      verification: 'authoritative_sources',
      practices: ['bias_detection', 'source_credibility_assessment'],
    };
  if (r.includes('intelligence'))
    return {
      ...base,
      style: 'investigative',
      practices: ['pattern_recognition', 'cross_platform_correlation', 'temporal_analysis'],
    };
  if (r.includes('character'))
    return {
      ...base,
      style: 'psychological_analytical',
      practices: ['longitudinal_analysis', 'behavioural_pattern_recognition', 'consistency_checking'],
    };
  if (r.includes('defender'))
    return {
      ...base,
      style: 'defensive_analytical',
      practices: ['argument_strengthening', 'counter_argument_anticipation', 'evidence_prioritisation'],
    };
  return { ...base, style: 'analytical', practices: [] };
}
