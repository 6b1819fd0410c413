import type { ContentDigest, Depth } from '../content';
import type { LlmPort, StageId, StageResult } from '../crew';
import { buildReport } from './build-report';
import { crewAssessment, crewClaimChecks, crewElsewhere, crewStages } from './crew-sections';
import { summariseWithLlm } from './llm-summary';
import type { ContentReport, MethodStage } from './report.model';

export interface CrewReportParts {
  readonly mode: 'autonomous' | 'enhanced';
  /** The digest of the acquired text; null when there is none. */
  readonly digest: ContentDigest | null;
  readonly stages: Partial<Record<StageId, StageResult>>;
  readonly transcript: string;
  readonly depth: Depth;
  /** The depth asked for, when experimental ran as comprehensive. */
  readonly requestedDepth?: Depth;
  /** Absent or disabled: the summary stays extractive, and the method says the LLM summary was skipped. */
  readonly llm?: LlmPort;
  /** The agent runtime's name (`deterministic` or `llm`). */
  readonly runtime: string;
  /** What the run's budget has spent, read after the summary's call (0 when the mode keeps no budget). */
  readonly budgetSpent?: () => number;
  readonly processingTimeS: number;
  readonly now: number;
  readonly signal?: AbortSignal;
}

/**
 * The report of a crew run (the autonomous mode, the enhanced mode's crew path): the digest of the acquired text —
 * its summary the LLM's when one is configured and answers usably, else the extractive one with a notice saying
 * why — S4's verdicts, S5's mentions elsewhere, the assessment of S6 and S12, and the method: the stages with why
 * any was skipped or failed, then the LLM summary's outcome. The LLM counts as used when the crew ran on it, it
 * wrote the summary, or any stage spent from the run's budget.
 */
export async function crewReport(p: CrewReportParts): Promise<ContentReport> {
  const llmCrew = p.runtime === 'llm';
  const notices: string[] = [];
  const requested = p.requestedDepth ?? p.depth;
  if (requested !== p.depth)
    notices.push(
      `${requested[0].toUpperCase()}${requested.slice(1)} depth is not enabled here: this is a ${p.depth} analysis.`,
    );
  if (!p.digest && p.stages.S1?.status === 'ok')
    notices.push('The acquired text could not be analysed: the content sections below are empty.');
  const llmOn = p.llm?.enabled === true;
  const summary = p.digest
    ? llmOn
      ? await summariseWithLlm(p.llm, p.digest, p.transcript, { signal: p.signal })
      : ({ used: false, digest: p.digest, reason: 'no LLM is configured' } as const)
    : null;
  const summaryStage: MethodStage[] = !summary
    ? []
    : summary.used
      ? [{ id: 'summary', name: 'LLM summary', status: 'ran', note: null }]
      : [{ id: 'summary', name: 'LLM summary', status: llmOn ? 'failed' : 'skipped', note: summary.reason }];
  if (summary && !summary.used && llmOn) notices.push(`The summary is extractive: ${summary.reason}.`);
  return buildReport({
    content: summary?.digest ?? p.digest,
    checks: crewClaimChecks(p.stages),
    elsewhere: crewElsewhere(p.stages),
    assessment: crewAssessment(p.stages),
    method: {
      mode: p.mode,
      depth: p.depth,
      requestedDepth: requested,
      engine: llmCrew ? 'llm crew' : 'deterministic crew',
      llmUsed: llmCrew || summary?.used === true || (p.budgetSpent?.() ?? 0) > 0,
      processingTimeS: p.processingTimeS,
      stages: [...crewStages(p.stages), ...summaryStage],
    },
    notices,
    now: p.now,
  });
}

/** The crew's transcript (S2's), or '' when S2 did not run. */
export function crewTranscript(stages: Partial<Record<StageId, StageResult>>): string {
  const s2 = stages.S2;
  return s2?.status === 'ok' && typeof s2.data.transcript === 'string' ? s2.data.transcript : '';
}
