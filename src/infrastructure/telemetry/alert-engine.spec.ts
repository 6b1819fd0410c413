import { sequentialIds } from '../../core/runtime/id-generator';
import { AlertEngine, DEFAULT_ALERT_RULES, type AlertRule, type SpanSample } from './alert-engine';
import type { MetricPoint } from './metric-buffer';

const MIN = 60_000;
const spans = (n: number, errors: number, durationMs = 100, endedAt = 0): SpanSample[] =>
  Array.from({ length: n }, (_, i) => ({ durationMs, error: i < errors, endedAt }));
const memory = (value: number, at: number): MetricPoint => ({
  name: 'system.memory.percent',
  value,
  type: 'gauge',
  scope: 'system',
  tags: {},
  at,
});

describe(AlertEngine.name, () => {
  let sut: AlertEngine;
  beforeEach(() => (sut = new AlertEngine(DEFAULT_ALERT_RULES, sequentialIds('a'))));

  it('installs the three default rules in order (B9.1)', () => {
    expect(sut.ruleIds()).toEqual(['high_error_rate', 'high_latency', 'memory_pressure']);
  });

  it('fires nothing at 42 % memory — the threshold is a percentage ([FIX] B9.2, T1)', () => {
    expect(sut.evaluate(1000, [], [memory(42, 1000)]).fired).toEqual([]);
    expect(sut.evaluate(2000, [], [memory(91, 2000)]).fired.map((a) => [a.ruleId, a.severity, a.description])).toEqual([
      ['memory_pressure', 'critical', 'last(system.memory.percent) 91 > 90'],
    ]);
  });

  it('treats the error-rate threshold strictly: 1 error in 20 does not fire, 2 in 20 do (B9.5)', () => {
    expect(sut.evaluate(0, spans(20, 1), []).fired).toEqual([]);
    expect(sut.evaluate(0, spans(20, 2), []).fired.map((a) => a.ruleId)).toEqual(['high_error_rate']);
  });

  it('fires the latency rule at a mean of 1001 ms, not 1000 (B9.5)', () => {
    expect(sut.evaluate(0, spans(4, 0, 1000), []).fired).toEqual([]);
    expect(sut.evaluate(0, spans(4, 0, 1001), []).fired.map((a) => a.ruleId)).toEqual(['high_latency']);
  });

  it('evaluates only the newest 50 spans: 60 errors then 50 successes fire nothing (B9.6)', () => {
    const old = spans(60, 60);
    const recent = spans(50, 0);
    expect(sut.evaluate(0, [...old, ...recent], []).fired).toEqual([]);
  });

  it('does not fire again within the 15 min cooldown and can at or after it (B9.3)', () => {
    const t = 1_000_000;
    expect(sut.evaluate(t, spans(10, 10), []).fired).toHaveLength(1);
    const [alert] = sut.activeAlerts();
    expect(sut.resolve(alert.id, t + 1)).toMatchObject({ resolvedBy: 'manual' });
    expect(sut.evaluate(t + 15 * MIN - 1, spans(10, 10), []).fired).toEqual([]);
    expect(sut.evaluate(t + 15 * MIN, spans(10, 10), []).fired).toHaveLength(1);
  });

  it('resolves by hand once, then finds nothing (B9.9)', () => {
    sut.evaluate(0, spans(10, 10), []);
    const [alert] = sut.activeAlerts();
    expect(sut.resolve(alert.id, 5)?.resolvedAt).toBe(5);
    expect(sut.resolve(alert.id, 6)).toBeUndefined();
    expect(sut.resolve('nope', 6)).toBeUndefined();
  });

  it('resolves by itself once the condition has stayed clear for the whole window', () => {
    sut.evaluate(0, [], [memory(95, 0)]);
    expect(sut.activeAlerts()).toHaveLength(1);
    expect(sut.evaluate(MIN, [], [memory(50, MIN)]).resolved).toEqual([]);
    expect(sut.evaluate(3 * MIN, [], [memory(95, 3 * MIN)]).fired).toEqual([]);
    expect(sut.evaluate(4 * MIN, [], [memory(50, 4 * MIN)]).resolved).toEqual([]);
    const { resolved } = sut.evaluate(9 * MIN, [], [memory(50, 9 * MIN)]);
    expect(resolved.map((a) => [a.ruleId, a.resolvedBy, a.resolvedAt])).toEqual([
      ['memory_pressure', 'condition_cleared', 9 * MIN],
    ]);
    expect(sut.activeAlerts()).toEqual([]);
  });

  describe('raised alerts (conditions evaluated by another feature)', () => {
    const stale = {
      key: 'monitoring:stale:t1:s1',
      ruleId: 'monitoring.stale_source',
      tenantId: 't1',
      severity: 'warning' as const,
      title: 'Stale source',
      description: 'no successful check for 900 s (3 × interval 300 s)',
      value: 900,
    };

    it('fires once per key while the condition holds, and resolves as condition_cleared', () => {
      const fired = sut.raise(stale, 10);
      expect(fired).toEqual({
        id: 'monitoring.stale_source-a-1',
        ruleId: 'monitoring.stale_source',
        severity: 'warning',
        title: 'Stale source',
        description: 'no successful check for 900 s (3 × interval 300 s)',
        value: 900,
        triggeredAt: 10,
        key: 'monitoring:stale:t1:s1',
        tenantId: 't1',
      });
      expect(sut.raise({ ...stale, value: 1200 }, 20)).toBeUndefined();
      expect(sut.raisedKeys('monitoring:stale:')).toEqual(['monitoring:stale:t1:s1']);
      expect(sut.raisedKeys('monitoring:failing:')).toEqual([]);
      const cleared = sut.clearRaised('monitoring:stale:t1:s1', 30);
      expect([cleared?.resolvedBy, cleared?.resolvedAt]).toEqual(['condition_cleared', 30]);
      expect(sut.clearRaised('monitoring:stale:t1:s1', 40)).toBeUndefined();
      expect(sut.activeAlerts()).toEqual([]);
      expect(sut.raise(stale, 50)?.id).toBe('monitoring.stale_source-a-2');
    });

    it('forgets the key when resolved by hand, so the condition can fire again', () => {
      const fired = sut.raise(stale, 10);
      sut.resolve(fired!.id, 20);
      expect(sut.raisedKeys('monitoring:')).toEqual([]);
      expect(sut.raise(stale, 30)?.triggeredAt).toBe(30);
    });
  });

  it('gives every alert a unique id and keeps the newest 1 000 in history', () => {
    const rule: AlertRule = {
      id: 'r',
      title: 'R',
      severity: 'info',
      selector: { source: 'metric', name: 'x' },
      aggregate: 'last',
      operator: '>=',
      threshold: 0,
      window: { count: 1 },
      cooldownMs: 0,
      resolveAfterMs: 0,
    };
    const engine = new AlertEngine([rule], sequentialIds('al'), 1000);
    const ids = new Set<string>();
    for (let t = 0; t < 1002; t++) {
      const point = {
        name: 'x',
        value: t % 2 === 0 ? 1 : -1,
        type: 'gauge' as const,
        scope: 'system' as const,
        tags: {},
        at: t,
      };
      for (const a of engine.evaluate(t, [], [point]).fired) ids.add(a.id);
    }
    expect(ids.size).toBe(501);
    expect(engine.recent(1000)).toHaveLength(501);
  });

  it('computes rate as the sum per second of the window', () => {
    const rule: AlertRule = {
      id: 'errors_per_s',
      title: 'E',
      severity: 'warning',
      selector: { source: 'metric', name: 'errors', tags: { route: '/a' } },
      aggregate: 'rate',
      operator: '>',
      threshold: 1,
      window: { ms: 10_000 },
    };
    const engine = new AlertEngine([rule], sequentialIds('r'));
    const points = (n: number, route: string): MetricPoint[] =>
      Array.from({ length: n }, (_, i) => ({
        name: 'errors',
        value: 1,
        type: 'counter',
        scope: 'application',
        tags: { route },
        at: 10_001 + i,
      }));
    expect(engine.evaluate(20_000, [], [...points(10, '/a'), ...points(50, '/b')]).fired).toEqual([]);
    expect(engine.evaluate(20_000, [], points(11, '/a')).fired.map((a) => a.value)).toEqual([1.1]);
  });

  it('rejects a rule without a window and a duplicate id', () => {
    expect(() => new AlertEngine([{ ...DEFAULT_ALERT_RULES[0], window: {} }], sequentialIds())).toThrow(
      'Alert rule "high_error_rate" needs window.count or window.ms',
    );
    expect(() => new AlertEngine([DEFAULT_ALERT_RULES[0], DEFAULT_ALERT_RULES[0]], sequentialIds())).toThrow(
      'Alert rule "high_error_rate" is defined twice',
    );
  });
});
