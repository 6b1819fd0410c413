import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SESSION_STATUSES, type SessionStatus } from './hierarchy.records';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ID_MESSAGE = '$property must be 1-128 characters of letters, digits, ".", "_", ":" or "-"';
const TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;

/** One objective of a session: a task of `type`, run by that type's handler on `input`. */
export class ObjectiveDto {
  @ApiPropertyOptional({ description: 'Unique in the session; default `obj_<index>`', pattern: ID.source })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  id?: string;

  @ApiPropertyOptional({ description: 'Default: the id', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 5, description: '10 is the most important' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  priority?: number;

  @ApiProperty({
    example: 'autointel',
    description: 'The handler: autointel, fallback, feedback, synthesis, or one a module registers',
  })
  @IsString()
  @Matches(TYPE, { message: '$property must be a task type (lower case letters, digits, "_", ".", "-")' })
  type!: string;

  @ApiPropertyOptional({ type: [String], description: 'Ids of objectives of this session that must complete first' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(ID, { each: true, message: ID_MESSAGE })
  dependencies?: string[];

  @ApiPropertyOptional({ default: 60, description: 'Seconds the task is expected to take' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(86_400)
  estimatedSeconds?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  successCriteria?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'What the handler is given, e.g. `{ "url": "https://…" }` for autointel',
  })
  @IsOptional()
  @IsObject()
  input?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'A registered agent of the tenant the task must go to', pattern: ID.source })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  agentId?: string;
}

export class MissionDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'mission.name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;
}

/** Limits a session may lower (or raise within the bounds) from the `hierarchy.*` defaults. */
export class SessionLimitsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 64 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  maxParallel?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  maxRetries?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 600000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  retryDelayMs?: number;

  @ApiPropertyOptional({ minimum: 100, maximum: 3600000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  taskTimeoutMs?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxSteps?: number;

  @ApiPropertyOptional({ minimum: 1000, maximum: 86400000 })
  @IsOptional()
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  maxSessionMs?: number;
}

/** Body of `POST /hierarchy/sessions`. */
export class CreateSessionDto {
  @ApiProperty({ type: MissionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MissionDto)
  mission!: MissionDto;

  @ApiProperty({ type: [ObjectiveDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'objectives must not be empty' })
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => ObjectiveDto)
  objectives!: ObjectiveDto[];

  @ApiPropertyOptional({ type: SessionLimitsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SessionLimitsDto)
  limits?: SessionLimitsDto;
}

export class WaitQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Answer when the session has finished (up to 120 s)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  wait?: 'true' | 'false';
}

export class ListSessionsQueryDto {
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @ApiPropertyOptional({ default: '20', description: '1-100' })
  @IsOptional()
  @Matches(/^(100|[1-9][0-9]?)$/, { message: 'limit must be an integer from 1 to 100' })
  limit?: string;
}

export class RecoverSessionDto {
  @ApiPropertyOptional({
    enum: ['full_restart', 'selective_restart', 'graceful_degradation'],
    description: 'Default: chosen from `affected`',
  })
  @IsOptional()
  @IsIn(['full_restart', 'selective_restart', 'graceful_degradation'])
  strategy?: 'full_restart' | 'selective_restart' | 'graceful_degradation';

  @ApiPropertyOptional({ type: [String], description: 'What failed, e.g. `agent:w1` or `critical:store`' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  affected?: string[];
}

/** Body of `POST /hierarchy/agents`. */
export class RegisterAgentDto {
  @ApiProperty({ pattern: ID.source })
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  agentId!: string;

  @ApiProperty({ example: 'fact_checker', description: 'Orders synthesis: executive_supervisor first, …' })
  @IsString()
  @Matches(TYPE, { message: '$property must be a role name (lower case letters, digits, "_", ".", "-")' })
  role!: string;

  @ApiProperty({ type: [String], example: ['autointel', 'synthesis'], description: 'Task types, or `general`' })
  @IsArray()
  @ArrayMinSize(1, { message: 'capabilities must name at least one task type (or general)' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(TYPE, { each: true, message: '$property must hold task types' })
  capabilities!: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(TYPE, { each: true, message: '$property must hold task types' })
  specialisations?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 10, description: 'Tasks it may hold at once' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity?: number;
}

/** Body of `POST /hierarchy/agents/:agentId/heartbeat`. */
export class HeartbeatDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'The agent’s own load' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  load?: number;

  @ApiPropertyOptional({ description: 'A session whose task the agent reports progress on', pattern: ID.source })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  sessionId?: string;

  @ApiPropertyOptional({ pattern: ID.source })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  taskId?: string;

  @ApiPropertyOptional({ description: 'Any number that changes as the task moves; unchanged means no progress' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  progress?: number;
}
