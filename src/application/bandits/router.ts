/**
 * The model router as pure functions: action → model, task complexity and priority, and the reward each
 * domain derives from its metrics. The weights carry their real names (the original mislabels two of them).
 */
import { describeValue, type Validated } from './features';

/** Models by action index of the `model_routing` domain. */
export const ROUTER_MODELS = ['gpt-4-turbo', 'claude-3.5-sonnet', 'gemini-pro', 'llama-3.1-70b'] as const;
export type RouterModel = (typeof ROUTER_MODELS)[number];

/** The model for an action index; anything outside the table falls back to the first model. */
export function modelForAction(index: number): RouterModel {
  return Number.isInteger(index) && index >= 0 && index < ROUTER_MODELS.length
    ? ROUTER_MODELS[index]
    : ROUTER_MODELS[0];
}

const BASE_COMPLEXITY: Readonly<Record<string, number>> = {
  general: 0.3,
  analysis: 0.6,
  creative: 0.4,
  coding: 0.7,
  research: 0.8,
  summarization: 0.4,
};
const UNKNOWN_TASK_COMPLEXITY = 0.5;
/** Words that signal a demanding prompt; each one present adds a sixth of {@link KEYWORD_WEIGHT}. */
const COMPLEXITY_KEYWORDS = ['analyze', 'complex', 'detailed', 'comprehensive', 'research', 'compare'] as const;
const LENGTH_WEIGHT = 0.2;
const KEYWORD_WEIGHT = 0.1;
/** Prompts of this many characters or more count as fully long. */
const LONG_PROMPT_CHARS = 1000;

const PRIORITY_LEVELS: Readonly<Record<string, number>> = { urgent: 0.9, high: 0.7, medium: 0.5, low: 0.3 };
const DEFAULT_PRIORITY_LEVEL = 'medium';
const PRIORITY_MULTIPLIERS: Readonly<Record<string, number>> = {
  general: 1.0,
  analysis: 1.1,
  creative: 0.9,
  coding: 1.2,
  research: 1.1,
  summarization: 0.8,
};

const lookup = (table: Readonly<Record<string, number>>, key: string, fallback: number): number =>
  Object.hasOwn(table, key) ? table[key] : fallback;
const clamp = (value: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, value));

/**
 * Complexity in [0.1, 0.9] = base(taskType) + min(|prompt| / 1000, 1)·0.2 + (keywords present / 6)·0.1.
 * Keywords match as case-insensitive substrings; an unknown task type has base 0.5.
 *
 * @example taskComplexity('coding', 'analyze and compare'.padEnd(500, '.')) // 0.8333…
 */
export function taskComplexity(taskType: string, prompt: string): number {
  const base = lookup(BASE_COMPLEXITY, taskType, UNKNOWN_TASK_COMPLEXITY);
  const length = Math.min(prompt.length / LONG_PROMPT_CHARS, 1);
  const text = prompt.toLowerCase();
  const hits = COMPLEXITY_KEYWORDS.filter((word) => text.includes(word)).length;
  return clamp(base + length * LENGTH_WEIGHT + (hits / COMPLEXITY_KEYWORDS.length) * KEYWORD_WEIGHT, 0.1, 0.9);
}

/**
 * Priority in [0.1, 0.9] = level × multiplier(taskType). Levels: urgent 0.9, high 0.7, medium 0.5 (the default,
 * also for unknown levels), low 0.3; unknown task types have multiplier 1.
 *
 * @example taskPriority('coding', 'high') // 0.84
 */
export function taskPriority(taskType: string, priorityLevel: string | undefined): number {
  const level = lookup(
    PRIORITY_LEVELS,
    (priorityLevel ?? DEFAULT_PRIORITY_LEVEL).toLowerCase(),
    PRIORITY_LEVELS[DEFAULT_PRIORITY_LEVEL],
  );
  return clamp(level * lookup(PRIORITY_MULTIPLIERS, taskType, 1), 0.1, 0.9);
}

/** Score in [0, 1] for a duration: 1 when instant, falling linearly to 0 at `worst`. */
const speed = (duration: number, worst: number): number => Math.max(0, 1 - duration / worst);

/** Metrics a domain's reward reads, with the value assumed when a metric is missing. */
export const METRIC_DEFAULTS = {
  latency_ms: 1000,
  quality_score: 0.7,
  cost_efficiency: 0.8,
  accuracy_score: 0.75,
  analysis_depth: 0.7,
  processing_time: 2000,
  personalization_score: 0.6,
  response_quality: 0.75,
  response_time: 1500,
  overall_score: 0.7,
} as const;
export type MetricName = keyof typeof METRIC_DEFAULTS;

/** The weights of each domain's reward; every row sums to 1. */
export const REWARD_WEIGHTS = {
  model_routing: { latency: 0.3, quality: 0.4, costEfficiency: 0.3 },
  content_analysis: { accuracy: 0.5, analysisDepth: 0.3, processingSpeed: 0.2 },
  user_engagement: { personalization: 0.4, responseQuality: 0.4, responseSpeed: 0.2 },
} as const;

/** Durations (in their metric's unit) at which the speed term reaches 0. */
const WORST_LATENCY_MS = 5000;
const WORST_PROCESSING_TIME = 10_000;
const WORST_RESPONSE_TIME = 5000;

/**
 * The reward in [0, 1] a domain derives from reported metrics; missing metrics take {@link METRIC_DEFAULTS}
 * (so `{}` gives 0.76, 0.745 and 0.68 for the three built-in domains). Other domains use `overall_score`.
 */
export function routingReward(domain: string, metrics: Readonly<Record<string, number | undefined>>): number {
  const m = (name: MetricName): number => metrics[name] ?? METRIC_DEFAULTS[name];
  let reward: number;
  switch (domain) {
    case 'model_routing': {
      const w = REWARD_WEIGHTS.model_routing;
      reward =
        w.latency * speed(m('latency_ms'), WORST_LATENCY_MS) +
        w.quality * m('quality_score') +
        w.costEfficiency * m('cost_efficiency');
      break;
    }
    case 'content_analysis': {
      const w = REWARD_WEIGHTS.content_analysis;
      reward =
        w.accuracy * m('accuracy_score') +
        w.analysisDepth * m('analysis_depth') +
        w.processingSpeed * speed(m('processing_time'), WORST_PROCESSING_TIME);
      break;
    }
    case 'user_engagement': {
      const w = REWARD_WEIGHTS.user_engagement;
      reward =
        w.personalization * m('personalization_score') +
        w.responseQuality * m('response_quality') +
        w.responseSpeed * speed(m('response_time'), WORST_RESPONSE_TIME);
      break;
    }
    default:
      reward = m('overall_score');
  }
  return clamp(reward, 0, 1);
}

const DURATION_METRICS: ReadonlySet<string> = new Set<MetricName>(['latency_ms', 'processing_time', 'response_time']);

/**
 * Checks reported metrics: a plain object whose keys are all {@link MetricName}s; durations are finite numbers
 * ≥ 0, scores finite numbers in [0, 1]. Returns a copy, or the first problem with its field path.
 */
export function validateMetrics(metrics: unknown, field = 'metrics'): Validated<Partial<Record<MetricName, number>>> {
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    return { ok: false, field, message: `${field} must be an object of numbers, got ${describeValue(metrics)}` };
  }
  const entries = Object.entries(metrics);
  const unknown = entries.map(([key]) => key).filter((key) => !Object.hasOwn(METRIC_DEFAULTS, key));
  if (unknown.length > 0) {
    const names = unknown.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 64)));
    return {
      ok: false,
      field: `${field}.${unknown[0].slice(0, 64)}`,
      message: `${field} has unknown keys ${names.join(', ')}${unknown.length > 5 ? ', ...' : ''} (allowed: ${Object.keys(METRIC_DEFAULTS).join(', ')})`,
    };
  }
  for (const [key, value] of entries) {
    const isDuration = DURATION_METRICS.has(key);
    const valid = typeof value === 'number' && Number.isFinite(value) && value >= 0 && (isDuration || value <= 1);
    if (!valid) {
      const range = isDuration ? 'a number >= 0' : 'a number in [0, 1]';
      return {
        ok: false,
        field: `${field}.${key}`,
        message: `${field}.${key} must be ${range}, got ${describeValue(value)}`,
      };
    }
  }
  return { ok: true, value: Object.fromEntries(entries) };
}
