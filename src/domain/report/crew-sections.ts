import { STAGE_NAMES, type DeceptionData, type FactAnalysisData, type StageId, type StageResult } from '../crew';
import { z } from 'zod';
import type { Assessment, Elsewhere, MethodStage } from './report.model';
import { evidenceSource, type ClaimCheck } from './build-report';

type Stages = Partial<Record<StageId, StageResult>>;

interface Briefing {
  readonly intelligence_grade?: string;
  readonly threat_assessment?: { readonly level?: string; readonly risk_factors?: readonly string[] };
  readonly verification_summary?: { readonly claims_checked?: number } | null;
  readonly strategic_recommendations?: readonly string[];
}

const okData = <T>(r: StageResult | undefined): T | undefined =>
  r && (r.status === 'ok' || r.status === 'uncertain') ? (r.data as unknown as T) : undefined;

/** Reasons shown per assessment part. */
const REASONS = 4;

/**
 * The assessment from the crew's stages: credibility from the deception score (S6, 1 − score) with its strongest
 * indicators, the threat level and its risk factors, the grade with what kept it from A, and the recommendations
 * (S12). A part whose stage did not run is null.
 */
export function crewAssessment(stages: Stages): Assessment {
  const deception = okData<Partial<DeceptionData>>(stages.S6);
  const briefing = okData<Briefing>(stages.S12);
  const indicators = [...(deception?.deception_analysis?.indicators ?? [])].sort((a, b) => b.confidence - a.confidence);
  const level = briefing?.threat_assessment?.level;
  const gradeReasons: string[] = [];
  if (briefing) {
    if (level && level !== 'low') gradeReasons.push(`threat level ${level}`);
    if (!briefing.verification_summary?.claims_checked) gradeReasons.push('no claim could be fact-checked');
    if (stages.S2?.status !== 'ok') gradeReasons.push('no transcript');
  }
  return {
    credibility:
      typeof deception?.deception_score === 'number'
        ? {
            score: Math.round((1 - deception.deception_score) * 100) / 100,
            reasons:
              indicators.length > 0
                ? indicators.slice(0, REASONS).map((i) => `${i.detail} (${i.severity})`)
                : ['no sign of deception found'],
          }
        : null,
    threat: level
      ? {
          level,
          reasons: (briefing?.threat_assessment?.risk_factors ?? []).slice(0, REASONS),
        }
      : null,
    grade: briefing?.intelligence_grade ? { grade: briefing.intelligence_grade, reasons: gradeReasons } : null,
    recommendations: (briefing?.strategic_recommendations ?? []).slice(0, 5),
  };
}

/** S4's verdicts, one per checked claim. */
export function crewClaimChecks(stages: Stages): ClaimCheck[] {
  const facts = okData<Partial<FactAnalysisData>>(stages.S4);
  return (facts?.fact_checks?.items ?? []).map((item) => ({
    claim: item.claim,
    verdict: item.verdict,
    confidence: item.confidence,
    // S4 says `none` when no evidence was found.
    source: item.source && item.source !== 'none' ? evidenceSource(item.source) : null,
  }));
}

const LABELS: Readonly<Record<StageId, string>> = {
  S1: 'Acquisition',
  S2: 'Transcription',
  S3: 'Content analysis',
  S4: 'Fact checks',
  S5: 'Cross-platform monitoring',
  S6: 'Deception and trust scoring',
  S7: 'Knowledge integration',
  S8: 'Performance analytics',
  S9: 'Behaviour profile',
  S10: 'Research synthesis',
  S11: 'Quality assessment',
  S12: 'Briefing',
  S13: 'Delivery',
};

/** The crew's stages as the method section lists them, in stage order, with why one was skipped or failed. */
export function crewStages(stages: Stages): MethodStage[] {
  return (Object.keys(STAGE_NAMES) as StageId[]).flatMap((id): MethodStage[] => {
    const r = stages[id];
    if (!r) return [];
    const name = LABELS[id];
    if (r.status === 'skipped') return [{ id, name, status: 'skipped', note: r.reason }];
    if (r.status === 'error') return [{ id, name, status: 'failed', note: r.error }];
    return [{ id, name, status: 'ran', note: r.status === 'uncertain' ? r.reason : null }];
  });
}

/** Mentions listed at most. */
export const ELSEWHERE_MENTIONS = 10;

const text = (max: number) => z.string().trim().min(1).max(max);
/** The part of a social monitor's answer the report reads; each mention is checked on its own. */
const mention = z.object({
  platform: text(64),
  text: text(500),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullish(),
});

/**
 * Where else the content's terms were found, from S5's answer: its `mentions` that are well formed (a platform and
 * a text, an http(s) URL if any; the rest are dropped, the monitor being outside input), up to
 * {@link ELSEWHERE_MENTIONS}. Null when S5 did not run or gave no readable mention.
 */
export function crewElsewhere(stages: Stages): Elsewhere | null {
  const s5 = okData<{ social_media_intelligence?: { mentions?: unknown }; search_terms?: unknown }>(stages.S5);
  const raw = s5?.social_media_intelligence?.mentions;
  if (!Array.isArray(raw)) return null;
  const mentions = raw.flatMap((m) => {
    const parsed = mention.safeParse(m);
    return parsed.success ? [{ ...parsed.data, url: parsed.data.url ?? null }] : [];
  });
  if (mentions.length === 0) return null;
  const terms = Array.isArray(s5?.search_terms) ? s5.search_terms.filter((t) => typeof t === 'string') : [];
  return { terms, mentions: mentions.slice(0, ELSEWHERE_MENTIONS) };
}
