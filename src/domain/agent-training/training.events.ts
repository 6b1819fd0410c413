/**
 * The events of `agent_training` (EventEmitter2): an enhancement applied (`{ agent, version, tenantId }`), a
 * candidate kept after its evaluation (`{ agent, reason, tenantId }`), and the agents file reloaded into the roster
 * (`{ versions }`).
 */
export const TrainingEvent = {
  Applied: 'agent_training.applied',
  CandidateKept: 'agent_training.candidate_kept',
  Reloaded: 'agent_training.reloaded',
} as const;
