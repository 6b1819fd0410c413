import { isIP } from 'node:net';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { BLOCK_KINDS, type BlockKind } from '../threats/blocklist';

const KEY_ID = /^ck_[0-9a-f]{16}$/;

/** Whether `value` names a subject of `kind`: an IPv4 or IPv6 address, or an API key id (never a shared one). */
function fitsKind(kind: unknown, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (kind === 'principal') return KEY_ID.test(value);
  return kind !== 'ip' || isIP(value) !== 0;
}

/** A blocklist subject: `DELETE /security/blocklist/:kind/:value`. */
export class BlockSubjectDto {
  @ApiProperty({ enum: BLOCK_KINDS, example: 'ip' })
  @IsIn(BLOCK_KINDS)
  kind!: BlockKind;

  @ApiProperty({ description: 'An IP address (kind ip) or an API key id (kind principal)', example: '203.0.113.9' })
  @IsString()
  @ValidateBy({
    name: 'fitsKind',
    validator: {
      validate: (value: unknown, args) => fitsKind((args?.object as BlockSubjectDto).kind, value),
      defaultMessage: () => 'value must be an IP address for kind ip, a key id (ck_<16 hex digits>) for kind principal',
    },
  })
  value!: string;
}

/** `POST /security/blocklist`: shut a subject out on every instance. */
export class BlockDto extends BlockSubjectDto {
  @ApiPropertyOptional({
    description: 'How long, in seconds; default threats.blocklistTtlMs. An entry in force that ends later is kept.',
    minimum: 1,
    maximum: 604_800,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(604_800)
  ttlSeconds?: number;

  @ApiProperty({ description: 'Why (listed with the entry, audited)', example: 'credential stuffing' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
