import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { REPORT_FORMATS, type ReportFormat } from './report-renderer';

const HOURS = /^(0|[1-9][0-9]{0,3})(\.[0-9]{1,3})?$/;
const HOURS_MESSAGE = 'lookbackHours must be a number of hours from 0 to 9999 (0 = all)';

export class AnalyzeQueryDto {
  @ApiPropertyOptional({ description: 'Hours of interactions analysed; 0 = all. Default the configured 24' })
  @IsOptional()
  @Matches(HOURS, { message: HOURS_MESSAGE })
  lookbackHours?: string;
}

export class ReportQueryDto extends AnalyzeQueryDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'markdown' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
