import type { Depth } from '../../content';

/** The cost-table keys of the per-task limits. */
export const COST_TASKS = ['acquisition', 'transcription', 'analysis', 'verification', 'knowledge'] as const;
export type CostTask = (typeof COST_TASKS)[number];

/** Depths with a row in the cost table: the four accepted depths plus `quick`, which exists only here. */
export type CostDepth = Depth | 'quick';

/** What one run may spend, in US dollars: a total and optional per-task caps (a task without a cap is bounded by the total only). */
export interface BudgetLimits {
  readonly totalLimit: number;
  readonly perTaskLimits: Readonly<Partial<Record<CostTask, number>>>;
}

/** The cost table, one row per depth (US dollars). A task missing from a row has no cap of its own. */
export const COST_TABLE: Readonly<Record<CostDepth, BudgetLimits>> = {
  quick: { totalLimit: 0.5, perTaskLimits: { acquisition: 0.05, transcription: 0.15, analysis: 0.3 } },
  standard: {
    totalLimit: 1.5,
    perTaskLimits: { acquisition: 0.05, transcription: 0.3, analysis: 0.75, verification: 0.4 },
  },
  deep: {
    totalLimit: 3,
    perTaskLimits: { acquisition: 0.05, transcription: 0.5, analysis: 1.2, verification: 0.75, knowledge: 0.5 },
  },
  comprehensive: {
    totalLimit: 5,
    perTaskLimits: { acquisition: 0.1, transcription: 0.75, analysis: 2, verification: 1, knowledge: 1.15 },
  },
  experimental: {
    totalLimit: 10,
    perTaskLimits: { acquisition: 0.1, transcription: 1.5, analysis: 4, verification: 2, knowledge: 2.4 },
  },
};

/**
 * The limits for a depth as the run names it: an exact (trimmed, lower-cased) row of {@link COST_TABLE}, else
 * the `standard` row, as the original does for unknown depths. Callers pass the *effective* depth (after
 * canonicalisation and the experimental gate).
 */
export function budgetLimitsFor(depth: string): BudgetLimits {
  const key = depth.trim().toLowerCase();
  return Object.hasOwn(COST_TABLE, key) ? COST_TABLE[key as CostDepth] : COST_TABLE.standard;
}

/** Crew task ids and the cost-table task whose cap they draw on: the one of the agent that runs them. */
const TASK_OF_CREW_TASK: Readonly<Record<string, CostTask>> = {
  acquisition: 'acquisition',
  transcription: 'transcription',
  analysis: 'analysis',
  'analysis.text': 'analysis',
  'analysis.pattern': 'analysis',
  'analysis.fact': 'verification',
  'analysis.bias': 'verification',
  'analysis.social': 'verification',
  verification: 'verification',
  integration: 'knowledge',
  knowledge: 'knowledge',
};

/**
 * The cost-table task a crew task is charged to, chosen by the agent that runs it: analysis_cartographer tasks
 * → `analysis`, verification_director tasks (`analysis.fact|bias|social`) → `verification`, `integration` →
 * `knowledge`. An id the table does not know is returned unchanged (it is then capped by the total only).
 *
 * @example costTaskOf('analysis.fact') === 'verification'
 */
export function costTaskOf(taskId: string): string {
  return Object.hasOwn(TASK_OF_CREW_TASK, taskId) ? TASK_OF_CREW_TASK[taskId] : taskId;
}
