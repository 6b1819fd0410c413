import { ok, skip } from '../../../core/result/step-result';
import { extractJson } from '../output/extract-json';
import { clamp01, finite, mean, score3 } from '../scoring/score-math';
import { stageFailure } from './stage-failure';
import type { FactAnalysisData, TranscriptionData } from './stage-data';
import type { StageDeps, StageResult, StageRun } from './stage.types';

/** Characters of the transcript sent to the model. */
export const RESEARCH_TRANSCRIPT_CHARS = 6000;
/** Research topics kept. */
export const MAX_TOPICS = 8;
/** Confidence when neither scores nor integration words are found. */
export const DEFAULT_SYNTHESIS_CONFIDENCE = 0.5;
/** The scores whose mean is the synthesis confidence, when the model gives any. */
export const SYNTHESIS_SCORES = ['source_diversity', 'evidence_strength', 'cross_validation'] as const;

/** Words that say the research fits together, and words that say it does not (whole words, any case). */
export const SYNTHESIS_WORDS = {
  integration: [
    'integrated',
    'consistent',
    'coherent',
    'corroborated',
    'corroborates',
    'aligned',
    'aligns',
    'converging',
    'complementary',
    'confirms',
    'supports',
    'unified',
  ],
  fragmentation: [
    'fragmented',
    'inconsistent',
    'incoherent',
    'contradictory',
    'contradicts',
    'conflicting',
    'divergent',
    'disconnected',
    'isolated',
    'disputed',
    'scattered',
    'unrelated',
  ],
} as const;

const okData = <T>(r: StageResult): T | undefined => (r.status === 'ok' ? (r.data as unknown as T) : undefined);

const SYSTEM =
  'You are a trend intelligence scout working with a knowledge integrator. You place content in its wider research ' +
  'context. Answer with one JSON object and nothing else.';

function prompt(transcript: string, claims: readonly string[]): string {
  const claimLines =
    claims.length > 0 ? `\nClaims under verification:\n${claims.map((c) => `- ${c}`).join('\n')}\n` : '';
  return [
    'Identify the research topics this content touches and how it relates to its wider context.',
    'Return JSON: {"research_topics": [string], "contextual_relevance": string, "source_diversity": number 0-1,',
    '"evidence_strength": number 0-1, "cross_validation": number 0-1}.',
    claimLines,
    `Transcript:\n${transcript.slice(0, RESEARCH_TRANSCRIPT_CHARS)}`,
  ].join('\n');
}

/** The synthesis confidence and what it was based on. */
export interface SynthesisConfidence {
  readonly value: number;
  readonly basis: 'model_scores' | 'integration_words' | 'default';
}

/**
 * Synthesis confidence: the mean of the numeric `source_diversity`, `evidence_strength` and
 * `cross_validation` the model returned (each clamped; any subset counts); else the share of integration words
 * among integration + fragmentation words in the answer ({@link SYNTHESIS_WORDS}); else .5. Round3.
 */
export function synthesisConfidence(
  parsed: Readonly<Record<string, unknown>> | undefined,
  answer: string,
): SynthesisConfidence {
  const scores = SYNTHESIS_SCORES.flatMap((key) => {
    const v = finite(parsed?.[key]);
    return v === undefined ? [] : [clamp01(v)];
  });
  if (scores.length > 0) return { value: score3(mean(scores)), basis: 'model_scores' };
  const tokens = answer.toLowerCase().match(/[a-z]+/g) ?? [];
  const count = (words: readonly string[]) => tokens.filter((t) => words.includes(t)).length;
  const integration = count(SYNTHESIS_WORDS.integration);
  const total = integration + count(SYNTHESIS_WORDS.fragmentation);
  if (total > 0) return { value: score3(integration / total), basis: 'integration_words' };
  return { value: DEFAULT_SYNTHESIS_CONFIDENCE, basis: 'default' };
}

function topicLabel(topic: unknown): string {
  const record = typeof topic === 'object' && topic !== null ? (topic as Record<string, unknown>) : {};
  const label =
    typeof topic === 'string' ? topic : [record.topic, record.title, record.name].find((v) => typeof v === 'string');
  return typeof label === 'string' ? label.trim() : '';
}

/**
 * Topics from the parsed `research_topics` (strings, or objects with a `topic`/`title`/`name` string); without
 * JSON, the answer's bullet or numbered lines. Trimmed, de-duplicated, at most {@link MAX_TOPICS}.
 */
export function researchTopics(parsed: Readonly<Record<string, unknown>> | undefined, answer: string): string[] {
  const raw: unknown[] = parsed
    ? Array.isArray(parsed.research_topics)
      ? parsed.research_topics
      : []
    : answer.split('\n').flatMap((line) => /^\s*(?:[-*•]|\d+[.)])\s+(.+)$/.exec(line)?.slice(1) ?? []);
  const topics = raw.map(topicLabel).filter((t) => t !== '');
  return [...new Set(topics)].slice(0, MAX_TOPICS);
}

/**
 * S10 research synthesis: one LLM call (with the run's abort signal) for the research topics and
 * contextual relevance of the transcript, given S4's claims. The answer is parsed leniently (fenced JSON,
 * trailing commas, single quotes); an answer without JSON is kept under `analysis`.
 * Skipped with `llm_unavailable` without an LLM and `no_transcript` without a transcript; a failing call makes an
 * `unavailable` error.
 */
export async function researchStage(
  deps: Pick<StageDeps, 'llm'>,
  run: StageRun,
  s2: StageResult,
  s4: StageResult,
): Promise<StageResult> {
  if (!deps.llm.enabled) return skip('llm_unavailable');
  const transcript = okData<TranscriptionData>(s2)?.transcript;
  if (!transcript?.trim()) return skip('no_transcript');
  const claims = okData<FactAnalysisData>(s4)?.fact_checks?.claims ?? [];
  let answer: { text: string; model: string };
  try {
    answer = await deps.llm.complete({
      system: SYSTEM,
      prompt: prompt(transcript, claims),
      maxTokens: 600,
      signal: run.signal,
      costTask: 'research_synthesis',
    });
  } catch (e) {
    return stageFailure('research synthesis', e);
  }
  const parsed = extractJson(answer.text)?.value;
  const relevance = parsed?.contextual_relevance;
  const confidence = synthesisConfidence(parsed, answer.text);
  return ok({
    research_topics: researchTopics(parsed, answer.text),
    contextual_relevance:
      typeof relevance === 'string' ? relevance.trim() : typeof relevance === 'number' ? score3(relevance) : null,
    synthesis_confidence: confidence.value,
    confidence_basis: confidence.basis,
    model: answer.model,
    ...(parsed ? {} : { analysis: answer.text.trim() }),
  });
}
