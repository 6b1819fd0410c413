import type { ContentAnalysisPort, ContentDigest, Depth, Payload } from '../content';
import { buildReport, type ContentReport, type MethodStage } from '../report';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

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
