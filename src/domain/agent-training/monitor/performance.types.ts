/** Below this many interactions in the window, trends and the status are `insufficient_data`. */
export const MIN_INTERACTIONS = 10;

/** The targets a report compares against; response time is an upper bound, the rest lower bounds. */
export const REPORT_TARGETS = { accuracy: 0.9, tool_usage_efficiency: 0.85, response_time_s: 30 } as const;

export const TRENDS = ['improving', 'stable', 'declining', 'insufficient_data'] as const;
export type Trend = (typeof TRENDS)[number];

export const REPORT_STATUSES = ['excellent', 'good', 'needs_improvement', 'insufficient_data'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const SEVERITIES = ['critical', 'concerning', 'mild'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface MetricReport {
  /** The mean over the window; null without samples. */
  readonly actual: number | null;
  readonly target: number;
  /** How far the mean can be trusted: 0.9 with more than 10 samples, else 0.7 (0.8 for tool efficiency). */
  readonly confidence: number;
  readonly samples: number;
  readonly trend: Trend;
}

export interface ToolPattern {
  readonly tool: string;
  readonly uses: number;
  /** Share of its uses with quality above 0.7 and no error. */
  readonly successRate: number;
  readonly meanQuality: number;
  /** The three most frequent tool sequences it appeared in, most frequent first. */
  readonly topSequences: readonly string[];
  /** Distinct error messages that name the tool. */
  readonly errors: readonly string[];
}

export interface Recommendation {
  readonly metric: string;
  readonly severity: Severity;
  readonly message: string;
}

/** One agent's performance over a window of its recorded interactions. */
export interface PerformanceReport {
  readonly agent: string;
  readonly windowDays: number;
  /** Epoch ms: the window is [from, to). */
  readonly from: number;
  readonly to: number;
  readonly interactions: number;
  readonly status: ReportStatus;
  /** Mean over the metrics of actual/target capped at 1 (target/actual for response time); null without data. */
  readonly overallScore: number | null;
  readonly metrics: {
    readonly accuracy: MetricReport;
    readonly response_time_s: MetricReport;
    readonly tool_usage_efficiency: MetricReport;
  };
  readonly toolPatterns: readonly ToolPattern[];
  readonly recommendations: readonly Recommendation[];
  readonly trainingSuggestions: readonly string[];
}
