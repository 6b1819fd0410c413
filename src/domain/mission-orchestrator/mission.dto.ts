import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ApiDefaultFromConfig } from '../../core/http/openapi-config-defaults';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { MissionConfig } from './mission.config';
import { MISSION_MODES, MISSION_STATUSES, type MissionMode, type MissionStatus } from './mission.types';
import { MISSION_DEPTHS } from './planning/mission-catalogue';

export const MISSION_OPERATIONS = ['plan', 'run', 'resume', 'get', 'list'] as const;
export type MissionOperation = (typeof MISSION_OPERATIONS)[number];

export const MISSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MISSION_ID_MESSAGE = '$property must be 1-128 characters of letters, digits, ".", "_", ":" or "-"';

/**
 * The input of `mission_orchestrator`, every operation's fields together (each operation checks which it needs):
 * `plan` `{ url, depth? }`; `run` `{ plan }` or `{ url, depth? }`, and `mode?`; `resume` and `get` `{ missionId }`; `list`
 * `{ limit?, status? }`. Any other field is refused, so no capability can come in as input.
 */
export class MissionInputDto {
  @IsOptional() @IsIn(MISSION_OPERATIONS) operation?: MissionOperation;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(/\S/, { message: '$property must not be blank' })
  url?: string;

  @IsOptional() @IsString() @MaxLength(64) depth?: string;

  @IsOptional() @IsObject() plan?: Record<string, unknown>;

  @IsOptional() @IsIn(MISSION_MODES) mode?: MissionMode;

  @IsOptional() @IsString() @Matches(MISSION_ID, { message: MISSION_ID_MESSAGE }) missionId?: string;

  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;

  @IsOptional() @IsIn(MISSION_STATUSES) status?: MissionStatus;
}

/** The input as the orchestrator reads it, once the facade has checked it against {@link MissionInputDto}. */
export interface MissionInput extends OrchestrationInput {
  readonly operation?: MissionOperation;
  readonly url?: string;
  readonly depth?: string;
  readonly plan?: Record<string, unknown>;
  readonly mode?: MissionMode;
  readonly missionId?: string;
  readonly limit?: number;
  readonly status?: MissionStatus;
}

/** Body of `POST /missions/plan`. */
export class PlanMissionDto {
  @ApiProperty({ example: 'https://example.org/article', description: 'What the mission is about (http(s) URL)' })
  @IsString()
  @MaxLength(4096)
  @Matches(/\S/, { message: 'url must not be blank' })
  url!: string;

  @ApiPropertyOptional({
    enum: MISSION_DEPTHS,
    description: 'Trimmed and lower-cased; an unknown depth plans standard',
  })
  @ApiDefaultFromConfig(MissionConfig, (c) => c.defaultDepth)
  @IsOptional()
  @IsString()
  @MaxLength(64)
  depth?: string;
}

/** Body of `POST /missions`: a plan (from `POST /missions/plan`, possibly edited), or a URL to plan first. */
export class StartMissionDto {
  @ApiPropertyOptional({ description: 'Plan first, then run (give `url` or `plan`, not both)' })
  @ValidateIf((body: StartMissionDto) => body.plan === undefined || body.url !== undefined)
  @IsString({ message: 'url must be a string (give url, or a plan)' })
  @MaxLength(4096)
  @Matches(/\S/, { message: 'url must not be blank' })
  url?: string;

  @ApiPropertyOptional({ enum: MISSION_DEPTHS, description: 'With `url`' })
  @ApiDefaultFromConfig(MissionConfig, (c) => c.defaultDepth)
  @IsOptional()
  @IsString()
  @MaxLength(64)
  depth?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'A mission plan; checked against the plan schema and the limits of its depth (400 naming the field)',
  })
  @IsOptional()
  @IsObject()
  plan?: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: MISSION_MODES,
    default: 'pipeline',
    description:
      '`pipeline`: one job runs the stages in plan order. `hierarchical`: each stage is a task of a hierarchical session, routed to the roster agent of its stage (needs hierarchical.run too)',
  })
  @IsOptional()
  @IsIn(MISSION_MODES, { message: `mode must be one of ${MISSION_MODES.join(', ')}` })
  mode?: MissionMode;
}

/** Query of `POST /missions`. */
export class StartMissionQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Answer when the run has ended (up to mission.waitTimeoutMs)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  wait?: 'true' | 'false';
}

/** Query of `GET /missions`. */
export class ListMissionsQueryDto {
  @ApiPropertyOptional({ enum: MISSION_STATUSES })
  @IsOptional()
  @IsIn(MISSION_STATUSES)
  status?: MissionStatus;

  @ApiPropertyOptional({ default: '20', description: '1-100' })
  @IsOptional()
  @Matches(/^(100|[1-9][0-9]?)$/, { message: 'limit must be an integer from 1 to 100' })
  limit?: string;
}

/** Path of `GET /missions/:missionId` and `POST /missions/:missionId/resume`. */
export class MissionIdParams {
  @Matches(MISSION_ID, { message: 'missionId must be 1-128 characters of letters, digits, ".", "_", ":" or "-"' })
  missionId!: string;
}
