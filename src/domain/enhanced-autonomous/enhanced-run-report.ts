import type { ContentAnalysisPort, ContentDigest, Depth, Payload } from '../content';
import type { LlmPort, StageTools } from '../crew';
import {
  buildReport,
  crewAssessment,
  crewClaimChecks,
  crewElsewhere,
  crewStages,
  summariseWithLlm,
  type ContentReport,
  type MethodStage,
} from '../report';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The crew path's report: the stages the crew ran, completed with the briefing (which pulls the assessment's
 * stages, S1–S4, S6, S11 and S12, each run once per run), and the digest of the acquired text — its summary the
 * LLM's when one is bound and answers usably, as in the autonomous mode.
 */
export async function crewRunReport(r: {
  tools: StageTools;
  depth: Depth;
  runtime: string;
  llm?: LlmPort;
  signal?: AbortSignal;
  processingTimeS: number;
  now: () => number;
}): Promise<ContentReport> {
  await r.tools.briefing();
  const stages = r.tools.results();
  const llmCrew = r.runtime === 'llm';
  const digest = await r.tools.digest();
  const s2 = stages.S2;
  const transcript = s2?.status === 'ok' && typeof s2.data.transcript === 'string' ? s2.data.transcript : '';
  const summary =
    digest && r.llm?.enabled ? await summariseWithLlm(r.llm, digest, transcript, { signal: r.signal }) : null;
  const notices = summary && !summary.used ? [`The summary is extractive: ${summary.reason}.`] : [];
  return buildReport({
    content: summary?.digest ?? digest,
    checks: crewClaimChecks(stages),
    elsewhere: crewElsewhere(stages),
    assessment: crewAssessment(stages),
    method: {
      mode: 'enhanced',
      depth: r.depth,
      requestedDepth: r.depth,
      engine: llmCrew ? 'llm crew' : 'deterministic crew',
      llmUsed: llmCrew || summary?.used === true,
      processingTimeS: r.processingTimeS,
      stages: crewStages(stages),
    },
    notices,
    now: r.now(),
  });
}

/**
 * The pipeline path's report: the digest of what the pipeline acquired, without fact checks or an assessment
 * (this path runs no crew), with a notice saying why the crew did not run.
 */
export async function pipelineRunReport(r: {
  analysis: ContentAnalysisPort | undefined;
  payload: Payload;
  depth: Depth;
  fellBack: 'timeout' | 'error' | undefined;
  processingTimeS: number;
  now: () => number;
}): Promise<ContentReport> {
  let content: ContentDigest | null = null;
  let analysis: MethodStage = { id: 'analysis', name: 'Local text analysis', status: 'ran', note: null };
  if (!r.analysis) analysis = { ...analysis, status: 'skipped', note: 'no content analysis is bound' };
  else {
    // A text-less acquisition still gets the digest of its metadata (the report says what it is).
    if (!r.payload.transcription.transcript.trim())
      analysis = { ...analysis, status: 'skipped', note: 'no transcript' };
    content = await r.analysis.digest(r.payload, r.depth).catch((e: unknown) => {
      analysis = { ...analysis, status: 'failed', note: errorText(e) };
      return null;
    });
  }
  const why = r.fellBack
    ? `The crew ${r.fellBack === 'timeout' ? 'timed out' : 'failed'}`
    : 'No agent runtime is available here';
  return buildReport({
    content,
    checks: [],
    assessment: null,
    method: {
      mode: 'enhanced',
      depth: r.depth,
      requestedDepth: r.depth,
      engine: 'local',
      llmUsed: false,
      processingTimeS: r.processingTimeS,
      stages: [{ id: 'acquisition', name: 'Acquisition (content pipeline)', status: 'ran', note: null }, analysis],
    },
    notices: [`${why}: this is the content pipeline's analysis, without fact checks or an assessment.`],
    now: r.now(),
  });
}
