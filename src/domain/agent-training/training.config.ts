import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';

/** `agent_training`: where the agent definitions live, how candidates are made and how they are measured. */
export class TrainingConfig {
  /** The agents file (YAML, one entry per crew agent), relative to the working directory. Never taken from a request. Default `config/agents.yaml`. */
  @IsString() @MinLength(1) @MaxLength(1024) agentsFile = 'config/agents.yaml';
  /** The seed of the example generator when a request names none. Default 42. */
  @IsInt() @Min(0) @Max(2 ** 31 - 1) seed = 42;
  /** Also rewrite the goal's training block and attach the tool guidelines. Default true. */
  @IsBoolean() applyGoal = true;
  /** Examples generated per agent for an enhancement. Default 50. */
  @IsInt() @Min(10) @Max(1000) examples = 50;
  /** Replays of each definition per evaluation; the 95 % bounds are over these. Default 5. */
  @IsInt() @Min(2) @Max(50) repeats = 5;
  /** Recorded interactions an agent needs before an evaluation or a report means anything. Default 10. */
  @IsInt() @Min(1) @Max(10_000) minInteractions = 10;
  /** The window of reports and of the interactions an evaluation replays, in days. Default 30. */
  @IsInt() @Min(1) @Max(365) windowDays = 30;
  /** Most an evaluation may spend on LLM calls, in dollars (the LLM runtime only). Default 0.5. */
  @IsNumber() @Min(0) @Max(100) evaluationCostCapUsd = 0.5;
  /**
   * Run the weekly report job: every 7 days, a report for each agent with interactions of each tenant of
   * `weeklyReportTenants`, and fresh examples (a new candidate) for the crew agents whose report suggests training.
   * Default false.
   */
  @IsBoolean() weeklyReport = false;
  /** The tenants the weekly job reports on (the interaction log is per tenant). Default `["default"]`. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { each: true })
  weeklyReportTenants: string[] = ['default'];
}

export const trainingConfig = defineConfigSection({
  key: 'training',
  schema: TrainingConfig,
  env: {
    agentsFile: 'TRAINING_AGENTS_FILE',
    seed: 'TRAINING_SEED',
    repeats: 'TRAINING_REPEATS',
    weeklyReport: 'TRAINING_WEEKLY_REPORT',
  },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    training: TrainingConfig;
  }
}
