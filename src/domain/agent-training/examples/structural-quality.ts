import type { ToolStep } from './example.types';

/** The phases an investigation moves through, in the order it should move through them. */
export const PHASES = ['acquisition', 'analysis', 'verification', 'storage'] as const;
export type Phase = (typeof PHASES)[number];

const PHASE_OF: Readonly<Record<string, Phase>> = {
  pipeline: 'acquisition',
  multi_platform_download: 'acquisition',
  youtube: 'acquisition',
  twitch_download: 'acquisition',
  audio_transcription: 'acquisition',
  claim_extractor: 'analysis',
  fallacy: 'analysis',
  steelman: 'analysis',
  sentiment: 'analysis',
  perspective_synthesizer: 'analysis',
  fact_check: 'verification',
  context_verification: 'verification',
  vector: 'verification',
  truth_scoring: 'verification',
  memory_storage: 'storage',
  trustworthiness_tracker: 'storage',
};

/** Reasoning steps at which an example counts as fully deep (a misinformation expert example has 14). */
export const FULL_DEPTH_STEPS = 14;

/** The parts of the structural score, each 0–1. */
export interface QualityParts {
  /** Share of the focus's required tools the sequence actually calls. */
  readonly coverage: number;
  /** Share of consecutive phased steps that do not go back to an earlier phase (1 with fewer than two). */
  readonly ordering: number;
  /** Reasoning steps over {@link FULL_DEPTH_STEPS}, capped at 1. */
  readonly depth: number;
}

/** Weights of the parts in the score. */
export const QUALITY_WEIGHTS: Readonly<QualityParts> = { coverage: 0.4, ordering: 0.3, depth: 0.3 };

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The parts of the structural score of an example. */
export function qualityParts(
  requiredTools: readonly string[],
  sequence: readonly ToolStep[],
  reasoningSteps: number,
): QualityParts {
  const called = new Set(sequence.map((s) => s.tool));
  const coverage =
    requiredTools.length === 0 ? 1 : requiredTools.filter((t) => called.has(t)).length / requiredTools.length;
  const phases = sequence.map((s) => PHASE_OF[s.tool]).filter((p): p is Phase => p !== undefined);
  const pairs = phases.length - 1;
  const forward = phases.slice(1).filter((p, i) => PHASES.indexOf(p) >= PHASES.indexOf(phases[i])).length;
  const ordering = pairs < 1 ? 1 : forward / pairs;
  const depth = Math.min(1, reasoningSteps / FULL_DEPTH_STEPS);
  return { coverage, ordering, depth };
}

/**
 * An example's quality from its structure: 0.4 × coverage of the required tools by the sequence + 0.3 × the
 * acquisition → analysis → verification → storage ordering of the sequence + 0.3 × reasoning depth, to 3 decimals.
 * It ranges over the examples a generator makes (it is not a constant near 1).
 */
export function structuralQuality(
  requiredTools: readonly string[],
  sequence: readonly ToolStep[],
  reasoningSteps: number,
): number {
  const p = qualityParts(requiredTools, sequence, reasoningSteps);
  return round3(
    QUALITY_WEIGHTS.coverage * p.coverage + QUALITY_WEIGHTS.ordering * p.ordering + QUALITY_WEIGHTS.depth * p.depth,
  );
}
