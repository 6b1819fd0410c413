/** How bad a stage error is; decides the recovery plan. */
export const ErrorSeverity = { Critical: 'critical', High: 'high', Medium: 'medium', Low: 'low' } as const;
export type ErrorSeverity = (typeof ErrorSeverity)[keyof typeof ErrorSeverity];

/** What a thrown error looks like to the recovery engine: its class name and message. */
export interface FailureDescription {
  readonly name?: string | null;
  readonly message: string;
}

/** Stages whose failure is HIGH: nothing downstream works without them. */
export const HIGH_SEVERITY_STAGES: readonly string[] = ['content_acquisition', 'mission_coordination'];
/** Core analysis stages whose failure is MEDIUM. */
export const MEDIUM_SEVERITY_STAGES: readonly string[] = [
  'content_analysis',
  'information_verification',
  'threat_analysis',
];
/** Experimental stages whose failure is LOW. */
export const LOW_SEVERITY_STAGES: readonly string[] = [
  'ai_enhanced_quality_assessment',
  'advanced_pattern_recognition',
];

const CRITICAL_NAMES = new Set(['MemoryError', 'SystemError']);
const CRITICAL_MESSAGE = /out of memory|\bENOMEM\b|heap limit|allocation failed|system error/i;

/** Out-of-memory and system errors: the class name is MemoryError/SystemError, or the message says so. */
export function isCriticalFailure(failure: FailureDescription): boolean {
  return CRITICAL_NAMES.has(failure.name ?? '') || CRITICAL_MESSAGE.test(failure.message);
}

/**
 * Severity of an error thrown by a stage, first match wins:
 * CRITICAL for out-of-memory/system errors; HIGH for content_acquisition/mission_coordination or retry ≥ 3;
 * MEDIUM for content_analysis/information_verification/threat_analysis or retry ≥ 2; LOW for the experimental
 * stages ai_enhanced_quality_assessment/advanced_pattern_recognition; MEDIUM otherwise.
 * Out-of-memory/system errors are recognised by name or message (TS has no MemoryError class).
 */
export function classifySeverity(failure: FailureDescription, stage: string, retryCount: number): ErrorSeverity {
  if (isCriticalFailure(failure)) return ErrorSeverity.Critical;
  if (HIGH_SEVERITY_STAGES.includes(stage) || retryCount >= 3) return ErrorSeverity.High;
  if (MEDIUM_SEVERITY_STAGES.includes(stage) || retryCount >= 2) return ErrorSeverity.Medium;
  if (LOW_SEVERITY_STAGES.includes(stage)) return ErrorSeverity.Low;
  return ErrorSeverity.Medium;
}
