import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ORCHESTRATION_LAYERS, type OrchestrationLayer } from '../../core/orchestrator/orchestrator.types';

export class ListOrchestratorsQuery {
  @ApiPropertyOptional({ enum: ORCHESTRATION_LAYERS })
  @IsOptional()
  @IsIn(ORCHESTRATION_LAYERS, { message: `layer must be one of: ${ORCHESTRATION_LAYERS.join(', ')}` })
  layer?: OrchestrationLayer;
}
