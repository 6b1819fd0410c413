import type { StageResult } from '../../crew';

interface Briefing {
  readonly executive_summary?: string;
  readonly key_findings?: readonly string[];
  readonly threat_assessment?: { readonly level?: string; readonly indicators?: readonly string[] };
  readonly verification_summary?: {
    readonly claims_checked?: number;
    readonly verified_claims?: number;
    readonly disputed_claims?: number;
    readonly confidence?: number | null;
  } | null;
  readonly strategic_recommendations?: readonly string[];
  readonly intelligence_grade?: string;
}

const bullets = (items: readonly string[] | undefined, max: number) =>
  (items ?? []).slice(0, max).map((item) => `- ${item}`);

/**
 * The human-readable part of the report: S12's briefing as Markdown (summary, findings, threat level with its first
 * indicators, claim checks, recommendations), or nothing when S12 did not produce one. The crew's own text follows
 * it in the report, unchanged.
 */
export function briefingMarkdown(s12: StageResult | undefined): string | undefined {
  if (s12?.status !== 'ok') return undefined;
  const b = s12.data as Briefing;
  const lines = [`### Briefing (grade ${b.intelligence_grade ?? '?'})`, '', b.executive_summary ?? ''];
  const findings = bullets(b.key_findings, 6);
  if (findings.length) lines.push('', '**Key findings**', ...findings);
  const threat = b.threat_assessment;
  if (threat?.level) {
    const indicators = (threat.indicators ?? []).slice(0, 3);
    lines.push('', `**Threat level:** ${threat.level}${indicators.length ? ` (${indicators.join('; ')})` : ''}`);
  }
  const v = b.verification_summary;
  if (v)
    lines.push(
      `**Claims:** ${v.claims_checked ?? 0} checked, ${v.verified_claims ?? 0} supported, ${v.disputed_claims ?? 0} refuted${typeof v.confidence === 'number' ? ` (confidence ${v.confidence.toFixed(2)})` : ''}`,
    );
  const recommendations = bullets(b.strategic_recommendations, 5);
  if (recommendations.length) lines.push('', '**Recommendations**', ...recommendations);
  return lines.join('\n');
}
