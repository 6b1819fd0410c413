import type { MissionStatus } from './mission.types';

/**
 * The events missions emit (EventEmitter2), each with `{ missionId, tenantId, … }`: a run started (`attempt`), a
 * stage's outcome (`stage`, `status`, `spent`), a replan (`dropped`, `decision`), and the status a run ended in
 * (`error` unless completed). A plan made emits `mission.planned` (`depth`, `planner`).
 */
export const MissionEvent = {
  Planned: 'mission.planned',
  Started: 'mission.started',
  StageCompleted: 'mission.stage.completed',
  Replanned: 'mission.replanned',
  Completed: 'mission.completed',
  Failed: 'mission.failed',
  BudgetExceeded: 'mission.budget_exceeded',
  Interrupted: 'mission.interrupted',
} as const;

/** The event of each status a run ends in. */
export const ENDED_EVENT: Readonly<Record<Exclude<MissionStatus, 'queued' | 'running'>, string>> = {
  completed: MissionEvent.Completed,
  failed: MissionEvent.Failed,
  budget_exceeded: MissionEvent.BudgetExceeded,
  interrupted: MissionEvent.Interrupted,
};
