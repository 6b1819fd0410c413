import type { ContentRunDepth, ContentRunMode } from '../../../core/ports/content-runs.port';
import type {
  CheckErrorKind,
  CheckRecord,
  Creator,
  FeedItem,
  Platform,
  QuietHours,
  SeenItem,
  Source,
  SourceState,
  YoutubeKind,
} from '../monitoring.types';

/** A row as a driver returns it: jsonb may come back as text, bigint as a string. */
export type Row = Readonly<Record<string, unknown>>;

const json = <T>(v: unknown): T | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const jsonText = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));

export function creatorRow(c: Creator): Row {
  return {
    tenant_id: c.tenantId,
    creator_id: c.id,
    workspace_id: c.workspaceId,
    name: c.name,
    tier: c.tier,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export function toCreator(r: Row): Creator {
  return {
    tenantId: String(r.tenant_id),
    workspaceId: String(r.workspace_id),
    id: String(r.creator_id),
    name: String(r.name),
    tier: num(r.tier),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The columns of a source that an update may change (not its tenant, id, creator, platform or creation time). */
export function sourceChanges(s: Source): Row {
  return {
    workspace_id: s.workspaceId,
    locator: s.locator,
    youtube_kind: s.youtubeKind,
    enabled: s.enabled,
    priority: s.priority,
    interval_seconds: s.intervalSeconds,
    min_interval_seconds: s.minIntervalSeconds,
    max_interval_seconds: s.maxIntervalSeconds,
    jitter_seconds: s.jitterSeconds,
    quiet_hours: jsonText(s.quietHours),
    run_mode: s.runMode,
    run_depth: s.runDepth,
    updated_at: s.updatedAt,
  };
}

export function sourceRow(s: Source): Row {
  return {
    tenant_id: s.tenantId,
    source_id: s.id,
    creator_id: s.creatorId,
    platform: s.platform,
    created_at: s.createdAt,
    ...sourceChanges(s),
  };
}

export function toSource(r: Row): Source {
  return {
    tenantId: String(r.tenant_id),
    workspaceId: String(r.workspace_id),
    id: String(r.source_id),
    creatorId: String(r.creator_id),
    platform: r.platform as Platform,
    locator: String(r.locator),
    youtubeKind: text(r.youtube_kind) as YoutubeKind | null,
    enabled: Boolean(r.enabled),
    priority: Number(r.priority),
    intervalSeconds: Number(r.interval_seconds),
    minIntervalSeconds: Number(r.min_interval_seconds),
    maxIntervalSeconds: Number(r.max_interval_seconds),
    jitterSeconds: Number(r.jitter_seconds),
    quietHours: json<QuietHours>(r.quiet_hours),
    runMode: r.run_mode as ContentRunMode,
    runDepth: r.run_depth as ContentRunDepth,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function stateRow(s: SourceState): Row {
  return {
    tenant_id: s.tenantId,
    source_id: s.sourceId,
    etag: s.validators.etag,
    last_modified: s.validators.lastModified,
    next_check_at: s.nextCheckAt,
    last_check_at: s.lastCheckAt,
    last_success_at: s.lastSuccessAt,
    last_error: jsonText(s.lastError),
    consecutive_errors: s.consecutiveErrors,
    backoff_until: s.backoffUntil,
    current_interval_seconds: s.currentIntervalSeconds,
    websub: jsonText(s.websub),
  };
}

/** Reads a state from its columns, which a join may have prefixed (`st_…`). */
export function toState(r: Row, prefix = ''): SourceState {
  const c = (name: string) => r[prefix + name];
  return {
    tenantId: String(c('tenant_id')),
    sourceId: String(c('source_id')),
    validators: { etag: text(c('etag')), lastModified: text(c('last_modified')) },
    nextCheckAt: num(c('next_check_at')),
    lastCheckAt: num(c('last_check_at')),
    lastSuccessAt: num(c('last_success_at')),
    lastError: json<SourceState['lastError']>(c('last_error')),
    consecutiveErrors: Number(c('consecutive_errors')),
    backoffUntil: num(c('backoff_until')),
    currentIntervalSeconds: Number(c('current_interval_seconds')),
    websub: json<SourceState['websub']>(c('websub')),
  };
}

export function itemRow(tenantId: string, sourceId: string, i: FeedItem, at: number): Row {
  return {
    tenant_id: tenantId,
    source_id: sourceId,
    item_id: i.id,
    url: i.url,
    title: i.title,
    published_at: i.publishedAt,
    kind: i.kind,
    first_seen_at: at,
    run_id: null,
  };
}

export function toSeenItem(r: Row): SeenItem {
  return {
    tenantId: String(r.tenant_id),
    sourceId: String(r.source_id),
    id: String(r.item_id),
    url: String(r.url),
    title: text(r.title),
    publishedAt: num(r.published_at),
    kind: r.kind as FeedItem['kind'],
    firstSeenAt: Number(r.first_seen_at),
    runId: text(r.run_id),
  };
}

export function checkRow(c: CheckRecord): Row {
  return {
    tenant_id: c.tenantId,
    source_id: c.sourceId,
    at: c.at,
    status: c.status,
    error_kind: c.errorKind,
    http_status: c.httpStatus,
    bytes: c.bytes,
    new_items: c.newItems,
    duration_ms: c.durationMs,
  };
}

export function toCheck(r: Row): CheckRecord {
  return {
    tenantId: String(r.tenant_id),
    sourceId: String(r.source_id),
    at: Number(r.at),
    status: r.status as CheckRecord['status'],
    errorKind: text(r.error_kind) as CheckErrorKind | null,
    httpStatus: num(r.http_status),
    bytes: Number(r.bytes),
    newItems: Number(r.new_items),
    durationMs: Number(r.duration_ms),
  };
}
