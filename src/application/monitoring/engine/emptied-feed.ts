import type { MonitoringStore, TenantScope } from '../monitoring.store';
import type { FeedItem } from '../monitoring.types';

/** Recorded items compared with a feed's entries. */
export const RECENT_ITEMS_COMPARED = 200;

/**
 * Whether a feed that parsed looks emptied rather than quiet: it lists nothing while the source had items, or
 * none of its entries was seen before while every one (all dated) is older than the newest item seen — an error
 * page served as a feed, a wiped or swapped feed. Such a check is an error, never "no new content".
 */
export async function looksEmptied(
  store: MonitoringStore,
  scope: TenantScope,
  sourceId: string,
  items: readonly FeedItem[],
): Promise<boolean> {
  const recent = await store.recentItems(scope, sourceId, RECENT_ITEMS_COMPARED);
  if (recent.length === 0) return false;
  if (items.length === 0) return true;
  const known = new Set(recent.map((i) => i.id));
  if (items.some((i) => known.has(i.id))) return false;
  const dated = recent.map((i) => i.publishedAt).filter((t): t is number => t !== null);
  if (dated.length === 0) return false;
  const newestSeen = Math.max(...dated);
  return items.every((i) => i.publishedAt !== null && i.publishedAt < newestSeen);
}
