import { fail, ok, skip } from '../../../core/result/step-result';
import { CLAIMS_BY_DEPTH, roundTo, type Evidence, type FactCheckResult } from '../../content';
import { clamp01, mean } from '../scoring/score-math';
import type { FactAnalysisData, FactItem, TranscriptionData } from './stage-data';
import type { StageDeps, StageResult, StageRun } from './stage.types';

/**
 * Claims asked of the extractor, claims kept (the longest) at standard depth, and evidence items in the perspective
 * digest. Deeper runs check more claims: as many as the report lists at that depth (`CLAIMS_BY_DEPTH`: 8 at deep,
 * 12 at comprehensive and experimental).
 */
export const CLAIMS_EXTRACTED = 20;
export const CLAIMS_CHECKED = CLAIMS_BY_DEPTH.standard;
export const DIGEST_EVIDENCE = 10;

type TaggedEvidence = Evidence & { readonly claim: string };

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * S4 fact analysis: the 5 longest of up to 20 extracted claims (8 at deep, 12 deeper), each fact-checked on its own and all
 * concurrently (one port call per claim, excluding evidence from the content's own URL), the fallacies of the full
 * transcript, and an extractive perspective over the transcript plus a digest of the first 10 evidence items.
 *
 * Verdicts keep our vocabulary (supported / refuted / mixed / uncertain). The original counts its true set (true,
 * likely true, supported) as verified and its false set (false, likely false, unsupported) as disputed; ours map
 * onto them as `supported` → verified and `refuted` → disputed, while `mixed` and `uncertain` count as neither.
 *
 * A claim whose fact check fails (throws or returns nothing) becomes `uncertain` at 0.5 with no evidence; the
 * stage goes on. Skipped when S2 is (with its reason); a failing extractor, fallacy or summary call is an `error`.
 */
export async function factAnalysisStage(
  deps: Pick<StageDeps, 'analysis' | 'summarySentences'>,
  run: StageRun,
  s2: StageResult,
): Promise<StageResult> {
  if (s2.status !== 'ok') return skip(s2.status === 'skipped' ? s2.reason : 'no_transcript');
  const transcript = (s2.data as unknown as TranscriptionData).transcript;
  if (!transcript?.trim()) return skip('no_transcript');
  try {
    const extracted = (await deps.analysis.claims(transcript, CLAIMS_EXTRACTED)).map((c) => c.text);
    const claims = longestClaims(extracted, CLAIMS_BY_DEPTH[run.depth]);
    const [results, logical_fallacies] = await Promise.all([
      Promise.all(claims.map((claim) => checkClaim(deps, run, claim))),
      deps.analysis.fallacies(transcript),
    ]);
    const evidence: TaggedEvidence[] = results.flatMap((r, i) => r.evidence.map((e) => ({ ...e, claim: claims[i] })));
    const items = results.map((r, i) => factItem(claims[i], r));
    const perspective_synthesis = await deps.analysis.summary(
      [transcript, ...evidenceDigest(evidence)].join('\n'),
      deps.summarySentences,
    );
    const data: FactAnalysisData = {
      fact_checks: {
        claims,
        evidence,
        backends_used: [...new Set(results.flatMap((r) => r.backendsUsed))].sort(),
        evidence_count: evidence.length,
        items,
        verified_claims: items.filter((item) => item.verdict === 'supported').length,
        disputed_claims: items.filter((item) => item.verdict === 'refuted').length,
        confidence: roundTo(mean(items.map((item) => item.confidence)), 3),
      },
      logical_fallacies,
      perspective_synthesis,
    };
    return ok({ ...data });
  } catch (e) {
    return fail('processing', `Fact analysis failed: ${errorText(e)}`);
  }
}

/** The `max` longest claims, longest first; equal lengths keep their original order (a stable sort). */
export function longestClaims(claims: readonly string[], max = CLAIMS_CHECKED): string[] {
  return [...claims].sort((a, b) => b.length - a.length).slice(0, max);
}

/** One claim's check; a failure or an empty answer is an uncertain verdict with nothing to go on. */
async function checkClaim(deps: Pick<StageDeps, 'analysis'>, run: StageRun, claim: string): Promise<FactCheckResult> {
  const uncertain: FactCheckResult = { claim, verdict: 'uncertain', confidence: 0.5, evidence: [], backendsUsed: [] };
  try {
    const results = await deps.analysis.factCheck({
      claims: [claim],
      tenantId: run.tenantId,
      workspaceId: run.workspaceId,
      excludeUrl: run.url,
      signal: run.signal,
    });
    return results.find((r) => r.claim === claim) ?? results[0] ?? uncertain;
  } catch {
    return uncertain;
  }
}

/** The per-claim item: confidence 0.5 when missing, clamped; source and trust from the claim's evidence. */
function factItem(claim: string, result: FactCheckResult): FactItem {
  const confidence = Number.isFinite(result.confidence) ? clamp01(result.confidence) : 0.5;
  const scores = result.evidence.map((e) => e.score);
  return {
    claim,
    verdict: result.verdict,
    confidence,
    source: result.evidence[0]?.source ?? 'none',
    source_trust: scores.length > 0 ? roundTo(mean(scores), 3) : 0,
  };
}

/** "claim | text | url" for the first `DIGEST_EVIDENCE` evidence items (an empty url when there is none). */
export function evidenceDigest(evidence: readonly TaggedEvidence[]): string[] {
  return evidence.slice(0, DIGEST_EVIDENCE).map((e) => `${e.claim} | ${e.text} | ${e.url ?? ''}`);
}
