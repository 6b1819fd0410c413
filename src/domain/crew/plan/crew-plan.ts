import type { Depth } from '../../content';
import { depthAtLeast } from './depth';
import { anyParallelFlag, type ParallelConfig } from './parallel-config';

/** The crew's agents (ids as the original names them). */
export const AGENT_IDS = [
  'acquisition_specialist',
  'transcription_engineer',
  'analysis_cartographer',
  'verification_director',
  'knowledge_integrator',
] as const;
export type AgentId = (typeof AGENT_IDS)[number];

/** Every task a plan can hold, in execution order; `analysis` is the sequential-mode task, `analysis.*` the parallel ones. */
export const TASK_IDS = [
  'acquisition',
  'transcription',
  'analysis',
  'analysis.text',
  'analysis.fact',
  'analysis.bias',
  'analysis.pattern',
  'analysis.social',
  'integration',
] as const;
export type TaskId = (typeof TASK_IDS)[number];

/** The keys a task's fenced ```json reply must hold. */
export interface OutputContract {
  readonly requiredKeys: readonly string[];
}

/** One task of a crew plan. */
export interface PlannedTask {
  readonly id: TaskId;
  readonly agent: AgentId;
  /** Tasks whose outputs this task reads, in order. */
  readonly context: readonly TaskId[];
  readonly output: OutputContract;
  /** What the agent is asked to do, including the reply format. */
  readonly instructions: string;
}

/** `sequential`: one `analysis` task; `parallel`: the `analysis.*` tasks. */
export type CrewMode = 'sequential' | 'parallel';
/** How a runtime schedules the tasks: in order, or analysis tasks concurrently up to `maxConcurrent`. */
export type ProcessType = 'sequential' | 'hierarchical';

/** The pure description of one crew run; an `AgentRuntimePort` executes it. */
export interface CrewPlan {
  readonly url: string;
  readonly depth: Depth;
  readonly mode: CrewMode;
  readonly process: ProcessType;
  readonly maxConcurrent: number;
  /** The crew's roster: always all five agents, whether or not a task uses them. */
  readonly agents: readonly AgentId[];
  /** Task ids in execution order; the keys of `tasks`. */
  readonly order: readonly TaskId[];
  readonly tasks: { readonly [K in TaskId]?: PlannedTask };
}

interface TaskTemplate {
  readonly agent: AgentId;
  readonly keys: readonly string[];
  readonly brief: (url: string, depth: Depth) => string;
}

const TEMPLATES: Readonly<Record<TaskId, TaskTemplate>> = {
  acquisition: {
    agent: 'acquisition_specialist',
    keys: ['url', 'video_id', 'file_path', 'title', 'description', 'author', 'duration', 'platform'],
    brief: (url) =>
      `Fetch the media at ${url} with the download tool for its platform and report its metadata; "url" must be ${url}.`,
  },
  transcription: {
    agent: 'transcription_engineer',
    keys: ['transcript', 'timeline_anchors', 'transcript_length', 'quality_score'],
    brief: () =>
      'Run the transcription tool on the file_path from the acquisition output and anchor its key moments. Use only the ' +
      "tool's text: no placeholder wording and no transcript shorter than 100 characters. quality_score is between 0 and 1.",
  },
  analysis: {
    agent: 'analysis_cartographer',
    keys: ['linguistic_patterns', 'themes', 'sentiment_analysis', 'fact_checking', 'bias_analysis', 'credibility'],
    brief: (_url, depth) =>
      `Analyse the transcript at ${depth} depth: language, themes, sentiment, factual claims, bias and overall credibility.`,
  },
  'analysis.text': {
    agent: 'analysis_cartographer',
    keys: ['linguistic_patterns', 'themes', 'sentiment_analysis', 'keywords', 'content_structure'],
    brief: () => "Analyse the transcript's language: linguistic patterns, themes, sentiment, keywords and structure.",
  },
  'analysis.fact': {
    agent: 'verification_director',
    keys: ['claims', 'source_verification', 'logical_analysis', 'evidence_quality', 'truth_assessment'],
    brief: () =>
      "Extract the transcript's claims, check them against sources, and judge their logic, evidence and truth.",
  },
  'analysis.bias': {
    agent: 'verification_director',
    keys: ['bias_indicators', 'deception_analysis', 'narrative_integrity', 'psychological_threats', 'trustworthiness'],
    brief: () =>
      'Look for bias, deception and psychological pressure in the transcript, check its narrative holds together, and rate its trustworthiness.',
  },
  'analysis.pattern': {
    agent: 'analysis_cartographer',
    keys: [
      'behavioral_patterns',
      'communication_style',
      'rhetorical_devices',
      'persuasion_techniques',
      'cognitive_biases',
    ],
    brief: () =>
      'Profile the speakers: behaviour, communication style, rhetorical devices, persuasion techniques and cognitive biases.',
  },
  'analysis.social': {
    agent: 'verification_director',
    keys: ['social_dynamics', 'influence_network', 'community_impact', 'cultural_context', 'social_engineering'],
    brief: () =>
      'Map the social side: group dynamics, who influences whom, community impact, cultural context and social engineering.',
  },
  integration: {
    agent: 'knowledge_integrator',
    keys: ['synthesis_analysis', 'key_insights', 'recommendations', 'quality_assessment', 'summary'],
    brief: () =>
      'Merge every analysis into one synthesis with key insights, recommendations, a quality assessment and a summary.',
  },
};

/**
 * The process type for a task count: sequential below the threshold; otherwise hierarchical when any
 * parallel flag is on, else sequential.
 */
export function processType(taskCount: number, config: ParallelConfig): ProcessType {
  if (taskCount < config.threshold) return 'sequential';
  return anyParallelFlag(config) ? 'hierarchical' : 'sequential';
}

function analysisTasks(depth: Depth, mode: CrewMode): TaskId[] {
  if (mode === 'sequential') return ['analysis'];
  const ids: TaskId[] = ['analysis.text', 'analysis.fact', 'analysis.bias'];
  if (depthAtLeast(depth, 'comprehensive')) ids.push('analysis.pattern', 'analysis.social');
  return ids;
}

/**
 * Builds the crew plan for one run: acquisition → transcription → analysis → integration (deep+).
 * Analysis is one task when `config.parallelAnalysis` is off, else three parallel tasks (five from comprehensive).
 * Task counts: sequential 3/4/4/4, parallel 5/6/8/8 for standard/deep/comprehensive/experimental. There is no
 * separate verification task, so deep and comprehensive differ only in the parallel analysis tasks.
 *
 * @example buildCrewPlan(url, 'deep', config).order // ['acquisition', 'transcription', 'analysis.text', …, 'integration']
 */
export function buildCrewPlan(url: string, depth: Depth, config: ParallelConfig): CrewPlan {
  const mode: CrewMode = config.parallelAnalysis ? 'parallel' : 'sequential';
  const analysis = analysisTasks(depth, mode);
  const contexts: [TaskId, readonly TaskId[]][] = [
    ['acquisition', []],
    ['transcription', ['acquisition']],
    ...analysis.map((id): [TaskId, readonly TaskId[]] => [id, ['transcription']]),
  ];
  if (depthAtLeast(depth, 'deep')) contexts.push(['integration', analysis]);

  const tasks: { [K in TaskId]?: PlannedTask } = {};
  for (const [id, context] of contexts) {
    tasks[id] = plannedTask(id, url, depth, context);
  }
  const order = contexts.map(([id]) => id);
  return {
    url,
    depth,
    mode,
    process: processType(order.length, config),
    maxConcurrent: config.maxConcurrent,
    agents: AGENT_IDS,
    order,
    tasks,
  };
}

/**
 * One task as a plan would hold it, with the given context (default none): what a replay of that task alone runs.
 *
 * @example plannedTask('analysis.fact', url, 'standard').agent // 'verification_director'
 */
export function plannedTask(id: TaskId, url: string, depth: Depth, context: readonly TaskId[] = []): PlannedTask {
  const { agent, keys, brief } = TEMPLATES[id];
  const instructions = `${brief(url, depth)} Reply with one fenced json block holding the keys: ${keys.join(', ')}.`;
  return { id, agent, context, output: { requiredKeys: keys }, instructions };
}

/** How much the parallel plan is expected to save (logged only, never enforced). */
export interface ParallelEstimate {
  /** Estimated execution levels: max(1, ⌊n / maxConcurrent⌋). */
  readonly levels: number;
  /** (n − levels) / n · 100. */
  readonly savingsPct: number;
  /** n / levels. */
  readonly speedup: number;
  /** See {@link savingsLabel}. */
  readonly label: SavingsLabel;
}

export type SavingsLabel = 'excellent' | 'good' | 'modest' | 'limited';

/**
 * The band of an estimated saving: above 50 % excellent, above 25 % good, above 10 % modest, else limited.
 * n is always odd, so with a whole-number `maxConcurrent` ≥ 2 the estimate saves more than half: only excellent and
 * (with one slot) limited occur in practice.
 */
export function savingsLabel(savingsPct: number): SavingsLabel {
  return savingsPct > 50 ? 'excellent' : savingsPct > 25 ? 'good' : savingsPct > 10 ? 'modest' : 'limited';
}

/**
 * The logged parallelisation estimate, with n = 3 + 2·[deep+] + 2·[parallel] + 2·[comprehensive+] nominal tasks.
 * A `maxConcurrent` below 1 counts as 1.
 *
 * @example parallelEstimate('standard', true, 6) // { levels: 1, savingsPct: 80, speedup: 5, label: 'excellent' }
 */
export function parallelEstimate(depth: Depth, parallel: boolean, maxConcurrent: number): ParallelEstimate {
  const n =
    3 + (depthAtLeast(depth, 'deep') ? 2 : 0) + (parallel ? 2 : 0) + (depthAtLeast(depth, 'comprehensive') ? 2 : 0);
  const levels = Math.max(1, Math.floor(n / Math.max(1, maxConcurrent)));
  const savingsPct = ((n - levels) / n) * 100;
  return { levels, savingsPct, speedup: n / levels, label: savingsLabel(savingsPct) };
}
