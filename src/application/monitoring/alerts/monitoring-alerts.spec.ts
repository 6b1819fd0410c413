import type { AlertSinkPort, RaisedAlert } from '../../../core/ports/alert-sink.port';
import { ManualClock } from '../../../core/runtime/clock';
import type { MonitoringStore } from '../monitoring.store';
import type { CheckRecord, Creator, SeenItem, Source, SourceState } from '../monitoring.types';
import { DEFAULT_ALERT_THRESHOLDS } from './alert-rules';
import { MonitoringAlerts } from './monitoring-alerts';

const H = 3_600_000;
const T0 = 1_800_000_000_000;

/** Records what is active, as the telemetry alert engine keeps it. */
class RecordingSink implements AlertSinkPort {
  readonly active = new Map<string, RaisedAlert>();
  readonly log: string[] = [];
  raise(alert: RaisedAlert): boolean {
    if (this.active.has(alert.key)) return false;
    this.active.set(alert.key, alert);
    this.log.push(`+${alert.key}`);
    return true;
  }
  clear(key: string): boolean {
    if (!this.active.delete(key)) return false;
    this.log.push(`-${key}`);
    return true;
  }
  activeKeys(prefix: string): string[] {
    return [...this.active.keys()].filter((k) => k.startsWith(prefix));
  }
}

function fixture() {
  const clock = new ManualClock(T0);
  const source: Source = {
    tenantId: 't1',
    workspaceId: 'w1',
    id: 's1',
    creatorId: 'ethan',
    platform: 'feed',
    locator: 'https://feeds.example.invalid/ethan.xml',
    youtubeKind: null,
    enabled: true,
    priority: 2,
    intervalSeconds: 600,
    minIntervalSeconds: 60,
    maxIntervalSeconds: 86_400,
    jitterSeconds: 0,
    quietHours: null,
    runMode: 'fallback',
    runDepth: 'standard',
    createdAt: T0 - 48 * H,
    updatedAt: T0 - 48 * H,
  };
  const creator: Creator = {
    tenantId: 't1',
    workspaceId: 'w1',
    id: 'ethan',
    name: 'Ethan',
    tier: 1,
    createdAt: 0,
    updatedAt: 0,
  };
  let state: SourceState = {
    tenantId: 't1',
    sourceId: 's1',
    validators: { etag: null, lastModified: null },
    nextCheckAt: T0,
    lastCheckAt: T0,
    lastSuccessAt: T0,
    lastError: null,
    consecutiveErrors: 0,
    backoffUntil: null,
    currentIntervalSeconds: 600,
    websub: null,
  };
  const checks: CheckRecord[] = [];
  const items: SeenItem[] = [];
  const sources = new Map([[source.id, source]]);
  const store = {
    getSource: async (_s: unknown, id: string) => sources.get(id),
    getCreator: async (_s: unknown, id: string) => (id === creator.id ? creator : undefined),
    listSources: async () => [...sources.values()],
    getState: async () => state,
    checksSince: async (_s: unknown, _id: string, since: number) => checks.filter((c) => c.at >= since),
    recentItems: async () => items,
    dueSources: async () => [...sources.values()].filter((s) => s.enabled).map((s) => ({ source: s, state })),
  } as unknown as MonitoringStore;
  const sink = new RecordingSink();
  const alerts = new MonitoringAlerts(store, () => sink, clock, DEFAULT_ALERT_THRESHOLDS);
  const record = (status: CheckRecord['status']) =>
    checks.push({
      tenantId: 't1',
      sourceId: 's1',
      at: clock.now(),
      status,
      errorKind: status === 'error' ? 'http' : null,
      httpStatus: status === 'error' ? 503 : 200,
      bytes: 0,
      newItems: 0,
      durationMs: 1,
    });
  const post = (at: number) =>
    items.unshift({
      tenantId: 't1',
      sourceId: 's1',
      id: `p${at}`,
      url: `https://feeds.example.invalid/p/${at}`,
      title: null,
      publishedAt: at,
      kind: 'post',
      firstSeenAt: at,
      runId: 'r',
    });
  return {
    clock,
    sink,
    alerts,
    record,
    post,
    sources,
    setState: (patch: Partial<SourceState>) => (state = { ...state, ...patch }),
  };
}

describe(MonitoringAlerts.name, () => {
  const scope = { tenantId: 't1', workspaceId: 'w1' };

  it('raises the failing alert once while checks keep failing, and resolves it when they recover', async () => {
    const f = fixture();
    f.record('ok');
    f.record('error');
    expect(await f.alerts.evaluateSource(scope, 's1')).toEqual({
      raised: ['monitoring:failing:t1:s1'],
      cleared: [],
      active: ['monitoring:failing:t1:s1'],
    });
    f.record('error');
    expect((await f.alerts.evaluateSource(scope, 's1')).raised).toEqual([]);
    f.record('ok');
    f.record('not_modified');
    expect((await f.alerts.evaluateSource(scope, 's1')).cleared).toEqual(['monitoring:failing:t1:s1']);
    expect(f.sink.log).toEqual(['+monitoring:failing:t1:s1', '-monitoring:failing:t1:s1']);
  });

  it('raises a stale alert after 3 intervals without success, and clears it after a successful check', async () => {
    const f = fixture();
    f.clock.advance(30 * 60_000 + 1);
    expect((await f.alerts.evaluateSource(scope, 's1')).raised).toEqual(['monitoring:stale:t1:s1']);
    f.setState({ lastSuccessAt: f.clock.now() });
    expect((await f.alerts.evaluateSource(scope, 's1')).cleared).toEqual(['monitoring:stale:t1:s1']);
  });

  it('sweeps creators past their usual window, and clears the alerts of a source that was disabled', async () => {
    const f = fixture();
    for (const h of [0, 12, 24, 36, 48, 60]) f.post(T0 - 100 * H + h * H);
    f.clock.advance(30 * 60_000 + 1);
    expect((await f.alerts.sweep()).raised).toEqual(['monitoring:stale:t1:s1', 'monitoring:overdue:t1:ethan']);
    expect(f.sink.active.get('monitoring:overdue:t1:ethan')?.description).toBe(
      'no post for 40.5 h; usually within 12 h (0.9 quantile of 5 gaps) × 1.5',
    );
    f.sources.set('s1', { ...f.sources.get('s1')!, enabled: false });
    expect((await f.alerts.sweep()).cleared).toEqual(['monitoring:stale:t1:s1', 'monitoring:overdue:t1:ethan']);
    expect(f.sink.active.size).toBe(0);
  });
});
