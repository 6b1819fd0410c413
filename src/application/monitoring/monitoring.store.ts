import type { CheckRecord, Creator, FeedItem, SeenItem, Source, SourceState } from './monitoring.types';

/** Tenant scope of every store call. */
export interface TenantScope {
  readonly tenantId: string;
  readonly workspaceId: string;
}

/**
 * Where creators, sources, their schedule state, seen items and check history are kept: the embedded database by
 * default, PostgreSQL in scale-out. Every call is scoped to one tenant, except the scheduler's `dueSources`, which
 * lists due sources of every tenant (each row names its tenant).
 */
export interface MonitoringStore {
  // Creators and sources (CRUD)
  putCreator(creator: Creator): Promise<void>;
  getCreator(scope: TenantScope, creatorId: string): Promise<Creator | undefined>;
  listCreators(scope: TenantScope): Promise<Creator[]>;
  /** Removes the creator, its sources, their state, items and history. */
  deleteCreator(scope: TenantScope, creatorId: string): Promise<boolean>;
  /** Inserts a source; `conflict` (returns false) when the tenant already has one on that platform and locator. */
  insertSource(source: Source, state: SourceState): Promise<boolean>;
  updateSource(source: Source): Promise<void>;
  getSource(scope: TenantScope, sourceId: string): Promise<Source | undefined>;
  listSources(scope: TenantScope, creatorId?: string): Promise<Source[]>;
  deleteSource(scope: TenantScope, sourceId: string): Promise<boolean>;

  // Scheduling
  getState(scope: TenantScope, sourceId: string): Promise<SourceState | undefined>;
  saveState(state: SourceState): Promise<void>;
  /** Enabled sources of every tenant whose next check is at or before `now`, earliest first, at most `limit`. */
  dueSources(now: number, limit: number): Promise<{ source: Source; state: SourceState }[]>;

  // Items
  /**
   * Records the items not seen before on this source (by item id) and returns exactly those, in the order given.
   * Safe under concurrency: two instances recording the same item see it as new only once.
   */
  recordItems(scope: TenantScope, sourceId: string, items: readonly FeedItem[], at: number): Promise<SeenItem[]>;
  /** Ids of the items recorded on the source, newest first, at most `limit`. */
  recentItems(scope: TenantScope, sourceId: string, limit: number): Promise<SeenItem[]>;
  /** Items still waiting for a run, oldest first, of every tenant, at most `limit`. */
  itemsWithoutRun(limit: number): Promise<SeenItem[]>;
  linkRun(scope: TenantScope, sourceId: string, itemId: string, runId: string): Promise<void>;

  // History
  appendCheck(record: CheckRecord): Promise<void>;
  /** The source's checks at or after `since`, oldest first. */
  checksSince(scope: TenantScope, sourceId: string, since: number): Promise<CheckRecord[]>;
  /** Drops history older than `before`; returns rows removed. */
  purgeChecks(before: number): Promise<number>;
}

export const MONITORING_STORE = Symbol('MONITORING_STORE');
