import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { RISK_TIERS, ROLES, type RiskTier, type Role } from '../../../core/security/principal';

/** The longest a key may live, in days (REST's `expiresInDays`, the CLI's `--expires-in` / `--expires-at`). */
export const MAX_KEY_LIFETIME_DAYS = 3650;

/** `POST /security/keys`: a new key of the caller's tenant. */
export class CreateKeyDto {
  @ApiProperty({ description: 'What the key is for (shown in listings)', example: 'ci pipeline' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['user'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({
    description: 'Extra permissions (`<area>.<action>`, `*` patterns allowed)',
    example: ['reports.read'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^([a-z*][a-z0-9_]*|\*)\.([a-z*][a-z0-9_]*|\*)$|^\*$/, {
    each: true,
    message: 'scopes entries must be permissions such as reports.read',
  })
  scopes?: string[];

  @ApiPropertyOptional({
    description: 'Days until the key expires; never when absent',
    minimum: 1,
    maximum: MAX_KEY_LIFETIME_DAYS,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_KEY_LIFETIME_DAYS)
  expiresInDays?: number;

  @ApiPropertyOptional({
    enum: RISK_TIERS,
    description: 'Risk tier for attribute rules (e.g. ingest.backfill needs medium)',
  })
  @IsOptional()
  @IsIn(RISK_TIERS)
  riskTier?: RiskTier;

  @ApiPropertyOptional({ description: 'Channel for attribute rules (e.g. ingest.backfill needs ops or admin)' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'channel must be 1-32 lowercase letters, digits, _ or -' })
  channel?: string;
}
