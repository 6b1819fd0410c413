import { ok, skip } from '../../../core/result/step-result';
import { stageFailure } from './stage-failure';
import type { StageDeps, StageResult, StageRun } from './stage.types';

/** The extras only the `experimental` depth runs, in the order they run. */
export const EXPERIMENTAL_EXTRAS = [
  'pattern_recognition',
  'cross_reference_network',
  'predictive_threat',
  'multimodal_synthesis',
  'knowledge_graph_construction',
  'autonomous_learning',
  'contextual_bandit_optimisation',
  'community_intelligence',
  'adaptive_workflow_optimisation',
  'memory_consolidation',
] as const;
export type ExperimentalExtra = (typeof EXPERIMENTAL_EXTRAS)[number];

/** The skip reason of an extra when no LLM is configured. */
export const AGENT_NOT_AVAILABLE = 'agent not available';
/** Characters of the transcript each extra sends. */
export const EXTRA_TRANSCRIPT_CHARS = 3000;
/** Upper bound on each extra's answer: they are short notes, not reports. */
export const EXTRA_MAX_TOKENS = 300;

/** The agent (of the original's five for these extras) behind each extra, and what it is asked. */
export const EXTRA_TASKS: Readonly<Record<ExperimentalExtra, { readonly agent: string; readonly task: string }>> = {
  pattern_recognition: {
    agent: 'linguistic analyst',
    task: 'Identify recurring rhetorical, linguistic and narrative patterns.',
  },
  cross_reference_network: {
    agent: 'knowledge integrator',
    task: 'List the people, organisations and sources referenced and how they connect.',
  },
  predictive_threat: {
    agent: 'mission orchestrator',
    task: 'Assess how the risks in this content could develop if it spreads.',
  },
  multimodal_synthesis: {
    agent: 'knowledge integrator',
    task: 'Synthesise what the spoken, written and contextual signals say together.',
  },
  knowledge_graph_construction: {
    agent: 'knowledge integrator',
    task: 'Give the key facts as subject | predicate | object lines.',
  },
  autonomous_learning: {
    agent: 'performance analyst',
    task: 'Say what future analyses of similar content should do differently.',
  },
  contextual_bandit_optimisation: {
    agent: 'performance analyst',
    task: 'Say which analysis strategy best suits this kind of content, and why.',
  },
  community_intelligence: {
    agent: 'community liaison',
    task: 'Describe the audience this content addresses and how it may react.',
  },
  adaptive_workflow_optimisation: {
    agent: 'mission orchestrator',
    task: 'Suggest how the analysis workflow should adapt to this content.',
  },
  memory_consolidation: {
    agent: 'knowledge integrator',
    task: 'Summarise what is worth remembering long-term, in at most five points.',
  },
};

function request(extra: ExperimentalExtra, run: StageRun, transcript: string | null) {
  const { agent, task } = EXTRA_TASKS[extra];
  const content = transcript?.trim() ? transcript.slice(0, EXTRA_TRANSCRIPT_CHARS) : '(no transcript available)';
  return {
    system: `You are the ${agent} of an intelligence analysis team. Answer briefly, in plain text.`,
    prompt: `${task}\nSource: ${run.url}\nTranscript:\n${content}`,
    maxTokens: EXTRA_MAX_TOKENS,
    signal: run.signal,
    costTask: extra,
  };
}

/**
 * The experimental-only extras, keyed by {@link EXPERIMENTAL_EXTRAS}. Without an LLM every extra is
 * skipped with {@link AGENT_NOT_AVAILABLE}; with one, each is one short completion, run one after another with
 * the run's abort signal, and returns `{ analysis, model }`. A failing call makes that extra an `unavailable`
 * error and the next ones still run.
 */
export async function experimentalStages(
  deps: Pick<StageDeps, 'llm'>,
  run: StageRun,
  transcript: string | null,
): Promise<Record<string, StageResult>> {
  const results: Record<string, StageResult> = {};
  for (const extra of EXPERIMENTAL_EXTRAS) {
    if (!deps.llm.enabled) {
      results[extra] = skip(AGENT_NOT_AVAILABLE);
      continue;
    }
    try {
      const answer = await deps.llm.complete(request(extra, run, transcript));
      results[extra] = ok({ analysis: answer.text.trim(), model: answer.model });
    } catch (e) {
      results[extra] = stageFailure(extra, e);
    }
  }
  return results;
}
