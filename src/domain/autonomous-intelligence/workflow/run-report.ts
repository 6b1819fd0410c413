import type { ContentDigest } from '../../content';
import type { EffectiveDepth, LlmPort } from '../../crew';
import {
  buildReport,
  crewAssessment,
  crewClaimChecks,
  crewElsewhere,
  crewStages,
  summariseWithLlm,
  type ContentReport,
  type MethodStage,
} from '../../report';
import type { AutointelResult } from './autointel-result';

export interface RunReportParts {
  /** The digest of the acquired text; null when there is none. */
  readonly digest: ContentDigest | null;
  readonly stages: AutointelResult['stages'];
  readonly transcript: string;
  readonly depth: EffectiveDepth;
  readonly llm: LlmPort;
  /** The agent runtime's name (`deterministic` or `llm`). */
  readonly runtime: string;
  /** What the run's budget has spent, read after the summary's call. */
  readonly budgetSpent: () => number;
  readonly processingTimeS: number;
  readonly now: number;
  readonly signal?: AbortSignal;
}

/**
 * An autonomous run's report: the digest of the acquired text — its summary the LLM's when one is configured and
 * answers usably (else the extractive one, with a notice saying why) — S4's verdicts, S5's mentions elsewhere, the
 * assessment of S6 and S12,
 * and the method: the depth's stages with why any was skipped or failed, then the LLM summary's outcome. The LLM
 * counts as used when the crew ran on it, it wrote the summary, or any stage spent from the run's budget.
 */
export async function runReport(p: RunReportParts): Promise<ContentReport> {
  const llmCrew = p.runtime === 'llm';
  const notices: string[] = [];
  if (p.depth.downgraded) notices.push('Experimental depth is not enabled here: this is a comprehensive analysis.');
  if (!p.digest && p.stages.S1?.status === 'ok')
    notices.push('The acquired text could not be analysed: the content sections below are empty.');
  const summary = p.digest ? await summariseWithLlm(p.llm, p.digest, p.transcript, { signal: p.signal }) : null;
  const summaryStage: MethodStage[] = !summary
    ? []
    : summary.used
      ? [{ id: 'summary', name: 'LLM summary', status: 'ran', note: null }]
      : [{ id: 'summary', name: 'LLM summary', status: p.llm.enabled ? 'failed' : 'skipped', note: summary.reason }];
  if (summary && !summary.used && p.llm.enabled) notices.push(`The summary is extractive: ${summary.reason}.`);
  return buildReport({
    content: summary?.digest ?? p.digest,
    checks: crewClaimChecks(p.stages),
    elsewhere: crewElsewhere(p.stages),
    assessment: crewAssessment(p.stages),
    method: {
      mode: 'autonomous',
      depth: p.depth.effective,
      requestedDepth: p.depth.requested,
      engine: llmCrew ? 'llm crew' : 'deterministic crew',
      llmUsed: llmCrew || summary?.used === true || p.budgetSpent() > 0,
      processingTimeS: p.processingTimeS,
      stages: [...crewStages(p.stages), ...summaryStage],
    },
    notices,
    now: p.now,
  });
}
