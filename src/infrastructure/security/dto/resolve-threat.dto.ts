import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Resolving a threat: which one, and the operator's note. */
export class ResolveThreatDto {
  @ApiProperty({ example: 'THR_1765065600_0a1b2c3d' })
  @IsString()
  @Matches(/^THR_\d{1,12}_[0-9a-f]{8}$/, { message: 'threatId must look like THR_<unix seconds>_<8 hex digits>' })
  threatId!: string;

  @ApiProperty({ description: 'Why it is resolved', example: 'false positive: a code sample in a chat message' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  note!: string;
}

/** `POST /security/threats/:threatId/resolve`'s body. */
export class ResolveThreatBodyDto {
  @ApiProperty({ description: 'Why it is resolved', example: 'false positive' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  note!: string;
}
