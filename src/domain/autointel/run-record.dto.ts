import { ApiProperty } from '@nestjs/swagger';
import { ERROR_CATEGORIES, type ErrorCategory } from '../../core/result/error-category';
import { DEPTHS, type Depth } from '../content';
import { RUN_MODES, type ProgressEvent, type RunMode, type RunRecord, type RunStatus } from './autointel.types';

class RunStepDto {
  @ApiProperty() current!: number;
  @ApiProperty() total!: number;
}

class ProgressEventDto implements ProgressEvent {
  @ApiProperty({ description: '1, 2, … within the run' }) seq!: number;
  @ApiProperty({ description: 'Epoch ms' }) at!: number;
  @ApiProperty({ enum: ['post', 'edit'] }) kind!: 'post' | 'edit';
  @ApiProperty() text!: string;
  @ApiProperty() ephemeral!: boolean;
  @ApiProperty({ type: RunStepDto, nullable: true }) step!: RunStepDto | null;
}

class RunResultDto {
  @ApiProperty({ description: 'The Markdown report' }) report!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The mode's output" }) data!: unknown;
}

class RunErrorDto {
  @ApiProperty() message!: string;
  @ApiProperty({ enum: ERROR_CATEGORIES }) category!: ErrorCategory;
}

/** A `/autointel` run as `GET /autointel/:workflowId` returns it: the OpenAPI description of a {@link RunRecord}. */
export class RunRecordDto implements RunRecord {
  @ApiProperty() workflowId!: string;
  @ApiProperty() tenantId!: string;
  @ApiProperty() workspaceId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The request id of the request that started the run (its x-request-id, else generated); its context, log ' +
      'lines and spans carry it. Null on runs stored before it was recorded.',
  })
  requestId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    pattern: '^[0-9a-f]{32}$',
    description:
      "The trace of the run's spans: that of the request's W3C traceparent, else a new one started for the run. " +
      'Null on runs stored before it was recorded.',
  })
  traceId!: string | null;

  @ApiProperty() url!: string;
  @ApiProperty({ enum: DEPTHS }) depth!: Depth;
  @ApiProperty({ enum: RUN_MODES }) mode!: RunMode;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status!: RunStatus;
  @ApiProperty({ description: 'Epoch ms' }) createdAt!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Epoch ms' }) startedAt!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Epoch ms' }) finishedAt!: number | null;
  @ApiProperty({
    description:
      'Runs of this workflow started so far (a restart re-runs an unfinished one, up to autointel.maxStarts starts)',
  })
  attempts!: number;
  @ApiProperty({ type: [ProgressEventDto] }) events!: ProgressEventDto[];
  @ApiProperty({ type: RunResultDto, nullable: true, description: 'When finished: the report and the result' })
  result!: RunResultDto | null;
  @ApiProperty({ type: RunErrorDto, nullable: true }) error!: RunErrorDto | null;
}
