import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

/** Tenant, workspace and request ids: 1–128 characters of letters, digits and `._:-`. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const ID_MESSAGE = '$property must be 1-128 characters of letters, digits, ".", "_", ":" or "-"';

/** The caller-settable part of an orchestration context. */
export class OrchestrateContextDto {
  @ApiPropertyOptional({ example: 'acme', pattern: ID_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  tenantId?: string;

  @ApiPropertyOptional({ example: 'main', pattern: ID_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  workspaceId?: string;

  @ApiPropertyOptional({
    description: 'Defaults to the x-request-id header, else a new id',
    pattern: ID_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  requestId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

/** Body of `POST /orchestrators/:name/orchestrate`. */
export class OrchestrateBodyDto {
  @ApiPropertyOptional({ type: OrchestrateContextDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OrchestrateContextDto)
  context?: OrchestrateContextDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Free-form input of the orchestrator',
  })
  @IsOptional()
  @IsObject()
  input?: Record<string, unknown>;
}

/** The validated body as the handler receives it (validated by Fastify against `jsonSchemaOf(OrchestrateBodyDto)`). */
export interface OrchestrateBody {
  context?: { tenantId?: string; workspaceId?: string; requestId?: string; metadata?: Record<string, unknown> };
  input?: Record<string, unknown>;
}
