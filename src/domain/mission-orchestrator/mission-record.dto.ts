import { ApiProperty } from '@nestjs/swagger';
import { ERROR_CATEGORIES, type ErrorCategory } from '../../core/result/error-category';
import {
  MISSION_MODES,
  MISSION_STATUSES,
  type MissionMode,
  type MissionRecord,
  type MissionStatus,
} from './mission.types';
import { MISSION_DEPTHS } from './planning/mission-catalogue';

const OBJECT = { type: 'object', additionalProperties: true } as const;

class MissionErrorDto {
  @ApiProperty() message!: string;
  @ApiProperty({ enum: ERROR_CATEGORIES }) category!: ErrorCategory;
}

class MissionLedgerDto {
  @ApiProperty({ description: 'Dollars' }) costUsd!: number;
  @ApiProperty() toolCalls!: number;
  @ApiProperty({ description: 'Runs of the plan started (the first and each resume)' }) iterations!: number;
  @ApiProperty() seconds!: number;
}

/** A mission as `GET /missions/:missionId` returns it: the OpenAPI description of a {@link MissionRecord}. */
export class MissionRecordDto {
  @ApiProperty() missionId!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty() workspaceId!: string;
  @ApiProperty({ description: 'The request that started the mission' }) requestId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: MISSION_DEPTHS }) depth!: MissionRecord['depth'];
  @ApiProperty({ enum: MISSION_STATUSES }) status!: MissionStatus;
  @ApiProperty({ enum: MISSION_MODES }) mode!: MissionMode;
  @ApiProperty({ type: String, nullable: true, description: 'Hierarchical mode: the run under way' })
  runId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Hierarchical mode: the session running its stages' })
  sessionId!: string | null;
  @ApiProperty({ description: 'Checkpoints written so far' }) revision!: number;
  @ApiProperty({ ...OBJECT, description: 'The mission plan (stages, roster, budget, resources, decisions, planner)' })
  plan!: unknown;
  @ApiProperty({ description: 'What planning cost, charged by the mission planning stage' }) planningCostUsd!: number;
  @ApiProperty({
    type: 'array',
    items: OBJECT,
    description:
      'Per stage run: { id, status (completed|skipped|failed|dropped), crewStage?, result?, reason?, spent, startedAt, finishedAt }',
  })
  stages!: unknown[];
  @ApiProperty({ ...OBJECT, description: 'Crew stages run as inputs of planned ones, by stage id' }) pulled!: unknown;
  @ApiProperty({ type: MissionLedgerDto, description: 'Spent so far' }) ledger!: MissionLedgerDto;
  @ApiProperty({ type: [String], description: 'Decisions taken while running (replans, depth notices)' })
  decisions!: string[];
  @ApiProperty({ type: [String], description: 'What the mission delivered (plan announcement, briefing)' })
  messages!: string[];
  @ApiProperty() attempts!: number;
  @ApiProperty({ description: 'Epoch ms' }) createdAt!: number;
  @ApiProperty({ type: Number, nullable: true }) startedAt!: number | null;
  @ApiProperty({ type: Number, nullable: true }) finishedAt!: number | null;
  @ApiProperty({ type: MissionErrorDto, nullable: true }) error!: MissionErrorDto | null;
}
