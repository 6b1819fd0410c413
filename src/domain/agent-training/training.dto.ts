import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { AGENT_IDS, type AgentId } from '../crew';

export const TRAINING_OPERATIONS = ['definitions', 'versions', 'examples', 'enhance', 'apply', 'report'] as const;
export type TrainingOperation = (typeof TRAINING_OPERATIONS)[number];

/** An agent id as reports take it: a crew roster id or another recorded agent's id. */
export const AGENT_NAME = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_SEED = 2 ** 31 - 1;

/**
 * The input of `agent_training`, every operation's fields together: `definitions` `{}`; `versions` `{ agent }`;
 * `examples` `{ agent, count?,
 * seed?, weights? }`; `enhance` and `apply` `{ agents?, seed?, weights? }`; `report` `{ agent, days? }`. No field
 * names a file: the agents file comes from config only.
 */
export class TrainingInputDto {
  @IsOptional() @IsIn(TRAINING_OPERATIONS) operation?: TrainingOperation;
  @IsOptional()
  @IsString()
  @Matches(AGENT_NAME, { message: 'agent must be 1-128 letters, digits, ".", "_", ":" or "-"' })
  agent?: string;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AGENT_IDS.length)
  @IsIn(AGENT_IDS, { each: true })
  agents?: AgentId[];
  @IsOptional() @IsInt() @Min(0) @Max(MAX_SEED) seed?: number;
  @IsOptional() @IsObject() weights?: Record<string, number>;
  @IsOptional() @IsInt() @Min(1) @Max(1000) count?: number;
  @IsOptional() @IsInt() @Min(1) @Max(365) days?: number;
}

export interface TrainingInput extends OrchestrationInput {
  readonly operation?: TrainingOperation;
  readonly agent?: string;
  readonly agents?: AgentId[];
  readonly seed?: number;
  readonly weights?: Record<string, number>;
  readonly count?: number;
  readonly days?: number;
}

/** The example generator's options every training body takes: its seed and the complexity shares. */
class ExampleOptionsDto {
  @ApiPropertyOptional({ description: `0-${MAX_SEED}; default training.seed` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SEED)
  seed?: number;
  @ApiPropertyOptional({ description: 'Shares of basic, intermediate, advanced, expert; they sum to 1' })
  @IsOptional()
  @IsObject()
  weights?: Record<string, number>;
}

/** Body of `POST /training/examples`. */
export class GenerateExamplesDto extends ExampleOptionsDto {
  @ApiProperty({ enum: AGENT_IDS, description: 'The agent whose role picks the focus' })
  @IsIn(AGENT_IDS, { message: `agent must be one of ${AGENT_IDS.join(', ')}` })
  agent!: AgentId;
  @ApiPropertyOptional({ default: 10, description: '1-1000' }) @IsOptional() @IsInt() @Min(1) @Max(1000) count?: number;
}

/** Body of `POST /training/enhance` (dry run) and `POST /training/apply`. */
export class EnhanceAgentsDto extends ExampleOptionsDto {
  @ApiPropertyOptional({ enum: AGENT_IDS, isArray: true, description: 'Default: every agent' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AGENT_IDS.length)
  @IsIn(AGENT_IDS, { each: true, message: `agents must each be one of ${AGENT_IDS.join(', ')}` })
  agents?: AgentId[];
}

/** Path of `GET /training/agents/:agent/report`. */
export class AgentParams {
  @Matches(AGENT_NAME, { message: 'agent must be 1-128 letters, digits, ".", "_", ":" or "-"' }) agent!: string;
}

/** Query of `GET /training/agents/:agent/report`. */
export class ReportQueryDto {
  @ApiPropertyOptional({ description: 'Window in days, 1-365; default training.windowDays' })
  @IsOptional()
  @Matches(/^(36[0-5]|3[0-5][0-9]|[12][0-9]{2}|[1-9][0-9]?)$/, { message: 'days must be an integer from 1 to 365' })
  days?: string;
}
