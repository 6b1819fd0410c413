import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PLATFORMS, YOUTUBE_KINDS } from './monitoring.types';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const nullable = (_o: unknown, v: unknown) => v !== null && v !== undefined;

/** A daily window without checks. */
export class QuietHoursDto {
  @ApiProperty({ example: '23:00', description: 'HH:MM, inclusive' }) @IsString() @MaxLength(5) start!: string;
  @ApiProperty({ example: '07:00', description: 'HH:MM, exclusive; may be before start' })
  @IsString()
  @MaxLength(5)
  end!: string;
  @ApiProperty({ example: 'Europe/Paris', description: 'IANA time zone' })
  @IsString()
  @MaxLength(64)
  timeZone!: string;
}

/** Body of `POST /monitoring/creators`. */
export class CreateCreatorDto {
  @ApiProperty({ example: 'h3_podcast', description: 'Lowercase slug, unique in the tenant' })
  @IsString()
  @MaxLength(128)
  id!: string;
  @ApiPropertyOptional({ example: 'H3 Podcast', description: 'Defaults to the id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional({ example: 1, description: '1 (most important) … 5, or null', nullable: true })
  @ValidateIf(nullable)
  @IsInt()
  tier?: number | null;
}

/** Body of `PATCH /monitoring/creators/:creatorId`. */
export class UpdateCreatorDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ nullable: true }) @ValidateIf(nullable) @IsInt() tier?: number | null;
}

/** The settings of a source, each optional (defaults from `monitoring.*` on creation). */
export class SourceSettingsDto {
  @ApiPropertyOptional({ enum: YOUTUBE_KINDS, nullable: true, description: 'YouTube only; default all' })
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(16)
  youtubeKind?: string | null;
  @ApiPropertyOptional({ description: 'Watched on its schedule; default false' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
  @ApiPropertyOptional({ description: '1 (highest) … 5; default 3' }) @IsOptional() @IsInt() priority?: number;
  @ApiPropertyOptional({ description: 'Within monitoring.minIntervalSeconds … maxIntervalSeconds' })
  @IsOptional()
  @IsInt()
  intervalSeconds?: number;
  @ApiPropertyOptional({ description: '0 … the interval' }) @IsOptional() @IsInt() jitterSeconds?: number;
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'null removes them' })
  @ValidateIf(nullable)
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
  @ApiPropertyOptional({ description: 'fallback, autonomous or enhanced' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  runMode?: string;
  @ApiPropertyOptional({ description: 'standard, deep, comprehensive or experimental' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  runDepth?: string;
}

/** Body of `POST /monitoring/sources`. */
export class CreateSourceDto extends SourceSettingsDto {
  @ApiProperty({ example: 'h3_podcast' }) @IsString() @MaxLength(128) creatorId!: string;
  @ApiProperty({ enum: PLATFORMS, example: 'feed' }) @IsString() @MaxLength(32) platform!: string;
  @ApiProperty({ example: 'https://example.org/feed.xml', description: 'Feed URL, channel id, r/name or handle' })
  @IsString()
  @MaxLength(2048)
  locator!: string;
}

/** Body of `PATCH /monitoring/sources/:sourceId`. */
export class UpdateSourceDto extends SourceSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2048) locator?: string;
}

export class CreatorIdParams {
  @Matches(ID, { message: 'creatorId must be 1-128 characters of letters, digits, ".", "_", ":" or "-"' })
  creatorId!: string;
}

export class SourceIdParams {
  @Matches(ID, { message: 'sourceId must be 1-128 characters of letters, digits, ".", "_", ":" or "-"' })
  sourceId!: string;
}

export class ListSourcesQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID, { message: 'creatorId must be a creator id' }) creatorId?: string;
}

export class NextChecksQueryDto {
  @ApiPropertyOptional({ description: '1 … 1000; default 20' })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'limit must be an integer from 1 to 1000' })
  limit?: string;
}

export class OpmlImportQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Enable the imported sources that have a watcher' })
  @IsOptional()
  @IsIn(['true', 'false'])
  enable?: string;
}
