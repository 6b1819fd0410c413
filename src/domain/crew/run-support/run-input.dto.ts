import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/**
 * The input of a content-intelligence run (`fallback_autonomous`, `autonomous_intelligence`,
 * `enhanced_autonomous`): `{ url, depth? }` and nothing else. The facade refuses any other field — in particular
 * every capability (progress, local file access, a workflow id, a slot), which only in-process callers give, as
 * {@link RunInProcessOptions}. Each orchestrator reads `depth` its own way.
 */
export class RunInputDto {
  /** An http(s) URL, or a `file:` URL or path (read only under `content.fileRoots` unless the caller allows more). */
  @IsString()
  @MaxLength(4096)
  @Matches(/\S/, { message: '$property must not be blank' })
  url!: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  depth?: string;
}
