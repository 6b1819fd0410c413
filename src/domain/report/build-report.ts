import type { ContentDigest, FactCheckResult, Verdict } from '../content';
import type { Assessment, CheckedClaim, ContentReport, Elsewhere, Method } from './report.model';

/** One fact check's outcome, whichever mode made it. */
export interface ClaimCheck {
  readonly claim: string;
  readonly verdict: Verdict;
  readonly confidence: number;
  readonly source: string | null;
}

const EVIDENCE_SOURCES: Readonly<Record<string, string>> = {
  knowledge_base: 'the fact-check knowledge base',
  memory: "the tenant's earlier content",
  google_fact_check: 'Google Fact Check',
};

/** An evidence kind as a reader reads it (`knowledge_base` → `the fact-check knowledge base`); unknown kinds as given. */
export const evidenceSource = (kind: string): string => EVIDENCE_SOURCES[kind] ?? kind;

/** A fact checker's result as a claim check: its source is the publisher or kind of its best evidence. */
export function checkOf(result: FactCheckResult): ClaimCheck {
  const best = [...result.evidence].sort((a, b) => b.score - a.score)[0];
  return {
    claim: result.claim,
    verdict: result.verdict,
    confidence: result.confidence,
    source: best ? (best.publisher ?? evidenceSource(best.source)) : null,
  };
}

export interface ReportParts {
  /** What the content says; null when nothing was acquired or the analysis failed. */
  readonly content: ContentDigest | null;
  readonly checks: readonly ClaimCheck[];
  readonly assessment: Assessment | null;
  /** Cross-source mentions (crew modes from deep depth); absent or null when there are none. */
  readonly elsewhere?: Elsewhere | null;
  readonly method: Method;
  readonly notices?: readonly string[];
  /** Epoch ms. */
  readonly now: number;
}

const normal = (text: string) => text.replace(/\s+/gu, ' ').trim().toLowerCase();

/**
 * The report from a run's parts: the content's digest, its claims each with the verdict of the
 * fact check made for it (matched by text; checks of claims the digest does not list are added; checked claims
 * come first, then the unchecked ones by check-worthiness), and the
 * notices — with one added when there was no text to analyse, so a reader never takes an empty analysis for a
 * finding.
 */
export function buildReport(parts: ReportParts): ContentReport {
  const content = parts.content;
  const checks = new Map(parts.checks.map((c) => [normal(c.claim), c]));
  const claims: CheckedClaim[] = (content?.claims ?? []).map((c) => {
    const check = checks.get(normal(c.text));
    checks.delete(normal(c.text));
    return {
      text: c.text,
      worthiness: c.score,
      verdict: check?.verdict ?? null,
      confidence: check?.confidence ?? null,
      source: check?.source ?? null,
    };
  });
  for (const check of checks.values())
    claims.push({
      text: check.claim.replace(/\s+/gu, ' ').trim(),
      worthiness: 0,
      verdict: check.verdict,
      confidence: check.confidence,
      source: check.source,
    });
  // Checked claims first (a reader looks for verdicts), each group in its own order.
  claims.sort((a, b) => Number(a.verdict === null) - Number(b.verdict === null));
  const notices = [...(parts.notices ?? [])];
  if (content && content.about.words === 0)
    notices.unshift(
      content.about.textOrigin === 'none'
        ? 'This media has no subtitles or captions and no speech recognition is configured (content.transcriptionUrl, ' +
            'or content.whisperModel for whisper.cpp): there is no transcript, so nothing below analyses what is said.'
        : 'The source gave no text to analyse: every section below is empty for that reason.',
    );
  if (content && content.about.words > 0 && content.about.language === null)
    notices.push('The text does not read as English; the analyses are made for English and may miss much.');
  return {
    version: 1,
    generatedAt: new Date(parts.now).toISOString(),
    content,
    claims,
    elsewhere: parts.elsewhere ?? null,
    assessment: parts.assessment,
    method: parts.method,
    notices,
  };
}
