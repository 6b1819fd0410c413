/** The four kinds of work the crew's agents are trained for, chosen from an agent's role. */
export const TRAINING_FOCUSES = [
  'content_analysis',
  'fact_checking',
  'cross_platform_monitoring',
  'character_profiling',
] as const;
export type TrainingFocus = (typeof TRAINING_FOCUSES)[number];

/** How demanding an example is; advanced and expert examples need more tools and more reasoning. */
export const COMPLEXITIES = ['basic', 'intermediate', 'advanced', 'expert'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

/** The share of examples of each complexity; the four weights sum to 1. */
export type ComplexityWeights = Readonly<Record<Complexity, number>>;

/** The mix the enhancement generates its examples with. */
export const ENHANCEMENT_WEIGHTS: ComplexityWeights = { basic: 0.2, intermediate: 0.3, advanced: 0.3, expert: 0.2 };
/** The mix of a generation request that names none. */
export const DEFAULT_WEIGHTS: ComplexityWeights = { basic: 0.3, intermediate: 0.4, advanced: 0.2, expert: 0.1 };

/** One tool call of an example's ideal sequence; `parameters` may hold `{{placeholders}}` for the scenario's values. */
export interface ToolStep {
  readonly tool: string;
  readonly action: string;
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly reasoning: string;
}

/** A synthetic training example: a scenario and the tools, order and reasoning an agent should bring to it. */
export interface TrainingExample {
  readonly scenario: string;
  readonly complexity: Complexity;
  readonly context: Readonly<Record<string, unknown>>;
  readonly optimal_tools: readonly string[];
  readonly tool_sequence: readonly ToolStep[];
  readonly reasoning_steps: readonly string[];
  readonly expected_outcome: string;
  readonly anti_patterns: readonly string[];
  /** 0–1 from the example's structure (see `structuralQuality`). */
  readonly quality_score: number;
}

/** Whether the weights are four non-negative numbers summing to 1 (±1e-6); the problem, or undefined. */
export function weightsProblem(weights: Partial<Record<string, number>>): string | undefined {
  const keys = Object.keys(weights);
  const unknown = keys.filter((k) => !(COMPLEXITIES as readonly string[]).includes(k));
  if (unknown.length > 0) return `weights has unknown complexities: ${unknown.join(', ')}`;
  const missing = COMPLEXITIES.filter((c) => weights[c] === undefined);
  if (missing.length > 0) return `weights must give all of ${COMPLEXITIES.join(', ')} (missing ${missing.join(', ')})`;
  const values = COMPLEXITIES.map((c) => weights[c]!);
  if (values.some((v) => !Number.isFinite(v) || v < 0)) return 'weights must be finite and not negative';
  const sum = values.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) return `weights must sum to 1 (they sum to ${Math.round(sum * 1e6) / 1e6})`;
  return undefined;
}
