import type { StepResult } from '../../core/result/step-result';
import type { ContentDigest, Depth } from '../content';
import type { Method, MethodStage } from '../report';

/** What the fallback run says about itself at the top of its report: what it is, and what the fuller modes add. */
export const FALLBACK_NOTICE =
  'Basic analysis (fallback mode): one acquisition, the local analyses and fact checks, no multi-agent crew. ' +
  '`mode: autonomous` (the default) adds a crew of specialised agents in stages, deeper claim research and an ' +
  'assessment of credibility, threat and a briefing grade; `mode: enhanced` runs the same crew under a time cap.';

/** The fallback run's three steps as the method section lists them. */
export function fallbackStages(analysis: StepResult<ContentDigest>, checks: StepResult<unknown>): MethodStage[] {
  const stage = (id: string, name: string, r: StepResult<unknown>): MethodStage =>
    r.status === 'error'
      ? { id, name, status: 'failed', note: r.error }
      : r.status === 'skipped'
        ? { id, name, status: 'skipped', note: r.reason }
        : { id, name, status: 'ran', note: null };
  return [
    { id: 'acquisition', name: 'Acquisition', status: 'ran', note: null },
    stage('analysis', 'Local text analysis', analysis),
    stage('fact_checks', 'Fact checks', checks),
  ];
}

/** The method of a fallback run: local analyses only, never an LLM. */
export function fallbackMethod(depth: Depth, processingTimeS: number, stages: readonly MethodStage[]): Method {
  return {
    mode: 'fallback',
    depth,
    requestedDepth: depth,
    engine: 'local',
    llmUsed: false,
    processingTimeS,
    stages,
  };
}
