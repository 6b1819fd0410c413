import type { Depth } from '../../content';
import { clamp01, finite, isNonEmpty, score3 } from '../scoring/score-math';
import type { Block } from './synthesis.types';

/** Stage keys multi-modal synthesis assesses (the original's workflow-step names); other keys are ignored. */
export const MULTI_MODAL_STAGES = [
  'content_acquisition',
  'transcription_processing',
  'content_analysis',
  'information_verification',
  'threat_analysis',
  'social_intelligence',
  'behavioral_profiling',
  'knowledge_integration',
  'research_synthesis',
  'performance_analytics',
  'ai_quality_assessment',
  'intelligence_briefing',
] as const;
export type MultiModalStage = (typeof MULTI_MODAL_STAGES)[number];

/** Fields of a stage output that multi-modal synthesis reads as signals (set by recovery, crews or verifiers). */
export interface StageSignals {
  /** Set by graceful degradation (recovery). */
  readonly degradedExecution?: boolean;
  readonly recoveryApplied?: boolean;
  /** Present (non-empty) when a crew analysed the stage. */
  readonly crewAnalysis?: unknown;
  readonly enhancedWorkflow?: boolean;
  /** An explicit 0–1 confidence; wins over every other signal. */
  readonly confidenceLevel?: number;
  readonly verified?: boolean;
  readonly requiresManualReview?: boolean;
}
/** A stage output with its signal fields. */
export type StageData = StageSignals & Block;

/** Quality multiplier per depth. */
export const DEPTH_QUALITY_FACTOR: Readonly<Record<Depth, number>> = {
  standard: 0.8,
  deep: 1,
  comprehensive: 1.2,
  experimental: 1.3,
};
/** Bonus added to the grade score per depth. */
export const DEPTH_GRADE_BONUS: Readonly<Record<Depth, number>> = {
  standard: 0,
  deep: 0.05,
  comprehensive: 0.1,
  experimental: 0.15,
};

/**
 * Stage quality: `.7 × .6 if degraded × .8 if recovery applied × 1.2 if crew analysis present ×
 * 1.1 if enhanced workflow × depth factor (standard .8, deep 1, comprehensive 1.2, experimental 1.3)`, capped
 * at 1, round3; an empty stage scores .1.
 */
export function stageQuality(data: StageData, depth: Depth): number {
  if (!isNonEmpty(data)) return 0.1;
  let q = 0.7;
  if (data.degradedExecution === true) q *= 0.6;
  if (data.recoveryApplied === true) q *= 0.8;
  if (isNonEmpty(data.crewAnalysis)) q *= 1.2;
  if (data.enhancedWorkflow === true) q *= 1.1;
  return score3(q * DEPTH_QUALITY_FACTOR[depth]);
}

/** Stage confidence: explicit `confidenceLevel` (clamped), else verified .9, manual review .4, degraded .5, else .7. */
export function stageConfidence(data: StageData): number {
  const explicit = finite(data.confidenceLevel);
  if (explicit !== undefined) return clamp01(explicit);
  if (data.verified === true) return 0.9;
  if (data.requiresManualReview === true) return 0.4;
  return data.degradedExecution === true ? 0.5 : 0.7;
}

/** Stage completeness = fields that are not null/undefined / 10, capped at 1. */
export function stageCompleteness(data: StageData): number {
  return score3(Object.values(data).filter((v) => v !== null && v !== undefined).length / 10);
}

/** A stage succeeded when it holds data and reports no error (`error` field or `status: 'error'`). */
export function stageSucceeded(data: StageData): boolean {
  return isNonEmpty(data) && !data.error && data.status !== 'error';
}

/** Grades of a multi-modal synthesis, best first. */
export const SynthesisGrade = {
  Excellent: 'excellent',
  Good: 'good',
  Satisfactory: 'satisfactory',
  Limited: 'limited',
  Poor: 'poor',
} as const;
export type SynthesisGrade = (typeof SynthesisGrade)[keyof typeof SynthesisGrade];

/** The averages the grade is computed from. */
export interface GradeComponents {
  readonly averageQuality: number;
  readonly averageConfidence: number;
  readonly successRate: number;
  readonly averageCompleteness: number;
  readonly depth: Depth;
}

/**
 * Grade score = `.4·avg quality + .3·avg confidence + .2·success rate + .1·avg completeness +
 * depth bonus (standard 0, deep .05, comprehensive .10, experimental .15)`, clamped to [0, 1] and round3 (so a
 * sum meant to be .9 is not graded "good" for being .8999999999).
 */
export function gradeScore(c: GradeComponents): number {
  return score3(
    0.4 * c.averageQuality +
      0.3 * c.averageConfidence +
      0.2 * c.successRate +
      0.1 * c.averageCompleteness +
      DEPTH_GRADE_BONUS[c.depth],
  );
}

/** Multi-modal grade: `≥ .9` excellent, `≥ .7` good, `≥ .5` satisfactory, `≥ .3` limited, else poor. */
export function multiModalGrade(score: number): SynthesisGrade {
  if (score >= 0.9) return SynthesisGrade.Excellent;
  if (score >= 0.7) return SynthesisGrade.Good;
  if (score >= 0.5) return SynthesisGrade.Satisfactory;
  return score >= 0.3 ? SynthesisGrade.Limited : SynthesisGrade.Poor;
}
