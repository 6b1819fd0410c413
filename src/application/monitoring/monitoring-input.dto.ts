import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import type { QuietHours } from './monitoring.types';

export const MONITORING_OPERATIONS = [
  'start',
  'stop',
  'status',
  'next_checks',
  'check_now',
  'update_schedule',
  'add_creator',
  'update_creator',
  'remove_creator',
  'get_creator',
  'list_creators',
  'add_source',
  'update_source',
  'remove_source',
  'get_source',
  'list_items',
  'list_sources',
  'seed',
  'import_opml',
  'export_opml',
] as const;
export type MonitoringOperation = (typeof MONITORING_OPERATIONS)[number];

/**
 * The input of `realtime_monitoring`, every operation's fields together (each operation reads the ones it needs):
 * `id` is a new creator's id (`add_creator`); `creatorId` names a creator (its operations, `add_source`,
 * `list_sources`); `sourceId` a source. The source settings are checked by the catalog, which names the field in
 * error. Any other field is refused.
 */
export class MonitoringInputDto {
  @IsIn(MONITORING_OPERATIONS) operation!: MonitoringOperation;

  @IsOptional() @IsString() @MaxLength(128) id?: string;
  @IsOptional() @IsString() @MaxLength(128) creatorId?: string;
  @IsOptional() @IsString() @MaxLength(128) sourceId?: string;

  @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ValidateIf((_o, v) => v !== null && v !== undefined) @IsInt() tier?: number | null;

  @IsOptional() @IsString() @MaxLength(32) platform?: string;
  @IsOptional() @IsString() @MaxLength(2048) locator?: string;
  @ValidateIf((_o, v) => v !== null && v !== undefined) @IsString() @MaxLength(16) youtubeKind?: string | null;
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsInt() priority?: number;
  @IsOptional() @IsInt() intervalSeconds?: number;
  @IsOptional() @IsInt() jitterSeconds?: number;
  @ValidateIf((_o, v) => v !== null && v !== undefined) @IsObject() quietHours?: QuietHours | null;
  @IsOptional() @IsString() @MaxLength(32) runMode?: string;
  @IsOptional() @IsString() @MaxLength(32) runDepth?: string;

  @IsOptional() @IsInt() limit?: number;
  @IsOptional() @IsString() opml?: string;
  /** `import_opml`: enable the imported sources that have a watcher. */
  @IsOptional() @IsBoolean() enable?: boolean;
}

/** The input as the orchestrator reads it, once the facade has checked it against {@link MonitoringInputDto}. */
export type MonitoringInput = OrchestrationInput & Omit<MonitoringInputDto, never>;
