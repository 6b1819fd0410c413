import { REPORT_FORMATS, type ReportFormat } from '../report';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DEPTHS } from '../content';
import { ApiDefaultFromConfig } from '../../core/http/openapi-config-defaults';
import { AutointelConfig } from './autointel.config';
import { RUN_MODES } from './autointel.types';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ID_MESSAGE = '$property must be 1-128 characters of letters, digits, ".", "_", ":" or "-"';

/** Body of `POST /autointel`. `depth` and `mode` are read by `parseRunOptions` in the controller (422 on an unknown value). */
export class StartRunDto {
  @ApiProperty({
    example: 'https://example.org/article',
    description:
      'An http(s) URL; a file: URL or a local path only when `content.fileRoots` is configured (read only under ' +
      'those roots). Any other scheme: 400.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  @Matches(/\S/, { message: 'url must not be blank' })
  url!: string;

  @ApiPropertyOptional({ enum: DEPTHS, default: 'standard', description: 'Trimmed and lower-cased' })
  @IsOptional()
  @IsString()
  depth?: string;

  @ApiPropertyOptional({ enum: RUN_MODES, description: 'Default: the configuration key autointel.defaultMode' })
  @ApiDefaultFromConfig(AutointelConfig, (c) => c.defaultMode)
  @IsOptional()
  @IsString()
  mode?: string;

  @ApiPropertyOptional({
    description: "Overrides the x-tenant-id header: the key's own tenant, or any tenant for an operator key",
    pattern: ID.source,
  })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  tenant?: string;

  @ApiPropertyOptional({ default: 'default', pattern: ID.source })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: ID_MESSAGE })
  workspace?: string;
}

/** Query of `POST /autointel`. */
export class StartRunQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Answer when the run has finished (up to autointel.waitTimeoutMs)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  wait?: 'true' | 'false';
}

/** Query of `GET /autointel`. */
export class ListRunsQueryDto {
  @ApiPropertyOptional({ enum: ['queued', 'running', 'completed', 'failed'] })
  @IsOptional()
  @IsIn(['queued', 'running', 'completed', 'failed'])
  status?: 'queued' | 'running' | 'completed' | 'failed';

  @ApiPropertyOptional({ default: '20', description: '1-100' })
  @IsOptional()
  @Matches(/^(100|[1-9][0-9]?)$/, { message: 'limit must be an integer from 1 to 100' })
  limit?: string;
}

export class ReportQueryDto {
  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'md',
    description: 'md (text/markdown), html (a standalone page) or json (the report model, complete)',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
