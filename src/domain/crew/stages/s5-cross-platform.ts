import { fail, ok, skip } from '../../../core/result/step-result';
import type { AcquisitionData, ContentAnalysisData } from './stage-data';
import type { StageDeps, StageResult, StageRun } from './stage.types';

/** How many of S3's keywords join the title as search terms. */
const KEYWORD_TERMS = 3;

/** The data of a result that carries some (`ok` or `uncertain`), else undefined. */
function dataOf<T>(result: StageResult): T | undefined {
  return result.status === 'ok' || result.status === 'uncertain' ? (result.data as unknown as T) : undefined;
}

/**
 * S5's search terms: the downloaded title, then the first three keyword terms of S3, trimmed, empty ones dropped
 * and de-duplicated case-insensitively (the first spelling wins). Exported so that the orchestrator can report
 * the terms of a skipped S5, whose result has room for a reason only.
 *
 * @example searchTerms(s1, s3) // ['Moon landing explained', 'apollo', 'moon', 'nasa']
 */
export function searchTerms(s1: StageResult, s3: StageResult): string[] {
  const title = dataOf<AcquisitionData>(s1)?.download?.title ?? null;
  const keywords = (dataOf<ContentAnalysisData>(s3)?.keywords ?? []).slice(0, KEYWORD_TERMS).map((k) => k.term);
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of [title, ...keywords]) {
    const term = typeof raw === 'string' ? raw.trim() : '';
    const key = term.toLowerCase();
    if (term.length === 0 || seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return terms;
}

/**
 * S5, cross-platform intel: searches the social monitor for the content's title and top keywords.
 * Skipped with `no_search_terms` when there is neither a title nor a keyword, and with
 * `social_connectors_not_configured` when no monitor is wired (the default; {@link searchTerms} gives the terms).
 * A monitor that throws makes an `unavailable` error.
 */
export async function crossPlatformStage(
  deps: Pick<StageDeps, 'social'>,
  run: StageRun,
  s1: StageResult,
  s3: StageResult,
): Promise<StageResult> {
  const terms = searchTerms(s1, s3);
  if (terms.length === 0) return skip('no_search_terms');
  if (!deps.social) return skip('social_connectors_not_configured');
  try {
    const intelligence = await deps.social.monitor(terms, { tenantId: run.tenantId, signal: run.signal });
    return ok({ social_media_intelligence: intelligence, search_terms: terms });
  } catch (e) {
    return fail('unavailable', `social monitor failed: ${e instanceof Error ? e.message : String(e)}`, {
      data: { search_terms: terms },
    });
  }
}
