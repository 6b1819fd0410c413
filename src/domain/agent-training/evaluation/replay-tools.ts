import { ok, skip } from '../../../core/result/step-result';
import type { StageResult, StageRun, StageTools } from '../../crew';

/** The fixed piece of content every replay works on (the interaction log keeps no content). */
export const REPLAY_URL = 'https://replay.invalid/evaluation-clip';

const TRANSCRIPT =
  'The city says rents rose 12 percent last year. Critics claim the new zoning law caused it. ' +
  'Everyone knows developers always win. The council will vote on the law again in March.';

const download = {
  url: REPLAY_URL,
  title: 'Evaluation clip: rents and zoning',
  platform: 'web',
  duration: 95,
  author: 'Replay Desk',
  site: 'replay.invalid',
  publishedAt: null,
};

const DATA: Readonly<Record<string, Record<string, unknown>>> = {
  S1: { source_url: REPLAY_URL, download, transcription: { transcript: TRANSCRIPT } },
  S2: {
    transcript: TRANSCRIPT,
    timeline_anchors: [{ time: 0, text: 'The city says rents rose 12 percent last year.' }],
    quality_score: 0.9,
  },
  S3: {
    linguistic_patterns: { words: 38, sentences: 4, reading_minutes: 0.2, entities: [] },
    sentiment: { label: 'neutral', score: 0 },
    keywords: [{ term: 'zoning', weight: 0.4 }],
    thematic_insights: ['housing costs', 'zoning policy'],
    content_structure: { paragraphs: 1, average_sentence_words: 9.5 },
  },
  S4: {
    fact_checks: {
      claims: ['rents rose 12 percent last year', 'the zoning law caused the rise'],
      evidence: [],
      backends_used: ['replay'],
      evidence_count: 0,
      items: [],
      verified_claims: 0,
      disputed_claims: 0,
      confidence: 0.5,
    },
    logical_fallacies: [
      {
        type: 'hasty_generalization',
        label: 'Hasty generalization',
        sentence: 'Everyone knows developers always win.',
      },
    ],
    perspective_synthesis: {},
  },
  S6: {
    deception_score: 0.2,
    deception_analysis: {
      score: 0.2,
      indicators: [{ kind: 'overgeneralisation', detail: 'always win', confidence: 0.6, severity: 'low' }],
    },
    truth_scoring: {},
    trustworthiness: {},
    scoring_methodology: {},
  },
  S9: { patterns: ['appeal to common knowledge'] },
};

/**
 * Stage tools that answer every stage from a fixed piece of content, so a replayed task sees the same evidence
 * under the current and the candidate definition. Stages with no fixed data are skipped.
 */
export function replayTools(run: StageRun): StageTools {
  const stage = (id: string) => (): Promise<StageResult> =>
    Promise.resolve(DATA[id] ? ok(DATA[id]) : skip(`stage ${id} has no replay data`));
  const results = {};
  return {
    run,
    acquisition: stage('S1'),
    transcription: stage('S2'),
    contentAnalysis: stage('S3'),
    factAnalysis: stage('S4'),
    crossPlatform: stage('S5'),
    deception: stage('S6'),
    knowledge: stage('S7'),
    analytics: stage('S8'),
    behaviour: stage('S9'),
    research: stage('S10'),
    quality: stage('S11'),
    briefing: stage('S12'),
    digest: () => Promise.resolve(null),
    results: () => results,
  };
}
