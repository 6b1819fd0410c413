/**
 * The events of `agent_training` (EventEmitter2): an enhancement applied (`{ agent, version, tenantId }`), a
 * candidate kept after its evaluation (`{ agent, reason, tenantId }`), the agents file reloaded into the roster
 * (`{ versions }`), and the weekly report of a tenant (`{ tenantId, at, reports, regenerated }`).
 */
export const TrainingEvent = {
  Applied: 'agent_training.applied',
  CandidateKept: 'agent_training.candidate_kept',
  Reloaded: 'agent_training.reloaded',
  WeeklyReport: 'agent_training.weekly_report',
} as const;
