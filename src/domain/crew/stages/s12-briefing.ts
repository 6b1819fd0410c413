import { ok, skip } from '../../../core/result/step-result';
import { roundTo } from '../../content';
import {
  autonomousInsights,
  dataCompleteness,
  intelligenceGrade,
  MIXED_BELOW,
  overallConfidence,
  strategicRecommendations,
  threatLevelFromDeception,
} from '../scoring';
import { countOf } from '../scoring/score-math';
import { qualityInputs } from './s11-quality';
import type { ContentAnalysisData, DeceptionData, FactAnalysisData, TranscriptionData } from './stage-data';
import type { StageResult } from './stage.types';

/** Threat level when S6 did not run: not "known", so the grade cannot be A. */
export const UNKNOWN_THREAT = 'unknown';

const okData = <T>(r: StageResult): T | undefined => (r.status === 'ok' ? (r.data as unknown as T) : undefined);
type Loose<T> = { readonly [K in keyof T]?: T[K] | null } & Readonly<Record<string, unknown>>;
const two = (n: number) => roundTo(n, 2).toFixed(2);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What each stage contributes to the overall confidence (its confidence, else quality score, else
 * the keyword ratio of its text, else .5): S2 its transcript quality, S4 its fact-check confidence, S11 its AI
 * quality score; S1, S3 and S6 carry none of these and count by their text. Stages without data are left out.
 */
function confidenceSources(
  s1: StageResult,
  s2: StageResult,
  s3: StageResult,
  s4: StageResult,
  s6: StageResult,
  s11: StageResult,
): unknown[] {
  const s2Data = okData<Loose<TranscriptionData>>(s2);
  const s4Data = okData<Loose<FactAnalysisData>>(s4);
  const s11Data = okData<Readonly<Record<string, unknown>>>(s11);
  return [
    okData(s1),
    s2Data && { qualityScore: s2Data.quality_score },
    okData(s3),
    s4Data && { confidence: s4Data.fact_checks?.confidence },
    okData(s6),
    s11Data && { confidence: s11Data.ai_quality_score },
  ].filter((s) => s !== undefined);
}

/**
 * S12 intelligence briefing, deterministic: the threat level from S6's deception
 * score and S4's fallacy count (`unknown` without S6), S6's indicators and the risk factors behind the level,
 * S4's verification tally, S3's themes with S4's perspective summary as research context, the strategic
 * recommendations (coverage = data completeness; escalation when the threat is high), the overall confidence
 * and data completeness over S1–S4, S6 and S11, and the grade (A–D). Skipped with `acquisition_failed` when S1
 * is not ok.
 */
export function briefingStage(
  s1: StageResult,
  s2: StageResult,
  s3: StageResult,
  s4: StageResult,
  s6: StageResult,
  s11: StageResult,
  now: number,
): StageResult {
  if (s1.status !== 'ok') return skip('acquisition_failed');
  const inputs = qualityInputs(s1, s2, s3, s4, s6);
  const analysis = okData<Loose<ContentAnalysisData>>(s3);
  const facts = okData<Loose<FactAnalysisData>>(s4);
  const deception = okData<Loose<DeceptionData>>(s6);
  const quality = okData<{ readonly ai_quality_score: number; readonly trend: string }>(s11);
  const checks = facts?.fact_checks;
  const d = inputs.deceptionScore;
  const fallacies = inputs.fallacyNames;
  const level = d === undefined ? UNKNOWN_THREAT : threatLevelFromDeception(d, fallacies.length);
  const verified = countOf(checks?.verified_claims);
  const disputed = countOf(checks?.disputed_claims);
  const checked = countOf(checks?.items) || countOf(checks?.claims);
  const themes = analysis?.thematic_insights ?? [];
  const completeness = dataCompleteness([s1, s2, s3, s4, s6, s11].map((r) => okData(r) ?? null));
  const grade = intelligenceGrade({
    threatLevel: level,
    hasFactChecks: inputs.hasFactChecks,
    hasTranscript: inputs.hasTranscript,
  });

  const riskFactors: string[] = [];
  if (d !== undefined && d >= MIXED_BELOW) riskFactors.push(`High deception score (${two(d)}).`);
  if (disputed > 0) riskFactors.push(`${plural(disputed, 'disputed claim', 'disputed claims')}.`);
  if (fallacies.length > 0)
    riskFactors.push(
      `${plural(fallacies.length, 'logical fallacy', 'logical fallacies')}: ${fallacies.slice(0, 3).join(', ')}.`,
    );
  if (inputs.bias.biasSignals > 0)
    riskFactors.push(`${plural(inputs.bias.biasSignals, 'bias indicator', 'bias indicators')}.`);

  const keyFindings = autonomousInsights({ deceptionScore: d, fallacyNames: fallacies, knowledgeStored: false });
  if (checked > 0) keyFindings.push(`${verified} of ${checked} checked claims verified, ${disputed} disputed.`);
  if (quality) keyFindings.push(`Analysis quality ${quality.ai_quality_score} (${quality.trend}).`);

  const subject = inputs.title ? `"${inputs.title}"` : 'The content';
  const summary = [
    `${subject}${inputs.platform ? ` (${inputs.platform})` : ''}: threat level ${level}${d === undefined ? '' : `, deception score ${two(d)}`}.`,
    checked > 0
      ? `${verified} of ${checked} checked claims verified, ${disputed} disputed.`
      : 'No claims were fact-checked.',
    `Intelligence grade ${grade}.`,
  ].join(' ');

  return ok({
    executive_summary: summary,
    key_findings: keyFindings,
    threat_assessment: {
      level,
      indicators: (deception?.deception_analysis?.indicators ?? []).map(
        (i) => `${i.kind} (${i.severity}): ${i.detail}`,
      ),
      risk_factors: riskFactors,
    },
    verification_summary: checks
      ? {
          claims_checked: checked,
          verified_claims: verified,
          disputed_claims: disputed,
          evidence_count: countOf(checks.evidence_count),
          confidence: checks.confidence ?? null,
          backends_used: checks.backends_used ?? [],
        }
      : null,
    research_context: {
      themes,
      keywords: (analysis?.keywords ?? []).slice(0, 5).map((k) => k.term),
      perspective: facts?.perspective_synthesis?.summary || null,
    },
    strategic_recommendations: strategicRecommendations({
      threatLevel: level,
      prevailingSentiment: analysis?.sentiment?.label,
      themes,
      coverageScore: completeness,
      escalationRequired: level === 'high',
    }),
    confidence_metrics: {
      overall_confidence: overallConfidence(confidenceSources(s1, s2, s3, s4, s6, s11)),
      data_completeness: completeness,
    },
    intelligence_grade: grade,
    timestamp: new Date(now).toISOString(),
  });
}
