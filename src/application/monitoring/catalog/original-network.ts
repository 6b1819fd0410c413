import type { Platform } from '../monitoring.types';

/** One creator of the original's network: its id, tier and the platforms it was watched on. */
export interface NetworkCreator {
  readonly id: string;
  readonly tier: number;
  readonly platforms: readonly Platform[];
}

const host = (id: string): NetworkCreator => ({ id, tier: 2, platforms: ['youtube', 'twitter'] });
const ig = (id: string): NetworkCreator => ({ id, tier: 2, platforms: ['youtube', 'twitter', 'instagram'] });

/**
 * The original's creator network: 13 creators on 39 platform sources (youtube 13, twitter 13, instagram 7, twitch 3,
 * tiktok 3). The seed stores each one with a source per platform, disabled, whose locator is the creator id as a
 * handle: no channel id or feed is invented for them.
 */
export const ORIGINAL_NETWORK: readonly NetworkCreator[] = [
  { id: 'h3_podcast', tier: 1, platforms: ['youtube', 'tiktok', 'instagram', 'twitter'] },
  { id: 'ethan_klein', tier: 1, platforms: ['youtube', 'tiktok', 'instagram', 'twitter'] },
  { id: 'hila_klein', tier: 1, platforms: ['youtube', 'instagram', 'twitter'] },
  { id: 'hasan_piker', tier: 1, platforms: ['twitch', 'youtube', 'twitter', 'tiktok'] },
  host('dan'),
  host('zach'),
  host('ian'),
  host('sam'),
  ig('ab'),
  ig('olivia'),
  ig('lena'),
  { id: 'will_neff', tier: 2, platforms: ['twitch', 'youtube', 'twitter'] },
  { id: 'qt_cinderella', tier: 2, platforms: ['twitch', 'youtube', 'twitter', 'instagram'] },
];
