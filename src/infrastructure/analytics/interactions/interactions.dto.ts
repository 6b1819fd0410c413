import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Length, Matches } from 'class-validator';

const EPOCH_MS = /^[0-9]{1,15}$/;

/** The filters of `GET /analytics/interactions`; every value is query-string text. */
export class InteractionsQueryDto {
  @ApiPropertyOptional({ description: 'Only this agent’s interactions (a crew roster id, a hierarchy agent id)' })
  @IsOptional()
  @Length(1, 128, { message: 'agent must be 1 to 128 characters' })
  agent?: string;

  @ApiPropertyOptional({ description: 'Only this task type (crew task id, hierarchy task type, mission stage id)' })
  @IsOptional()
  @Length(1, 128, { message: 'taskType must be 1 to 128 characters' })
  taskType?: string;

  @ApiPropertyOptional({ description: 'Epoch ms, inclusive: interactions that ended at or after it' })
  @IsOptional()
  @Matches(EPOCH_MS, { message: 'since must be epoch milliseconds (digits only)' })
  since?: string;

  @ApiPropertyOptional({ description: 'Epoch ms, exclusive: interactions that ended before it' })
  @IsOptional()
  @Matches(EPOCH_MS, { message: 'until must be epoch milliseconds (digits only)' })
  until?: string;

  @ApiPropertyOptional({ default: '1000', description: 'The newest this many, 1-10000' })
  @IsOptional()
  @Matches(/^(10000|[1-9][0-9]{0,3})$/, { message: 'limit must be an integer from 1 to 10000' })
  limit?: string;
}
