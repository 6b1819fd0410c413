import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { defineConfigSection } from '../../../core/config/config-section';
import { AnalyticsAlertRuleConfig } from './alert-rule.config';
import { AlertRulesConstraint } from './alert-rules';
import { ANOMALY_METHODS, type AnomalyMethod } from './analytics.model';

/**
 * Performance analytics (infrastructure): every threshold of the trend, anomaly, forecast, health and
 * recommendation rules, with the original's numbers as defaults, and the alert loop.
 */
export class PerformanceAnalyticsConfig {
  /** Interactions of one agent analysed at most (the newest). Default 50. */
  @IsInt() @Min(10) @Max(1_000_000) bufferSize = 50;
  /** Hours of interactions `analyze` looks at when the call names none; 0 = all. Default 24. */
  @IsNumber() @Min(0) @Max(8_760) lookbackHours = 24;
  /** An agent needs this many interactions in the lookback for trends and anomalies. Default 10. */
  @IsInt() @Min(2) @Max(100_000) minPoints = 10;
  /** A series needs this many points for a fitted trend (else `unknown`). Default 5. */
  @IsInt() @Min(3) @Max(100_000) trendMinPoints = 5;
  /** |slope| below this is a stable trend (absolute, in the series' unit per interaction). Default 0.001. */
  @IsNumber() @Min(0) stableSlope = 0.001;
  /** The error-rate series is the error share of this many previous interactions. Default 5. */
  @IsInt() @Min(1) @Max(1_000) errorRateWindow = 5;
  /** `zscore` (mean and sample std of the window) or `robust` (median and MAD). Default zscore. */
  @IsIn(ANOMALY_METHODS) anomalyMethod: AnomalyMethod = 'zscore';
  /** Values compared with at most this many previous ones (and half the series at most). Default 10. */
  @IsInt() @Min(2) @Max(10_000) anomalyWindow = 10;
  /** |z| above this is an anomaly. Default 2.0. */
  @IsNumber() @Min(0) zThreshold = 2.0;
  /** |z| above this is medium. Default 2.5. */
  @IsNumber() @Min(0) zMedium = 2.5;
  /** |z| above this is high. Default 3. */
  @IsNumber() @Min(0) zHigh = 3;
  /** |z| above this is critical. Default 4. */
  @IsNumber() @Min(0) zCritical = 4;
  /** A modified z-score above this is an anomaly (robust method); its bands scale like the z ones. Default 3.5. */
  @IsNumber() @Min(0) robustThreshold = 3.5;
  /** An agent needs this many buffered interactions for a forecast (the lookback does not apply). Default 15. */
  @IsInt() @Min(3) @Max(100_000) forecastMinInteractions = 15;
  /** A series needs this many values for a fitted forecast. Default 10. */
  @IsInt() @Min(3) @Max(100_000) forecastMinPoints = 10;
  /** Steps predicted. Default 5. */
  @IsInt() @Min(1) @Max(100) forecastHorizon = 5;
  /** Nominal level of the prediction intervals. Default 0.95. */
  @IsNumber() @Min(0.5) @Max(0.999) intervalLevel = 0.95;
  /** Weight of trend health (share of trends not declining) in the health score. Default 0.30. */
  @IsNumber() @Min(0) trendWeight = 0.3;
  /** Weight of anomaly health in the health score. Default 0.25. */
  @IsNumber() @Min(0) anomalyWeight = 0.25;
  /** Weight of performance (mean recent quality) in the health score. Default 0.25. */
  @IsNumber() @Min(0) performanceWeight = 0.25;
  /** Weight of stability (1 − quality variance) in the health score. Default 0.20. */
  @IsNumber() @Min(0) stabilityWeight = 0.2;
  /** Weight of the dashboard part (uptime and open incidents) in the health score. Default 0.20. */
  @IsNumber() @Min(0) dashboardWeight = 0.2;
  /** Critical+high anomalies that bring anomaly health to 0. Default 10. */
  @IsNumber() @Min(1) anomalyHealthScale = 10;
  /** Uptime share used when no source reports one. Default 0.9. */
  @IsNumber() @Min(0) @Max(1) defaultUptime = 0.9;
  /** Open incidents that bring the incident factor to 0. Default 10. */
  @IsNumber() @Min(1) incidentScale = 10;
  /** A score at least this is `excellent`. Default 0.9. */
  @IsNumber() @Min(0) @Max(1) excellentAt = 0.9;
  /** A score at least this is `good`. Default 0.8. */
  @IsNumber() @Min(0) @Max(1) goodAt = 0.8;
  /** A score at least this is `fair`. Default 0.7. */
  @IsNumber() @Min(0) @Max(1) fairAt = 0.7;
  /** A score at least this is `degraded`, below it `critical`. Default 0.5. */
  @IsNumber() @Min(0) @Max(1) degradedAt = 0.5;
  /** A declining trend above this confidence gets a recommendation. Default 0.5. */
  @IsNumber() @Min(0) @Max(1) recommendConfidence = 0.5;
  /** More critical+high anomalies than this get a critical reliability recommendation. Default 3. */
  @IsInt() @Min(0) anomalyRecommendAbove = 3;
  /** Share of stable trends above which the insights call the baseline stable. Default 0.8. */
  @IsNumber() @Min(0) @Max(1) stableShare = 0.8;
  /**
   * With no interactions at all, report the original's 0.9046 "excellent" instead of `no_data`. Default false
   * (env `ANALYTICS_LEGACY_EMPTY_HEALTH`).
   */
  @IsBoolean() legacyEmptyHealth = false;
  /** Run the alert evaluation loop as a background job. Default false (env `ANALYTICS_ALERT_LOOP`). */
  @IsBoolean() alertLoop = false;
  /** Period of the alert loop (ms). Default 1800000 (30 min). */
  @IsInt() @Min(1_000) @Max(86_400_000) alertLoopEveryMs = 1_800_000;
  /** Hours of interactions an alert evaluation analyses. Default 2. */
  @IsNumber() @Min(0) @Max(8_760) alertLookbackHours = 2;
  /** Tenants the alert loop evaluates. Default `default`. */
  @IsArray() @IsString({ each: true }) alertTenants: string[] = ['default'];
  /** Alerts kept per tenant (the oldest dropped). Default 1000. */
  @IsInt() @Min(1) @Max(1_000_000) alertHistory = 1_000;
  /**
   * Alert rules; when set they replace the built-in five. Each names a produced metric and a comparator; ids are
   * unique.
   */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AnalyticsAlertRuleConfig)
  @Validate(AlertRulesConstraint)
  rules?: AnalyticsAlertRuleConfig[];
}

export const performanceAnalyticsConfig = defineConfigSection({
  key: 'performanceAnalytics',
  schema: PerformanceAnalyticsConfig,
  env: {
    zThreshold: 'ANALYTICS_Z',
    bufferSize: 'ANALYTICS_BUFFER',
    minPoints: 'ANALYTICS_MIN_POINTS',
    forecastMinInteractions: 'ANALYTICS_FORECAST_MIN',
    forecastHorizon: 'ANALYTICS_HORIZON',
    stableSlope: 'ANALYTICS_STABLE_SLOPE',
    legacyEmptyHealth: 'ANALYTICS_LEGACY_EMPTY_HEALTH',
    alertLoop: 'ANALYTICS_ALERT_LOOP',
    alertLoopEveryMs: 'ANALYTICS_ALERT_LOOP_MS',
    alertLookbackHours: 'ALERT_LOOKBACK_H',
    alertHistory: 'ALERT_HISTORY',
  },
});

declare module '../../../core/config/app-config' {
  interface AppConfig {
    performanceAnalytics: PerformanceAnalyticsConfig;
  }
}

/** The thresholds the pure analysis reads: the config's fields. */
export type AnalyticsSettings = Omit<PerformanceAnalyticsConfig, 'rules' | 'alertTenants'>;

/** The defaults, for tests and the bench. */
export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = Object.freeze(new PerformanceAnalyticsConfig());
