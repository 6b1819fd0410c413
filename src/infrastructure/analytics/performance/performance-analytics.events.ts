/** Events performance analytics emits (EventEmitter2), each with the tenant in its payload. */
export const AnalyticsEvent = {
  AnalysisCompleted: 'analytics.analysis.completed',
  AlertPending: 'analytics.alert.pending',
  AlertFired: 'analytics.alert.fired',
  AlertResolved: 'analytics.alert.resolved',
  AlertAcknowledged: 'analytics.alert.acknowledged',
  RulesChanged: 'analytics.rules.changed',
} as const;
