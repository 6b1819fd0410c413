import type { Interaction } from '../../../core/ports/interaction-log.port';
import {
  MIN_INTERACTIONS,
  REPORT_TARGETS,
  type MetricReport,
  type PerformanceReport,
  type Recommendation,
  type ReportStatus,
  type Trend,
} from './performance.types';
import { toolPatterns } from './tool-patterns';

const DAY_MS = 86_400_000;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * The trend of a series in time order: with fewer than {@link MIN_INTERACTIONS} values `insufficient_data`; else
 * the mean of the second half minus that of the first (negated when lower is better): under 0.05 in size `stable`,
 * above 0 `improving`, else `declining`.
 */
export function trendOf(values: readonly number[], lowerIsBetter = false): Trend {
  if (values.length < MIN_INTERACTIONS) return 'insufficient_data';
  const half = Math.floor(values.length / 2);
  const delta = (mean(values.slice(half))! - mean(values.slice(0, half))!) * (lowerIsBetter ? -1 : 1);
  if (Math.abs(delta) < 0.05) return 'stable';
  return delta > 0 ? 'improving' : 'declining';
}

/** One interaction's tool efficiency: quality spread over its tools, ±0.1 for a lean or long sequence, capped at 1. */
export function toolEfficiency(i: Interaction): number {
  const tools = i.tools.length;
  if (tools === 0) return 0;
  const steps = i.toolSequence.length;
  const bonus = steps > 1 ? (steps > 1.5 * tools ? -0.1 : 0.1) : 0;
  return Math.min(1, (i.quality ?? 0) / tools + bonus);
}

function metric(values: readonly number[], target: number, confidence: number, trend: Trend): MetricReport {
  const m = mean(values);
  return { actual: m === null ? null : round3(m), target, confidence, samples: values.length, trend };
}

/**
 * An agent's report over the `days` before `now` from its interactions (any order; those outside the window are
 * ignored). The response-time part of the overall score is target/actual capped at 1, so a fast agent scores 1
 * and a slow one less — it never lifts the score above what the other metrics give.
 */
export function performanceReport(
  agent: string,
  all: readonly Interaction[],
  window: { readonly now: number; readonly days: number },
): PerformanceReport {
  const from = window.now - window.days * DAY_MS;
  const interactions = all.filter((i) => i.at >= from && i.at < window.now).sort((a, b) => a.at - b.at);
  const qualities = interactions.filter((i) => i.quality !== null).map((i) => i.quality!);
  const seconds = interactions.map((i) => i.durationMs / 1000);
  const many = (n: number) => (n > MIN_INTERACTIONS ? 0.9 : 0.7);
  const metrics = {
    accuracy: metric(qualities, REPORT_TARGETS.accuracy, many(qualities.length), trendOf(qualities)),
    response_time_s: metric(seconds, REPORT_TARGETS.response_time_s, 0.9, trendOf(seconds, true)),
    tool_usage_efficiency: metric(
      interactions.map(toolEfficiency),
      REPORT_TARGETS.tool_usage_efficiency,
      0.8,
      trendOf(interactions.map((i) => i.tools.length / Math.max(1, i.toolSequence.length))),
    ),
  };
  const overallScore = overall(metrics);
  const patterns = toolPatterns(interactions);
  const enough = interactions.length >= MIN_INTERACTIONS;
  return {
    agent,
    windowDays: window.days,
    from,
    to: window.now,
    interactions: interactions.length,
    status: enough ? statusOf(overallScore) : 'insufficient_data',
    overallScore,
    metrics,
    toolPatterns: patterns,
    recommendations: enough ? recommendations(metrics, patterns) : [],
    trainingSuggestions: enough ? suggestions(metrics, patterns) : [],
  };
}

/** Each metric's part of the overall score, 0–1; response time is lower-is-better (a 0 s mean scores 1). */
export function overallParts(metrics: PerformanceReport['metrics']): Record<string, number> {
  const parts: Record<string, number> = {};
  const { accuracy, tool_usage_efficiency: tools, response_time_s: time } = metrics;
  if (accuracy.actual !== null) parts.accuracy = Math.min(1, accuracy.actual / accuracy.target);
  if (tools.actual !== null) parts.tool_usage_efficiency = Math.min(1, tools.actual / tools.target);
  if (time.actual !== null) parts.response_time_s = time.actual <= 0 ? 1 : Math.min(1, time.target / time.actual);
  return parts;
}

function overall(metrics: PerformanceReport['metrics']): number | null {
  const m = mean(Object.values(overallParts(metrics)));
  return m === null ? null : round3(m);
}

function statusOf(score: number | null): ReportStatus {
  if (score === null) return 'insufficient_data';
  return score >= 0.85 ? 'excellent' : score >= 0.7 ? 'good' : 'needs_improvement';
}

function recommendations(
  metrics: PerformanceReport['metrics'],
  patterns: PerformanceReport['toolPatterns'],
): Recommendation[] {
  const out: Recommendation[] = [];
  const { accuracy, tool_usage_efficiency: tools, response_time_s: time } = metrics;
  if (accuracy.actual !== null && accuracy.actual < accuracy.target) {
    const gap = round3(accuracy.target - accuracy.actual);
    out.push(
      gap > 0.2
        ? {
            metric: 'accuracy',
            severity: 'critical',
            message: `Accuracy is ${gap} below its target: retrain on verified examples now`,
          }
        : {
            metric: 'accuracy',
            severity: 'mild',
            message: `Accuracy is ${gap} below its target: review recent low-quality answers`,
          },
    );
  }
  if (tools.actual !== null && tools.actual < tools.target)
    out.push({
      metric: 'tool_usage_efficiency',
      severity: 'mild',
      message: 'Tool use is inefficient: fewer, better-chosen tool calls',
    });
  if (time.actual !== null && time.actual > time.target)
    out.push(
      time.actual > 2 * time.target
        ? {
            metric: 'response_time_s',
            severity: 'concerning',
            message: `Mean response time ${time.actual} s is over twice the ${time.target} s target`,
          }
        : {
            metric: 'response_time_s',
            severity: 'mild',
            message: `Mean response time ${time.actual} s is over the ${time.target} s target`,
          },
    );
  for (const p of patterns) {
    if (p.successRate < 0.7)
      out.push({
        metric: `tool:${p.tool}`,
        severity: 'mild',
        message: `${p.tool} succeeds in ${round3(p.successRate)} of its uses`,
      });
    if (p.meanQuality < 0.6)
      out.push({
        metric: `tool:${p.tool}`,
        severity: 'mild',
        message: `${p.tool} gives a mean quality of ${p.meanQuality}`,
      });
  }
  return out;
}

function suggestions(metrics: PerformanceReport['metrics'], patterns: PerformanceReport['toolPatterns']): string[] {
  const out = patterns
    .filter((p) => p.successRate < 0.8 || p.meanQuality < 0.7)
    .map((p) => `Generate more training examples for ${p.tool}`);
  const errors = [...new Set(patterns.flatMap((p) => p.errors))].slice(0, 2);
  if (errors.length > 0) out.push(`Add error-recovery scenarios for: ${errors.join('; ')}`);
  if (metrics.accuracy.actual !== null && metrics.accuracy.actual < 0.8)
    out.push('Add examples with verified outcomes', 'Add edge-case scenarios');
  return out;
}
