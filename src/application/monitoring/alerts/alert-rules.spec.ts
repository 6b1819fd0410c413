import type { CheckRecord, Creator, Source, SourceState } from '../monitoring.types';
import {
  DEFAULT_ALERT_THRESHOLDS as T,
  errorWindowStart,
  failingAlert,
  learnCadence,
  overdueAlert,
  staleAlert,
} from './alert-rules';

const H = 3_600_000;
const NOW = 1_800_000_000_000;

const source: Source = {
  tenantId: 't1',
  workspaceId: 'w1',
  id: 's1',
  creatorId: 'h3_podcast',
  platform: 'youtube',
  locator: 'UCabcdefghijklmnopqrstuv',
  youtubeKind: 'videos',
  enabled: true,
  priority: 1,
  intervalSeconds: 300,
  minIntervalSeconds: 60,
  maxIntervalSeconds: 86_400,
  jitterSeconds: 0,
  quietHours: null,
  runMode: 'fallback',
  runDepth: 'standard',
  createdAt: NOW - 10 * H,
  updatedAt: NOW - 10 * H,
};

const state: SourceState = {
  tenantId: 't1',
  sourceId: 's1',
  validators: { etag: null, lastModified: null },
  nextCheckAt: NOW,
  lastCheckAt: NOW - 300_000,
  lastSuccessAt: NOW - 300_000,
  lastError: null,
  consecutiveErrors: 0,
  backoffUntil: null,
  currentIntervalSeconds: 300,
  websub: null,
};

const creator: Creator = {
  tenantId: 't1',
  workspaceId: 'w1',
  id: 'h3_podcast',
  name: 'H3 Podcast',
  tier: 1,
  createdAt: 0,
  updatedAt: 0,
};

function check(status: CheckRecord['status'], errorKind: CheckRecord['errorKind'] = null): CheckRecord {
  return {
    tenantId: 't1',
    sourceId: 's1',
    at: NOW,
    status,
    errorKind,
    httpStatus: null,
    bytes: 0,
    newItems: 0,
    durationMs: 1,
  };
}

describe('monitoring alert rules', () => {
  describe('failing checks', () => {
    it('fires at an error share of exactly 0.5, naming the error kinds', () => {
      const alert = failingAlert(
        source,
        [check('error', 'rate_limited'), check('ok'), check('error', 'http'), check('not_modified')],
        T,
      );
      expect(alert).toEqual({
        key: 'monitoring:failing:t1:s1',
        ruleId: 'monitoring.check_failures',
        tenantId: 't1',
        severity: 'error',
        title: 'Checks of youtube source UCabcdefghijklmnopqrstuv are failing',
        description: '2 of the last 4 checks failed (rate_limited, http): share 0.5 ≥ 0.5',
        value: 0.5,
      });
    });

    it('stays quiet below the share, and with fewer checks than the minimum', () => {
      expect(failingAlert(source, [check('error', 'http'), check('ok'), check('ok')], T)).toBeNull();
      expect(failingAlert(source, [check('error', 'http')], T)).toBeNull();
    });

    it('looks back max(1 h, 6 intervals)', () => {
      expect(errorWindowStart(state, NOW, T)).toBe(NOW - H);
      expect(errorWindowStart({ ...state, currentIntervalSeconds: 1800 }, NOW, T)).toBe(NOW - 6 * 1800_000);
    });
  });

  describe('stale source', () => {
    it('fires after more than 3 intervals without a successful check, and not at exactly 3', () => {
      expect(staleAlert(source, { ...state, lastSuccessAt: NOW - 900_000 }, NOW, T)).toBeNull();
      expect(staleAlert(source, { ...state, lastSuccessAt: NOW - 900_001 }, NOW, T)).toEqual({
        key: 'monitoring:stale:t1:s1',
        ruleId: 'monitoring.stale_source',
        tenantId: 't1',
        severity: 'warning',
        title: 'youtube source UCabcdefghijklmnopqrstuv is stale',
        description: 'no successful check for 900 s (more than 3 × interval 300 s)',
        value: 900,
      });
    });

    it('counts from the last change of a source that never succeeded, and never for a disabled one', () => {
      const never = { ...state, lastSuccessAt: null };
      expect(staleAlert(source, never, NOW, T)?.value).toBe(36_000);
      expect(staleAlert({ ...source, updatedAt: NOW - 60_000 }, never, NOW, T)).toBeNull();
      expect(staleAlert({ ...source, enabled: false }, never, NOW, T)).toBeNull();
    });
  });

  describe("a creator's posting window", () => {
    // Daily posts at 18:00 for a week, one a day late: gaps 24,24,48,24,24,24 h.
    const posts = [0, 24, 48, 96, 120, 144, 168].map((h) => NOW - 200 * H + h * H);

    it('learns the 0.9 nearest-rank quantile of the gaps between distinct posts', () => {
      expect(learnCadence([...posts, posts[2]], T)).toEqual({
        lastPostAt: NOW - 32 * H,
        usualGapMs: 48 * H,
        posts: 7,
      });
      expect(learnCadence(posts.slice(0, 5), T)).toBeNull();
    });

    it('fires once the silence passes the usual gap × 1.5, and clears after a new post', () => {
      const cadence = learnCadence(posts, T);
      expect(overdueAlert(creator, cadence, NOW - 32 * H + 72 * H, T)).toBeNull();
      expect(overdueAlert(creator, cadence, NOW - 32 * H + 73 * H, T)).toEqual({
        key: 'monitoring:overdue:t1:h3_podcast',
        ruleId: 'monitoring.creator_overdue',
        tenantId: 't1',
        severity: 'info',
        title: 'H3 Podcast missed their usual posting window',
        description: 'no post for 73 h; usually within 48 h (0.9 quantile of 6 gaps) × 1.5',
        value: 73,
      });
      const after = learnCadence([...posts, NOW + 40 * H], T);
      expect(overdueAlert(creator, after, NOW + 41 * H, T)).toBeNull();
    });
  });
});
