import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';
import { MISSION_DEPTHS, type MissionDepth } from './planning/mission-catalogue';

/** The `mission_orchestrator`: planning, runs and their recovery. */
export class MissionConfig {
  /** The depth of a mission whose request names none. Default `standard`. */
  @IsIn(MISSION_DEPTHS) defaultDepth: MissionDepth = 'standard';
  /** Ask the LLM (`llm.*`) for each plan when one is configured, validated against the rules; off: the rules plan. Default true. */
  @IsBoolean() llmPlanner = true;
  /**
   * At boot, run again the missions left queued, running or interrupted (embedded mode; with Redis the queue keeps
   * their jobs). Default true.
   */
  @IsBoolean() resumeOnBoot = true;
  /** `POST /missions?wait=true` answers 202 with the mission's state after this long if it has not settled. Default 120000. */
  @IsInt() @Min(100) @Max(600_000) waitTimeoutMs = 120_000;
}

export const missionConfig = defineConfigSection({
  key: 'mission',
  schema: MissionConfig,
  env: { defaultDepth: 'MISSION_DEFAULT_DEPTH', llmPlanner: 'MISSION_LLM_PLANNER' },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    mission: MissionConfig;
  }
}
