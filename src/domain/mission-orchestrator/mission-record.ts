import type { MissionMode, MissionRecord } from './mission.types';
import type { MissionPlan } from './planning/mission-plan';

/** Who a new mission is for and where it came from. */
export interface MissionOrigin {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly requestId: string;
  readonly createdAt: number;
  /** What planning it cost (0 for a plan the caller supplied: it was paid for when it was made). */
  readonly planningCostUsd: number;
  /** How its stages run (default `pipeline`). */
  readonly mode?: MissionMode;
}

/** A queued mission of `plan`, nothing run and nothing spent yet. */
export function newMissionRecord(plan: MissionPlan, origin: MissionOrigin): MissionRecord {
  return {
    missionId: plan.missionId,
    tenantId: origin.tenantId,
    workspaceId: origin.workspaceId,
    requestId: origin.requestId,
    url: plan.url,
    depth: plan.depth,
    status: 'queued',
    mode: origin.mode ?? 'pipeline',
    runId: null,
    sessionId: null,
    revision: 0,
    plan,
    planningCostUsd: origin.planningCostUsd,
    stages: [],
    pulled: {},
    ledger: { costUsd: 0, toolCalls: 0, iterations: 0, seconds: 0 },
    decisions: [],
    messages: [],
    attempts: 0,
    createdAt: origin.createdAt,
    startedAt: null,
    finishedAt: null,
    error: null,
  };
}
