/** The results performance analytics produces; plain data, JSON as it is. */

export const TREND_DIRECTIONS = ['improving', 'declining', 'stable', 'unknown'] as const;
export type TrendDirection = (typeof TREND_DIRECTIONS)[number];

export interface Trend {
  /** `<agent>_quality`, `<agent>_response_time` or `<agent>_error_rate`. */
  readonly metricName: string;
  readonly agent: string;
  readonly series: SeriesKind;
  /** `last_<n>_interactions`, or `insufficient_data`. */
  readonly timePeriod: string;
  readonly direction: TrendDirection;
  /** Fitted change over the series relative to its first value, in %. */
  readonly changeRate: number;
  /** |r| of the fit. */
  readonly confidence: number;
  readonly forecastNextPeriod: number;
  /** 1 − residual variance / value variance (≈ R²), at least 0. */
  readonly stability: number;
  readonly dataPointsCount: number;
  readonly lookbackHours: number;
}

export const SERIES_KINDS = ['quality', 'response_time', 'error_rate'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AnomalySeverity = (typeof SEVERITIES)[number];

export const ANOMALY_METHODS = ['zscore', 'robust'] as const;
export type AnomalyMethod = (typeof ANOMALY_METHODS)[number];

export interface Anomaly {
  readonly agent: string;
  readonly metricName: string;
  readonly method: AnomalyMethod;
  readonly type: 'spike' | 'drop';
  readonly severity: AnomalySeverity;
  readonly value: number;
  /** The window's mean (z-score) or median (robust). */
  readonly expected: number;
  /** |z| or the modified z-score. */
  readonly score: number;
  /** The window's sample standard deviation (z-score) or its robust estimate, MAD / 0.6745 (robust). */
  readonly spread: number;
  readonly index: number;
  /** When the interaction ended (epoch ms), or null when it has no time. */
  readonly at: number | null;
}

export interface ForecastPoint {
  readonly step: number;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

export interface SeriesForecast {
  readonly model: 'linear' | 'insufficient_data';
  readonly predictions: readonly ForecastPoint[];
  /** |r| of the fit. */
  readonly accuracy: number;
  /** The interval's nominal level (e.g. 0.95). */
  readonly level: number;
  /** Share of the past one-step intervals that held the value, or null before any could be checked. */
  readonly coverage: number | null;
  /** How many past intervals `coverage` counts. */
  readonly coverageChecks: number;
}

export interface AgentForecast {
  readonly qualityForecast: SeriesForecast;
  readonly responseTimeForecast: SeriesForecast;
}

export const HEALTH_STATUSES = ['excellent', 'good', 'fair', 'degraded', 'critical', 'no_data'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface HealthComponents {
  readonly trend: number;
  readonly anomaly: number;
  readonly performance: number;
  readonly stability: number;
  readonly dashboard: number;
}

export interface SystemHealth {
  /** 0–1, or null with status `no_data`. */
  readonly overallScore: number | null;
  readonly status: HealthStatus;
  readonly components: HealthComponents | null;
  readonly keyIndicators: KeyIndicators;
}

export interface KeyIndicators {
  readonly agentsMonitored: number;
  readonly agentsWithData: number;
  readonly coverageRatio: number;
  readonly recentAlerts: number;
  readonly activeRecommendations: number;
}

export const PRIORITIES = ['critical', 'high', 'medium'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Recommendation {
  readonly category: 'quality' | 'performance' | 'reliability' | 'system' | 'cost';
  readonly priority: Priority;
  readonly title: string;
  readonly description: string;
  readonly effort: 'low' | 'medium' | 'high';
  readonly confidence: number;
  readonly expectedImpact: string;
  readonly actions: readonly string[];
  readonly agent: string | null;
}

export interface AgentComparison {
  readonly agent: string;
  readonly meanQuality: number;
  readonly consistency: number;
  readonly meanResponseTimeMs: number;
  readonly timeConsistency: number;
  readonly interactions: number;
}

export interface ComparativeInsights {
  readonly agents: readonly AgentComparison[];
  readonly bestQuality: string | null;
  readonly worstQuality: string | null;
  readonly fastest: string | null;
  readonly qualityGap: number | null;
  readonly message: string | null;
}

export interface Analysis {
  readonly analysisTimestamp: number;
  readonly lookbackHours: number;
  readonly systemHealth: SystemHealth;
  readonly performanceTrends: readonly Trend[];
  readonly anomalies: {
    readonly detected: number;
    readonly critical: number;
    readonly high: number;
    readonly medium: number;
    readonly low: number;
    /** The five latest, oldest first. */
    readonly recent: readonly Anomaly[];
  };
  readonly forecasts: Readonly<Record<string, AgentForecast>>;
  readonly optimizationRecommendations: {
    readonly critical: readonly Recommendation[];
    readonly high: readonly Recommendation[];
    readonly medium: readonly Recommendation[];
    readonly totalRecommendations: number;
  };
  readonly comparativeInsights: ComparativeInsights;
  readonly actionableInsights: readonly string[];
  /** Over every interaction in the lookback (null with none, or none scored for quality). */
  readonly totals: {
    readonly interactions: number;
    readonly meanQuality: number | null;
    readonly errorRate: number | null;
    readonly meanResponseTimeMs: number | null;
  };
  /** Mean live coverage of the forecasts' intervals, or null when none could be checked yet. */
  readonly intervalCoverage: number | null;
}
