import { EventEmitter2 } from '@nestjs/event-emitter';
import { testConfig } from '../../../test/fixtures/test-config';
import type { ConfigFragment } from '../../core/config/config.loader';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import type { ResilientValue } from '../../core/ports/resilience.port';
import type { StepError, StepOk, StepResult } from '../../core/result/step-result';
import type { Clock } from '../../core/runtime/clock';
import { seededRandom } from '../../core/runtime/random';
import { ResilienceMetrics } from './resilience.metrics';
import { ResilienceService } from './resilience.service';
import { ResilienceEvents } from './resilience.types';

/** Time is jest's fake clock: `Date.now()` and timers move together. */
const fakeTimerClock: Clock = { now: () => Date.now(), monotonic: () => Date.now() };

describe(ResilienceService.name, () => {
  let sut: ResilienceService;
  let registry: MetricsRegistry;
  let events: { name: string; payload: unknown }[];

  function build(resilience: ConfigFragment[string] = {}): ResilienceService {
    const config = testConfig({ resilience: resilience ?? {} });
    registry = MetricsRegistry.create(config.metrics);
    const emitter = new EventEmitter2();
    events = [];
    emitter.onAny((name, payload) => events.push({ name: String(name), payload }));
    return new ResilienceService(
      config.resilience,
      fakeTimerClock,
      seededRandom(42),
      new ResilienceMetrics(registry, config.resilience),
      emitter,
    );
  }

  const okData = <T>(r: StepResult<ResilientValue<T>>) => (r as StepOk<ResilientValue<T>>).data;
  const asError = (r: StepResult<unknown>) => r as StepError<Record<string, unknown>>;
  const boom =
    (message = 'boom') =>
    async () => {
      throw new Error(message);
    };
  const value =
    <T>(v: T) =>
    async () =>
      v;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    sut = build();
  });
  afterEach(() => jest.useRealTimers());

  describe('validation (A14.1)', () => {
    it.each([
      ['a missing service', () => sut.execute('', value(1)), 'Missing required parameter: service'],
      ['a missing primary', () => sut.execute('svc', undefined as never), 'Missing required parameter: primary'],
      [
        'an unknown strategy',
        () => sut.execute('svc', value(1), { strategy: 'retry_forever' as never }),
        'Unknown resilience strategy: "retry_forever" (one of fail_fast, graceful_degrade, retry, circuit_breaker, adaptive_routing)',
      ],
      [
        'a primary that is not a function',
        () => sut.execute('svc', 'go' as never),
        'primary must be a function or a non-empty list of candidates',
      ],
      [
        'a negative timeout',
        () => sut.execute('svc', value(1), { timeoutMs: -1 }),
        'timeoutMs must be an integer ≥ 0 (0: no timeout)',
      ],
      [
        'duplicate candidates',
        () =>
          sut.execute(
            'svc',
            [
              { name: 'a', run: value(1) },
              { name: 'a', run: value(2) },
            ],
            { strategy: 'adaptive_routing' },
          ),
        'candidate "a" is listed twice',
      ],
    ])('rejects %s as a validation error and records nothing', async (_label, call, message) => {
      expect(await call()).toEqual({ status: 'error', category: 'validation', error: message, retryable: false });
      expect(sut.summary().services).toEqual({});
      expect(await registry.getSingleMetricAsString('resilience_requests_total')).not.toContain('service=');
    });
  });

  describe('fail_fast', () => {
    it('returns the value under data.value and records one success (A14.2)', async () => {
      const result = await sut.execute('svc', value({ answer: 42 }));
      expect(result).toEqual({
        status: 'ok',
        data: {
          service: 'svc',
          strategy: 'fail_fast',
          value: { answer: 42 },
          degraded: false,
          attempts: 1,
          executionMs: 0,
        },
      });
      expect(sut.summary().services.svc).toMatchObject({ healthy: true, successRate: 1, samples: 1 });
    });

    it('runs a one-candidate list like its function under the other strategies, counted under the service', async () => {
      const result = await sut.execute('svc', [{ name: 'only', run: value(7) }], {
        strategy: 'circuit_breaker',
        timeoutMs: 0,
      });
      expect(okData(result)).toMatchObject({ service: 'svc', strategy: 'circuit_breaker', value: 7, attempts: 1 });
      expect(okData(result)).not.toHaveProperty('candidate');
      expect(Object.keys(sut.summary().services)).toEqual(['svc']);
    });

    it('gives a service that never ran under a breaker no breaker in the summary', async () => {
      await sut.execute('plain', value(1));
      await sut.execute('plain', value(2), { strategy: 'graceful_degrade' });
      await sut.execute('guarded', value(3), { strategy: 'circuit_breaker', timeoutMs: 0 });
      expect(Object.keys(sut.summary().breakers)).toEqual(['guarded']);
      expect(Object.keys(sut.summary().services).sort()).toEqual(['guarded', 'plain']);
      expect(sut.summary().services.plain).toMatchObject({ samples: 2, successRate: 1 });
    });

    it('fails with the error text and never runs the fallback (A14.3)', async () => {
      const fallback = jest.fn(value('spare'));
      const result = asError(await sut.execute('svc', boom(), { fallback }));
      expect(result).toMatchObject({
        status: 'error',
        error: 'Resilience execution failed: boom',
        category: 'processing',
        retryable: true,
      });
      expect(result.data).toMatchObject({ service: 'svc', strategy: 'fail_fast', error: 'boom', attempts: 1 });
      expect(fallback).not.toHaveBeenCalled();
      expect(sut.summary().services.svc).toMatchObject({ successRate: 0, samples: 1 });
    });

    it('keeps the category and retryable flag an error carries', async () => {
      const result = await sut.execute('svc', async () => {
        throw Object.assign(new Error('no such user'), { category: 'not_found', retryable: false });
      });
      expect(result).toMatchObject({ category: 'not_found', retryable: false });
    });
  });

  describe('graceful_degrade (A14.4)', () => {
    it('serves the fallback marked degraded, and records the primary failure ([FIX] R11)', async () => {
      const result = await sut.execute('svc', boom(), { strategy: 'graceful_degrade', fallback: value('cached') });
      expect(okData(result)).toMatchObject({ value: 'cached', degraded: true });
      expect(sut.summary().services.svc).toMatchObject({ successRate: 0, samples: 1 });
      expect(await registry.getSingleMetricAsString('resilience_requests_total')).toContain(
        'resilience_requests_total{service="svc",outcome="degraded"} 1',
      );
    });

    it('fails without a fallback', async () => {
      expect(await sut.execute('svc', boom(), { strategy: 'graceful_degrade' })).toMatchObject({
        status: 'error',
        error: 'Resilience execution failed: boom',
      });
    });

    it('retries first when given retry options, then serves the fallback', async () => {
      let calls = 0;
      const pending = sut.execute(
        'svc',
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        { strategy: 'graceful_degrade', fallback: value('cached'), retry: { attempts: 2 } },
      );
      await jest.advanceTimersByTimeAsync(5000);
      expect(okData(await pending)).toMatchObject({ value: 'cached', degraded: true, attempts: 2 });
      expect(calls).toBe(2);
    });
  });

  describe('retry (A14.5)', () => {
    it('makes exactly 3 calls with jittered backoff between them and records one sample', async () => {
      const calls: number[] = [];
      const pending = sut.execute(
        'svc',
        async () => {
          calls.push(Date.now());
          if (calls.length < 3) throw new Error(`fail ${calls.length}`);
          return 'third time';
        },
        { strategy: 'retry' },
      );
      await jest.advanceTimersByTimeAsync(5000);
      const result = await pending;
      expect(okData(result)).toMatchObject({ value: 'third time', attempts: 3, degraded: false });
      const [first, second] = [calls[1] - calls[0], calls[2] - calls[1]];
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThan(1500);
      expect(second).toBeGreaterThanOrEqual(1000);
      expect(second).toBeLessThan(3000);
      expect(sut.summary().services.svc.samples).toBe(1);
    });

    it('reports the last error after 3 calls, with no sleep after the last', async () => {
      const calls: number[] = [];
      const pending = sut.execute(
        'svc',
        async () => {
          calls.push(Date.now());
          throw new Error(`fail ${calls.length}`);
        },
        { strategy: 'retry' },
      );
      await jest.advanceTimersByTimeAsync(10_000);
      const result = asError(await pending);
      expect(calls).toHaveLength(3);
      expect(result.error).toBe('Resilience execution failed: fail 3');
      expect(result.data).toMatchObject({ attempts: 3, executionMs: calls[2] - calls[0] });
    });

    it('does not retry what retryOn rejects, and then serves the fallback', async () => {
      let calls = 0;
      const result = await sut.execute(
        'svc',
        async () => {
          calls++;
          throw Object.assign(new Error('bad'), { category: 'validation' });
        },
        { strategy: 'retry', fallback: value('default') },
      );
      expect(calls).toBe(1);
      expect(okData(result)).toMatchObject({ value: 'default', degraded: true, attempts: 1 });
    });
  });

  describe('circuit_breaker (A14.6, A14.8)', () => {
    it('stops calling the primary after 5 failures and answers unavailable, retryable', async () => {
      for (let i = 0; i < 5; i++) await sut.execute('svc', boom(), { strategy: 'circuit_breaker' });
      const primary = jest.fn(value(1));
      const result = await sut.execute('svc', primary, { strategy: 'circuit_breaker' });
      expect(primary).not.toHaveBeenCalled();
      expect(result).toMatchObject({
        status: 'error',
        category: 'unavailable',
        retryable: true,
        error: "Resilience execution failed: Circuit breaker 'svc' is open - service unavailable",
      });
      expect(events.map((e) => e.name)).toEqual([ResilienceEvents.BreakerOpened]);
      expect(events[0].payload).toMatchObject({ service: 'svc', from: 'closed', to: 'open', cause: 'calls' });
    });

    it('serves the fallback of each call while open, marked degraded (not the first caller’s forever, [FIX] V2)', async () => {
      for (let i = 0; i < 5; i++)
        await sut.execute('svc', boom(), { strategy: 'circuit_breaker', fallback: value('first') });
      const second = await sut.execute('svc', value('x'), { strategy: 'circuit_breaker', fallback: value('second') });
      expect(okData(second)).toMatchObject({ value: 'second', degraded: true, attempts: 0 });
    });

    it('probes after the recovery timeout and closes after 2 successes', async () => {
      for (let i = 0; i < 5; i++) await sut.execute('svc', boom(), { strategy: 'circuit_breaker' });
      jest.advanceTimersByTime(59_000);
      expect(await sut.execute('svc', value(1), { strategy: 'circuit_breaker' })).toMatchObject({
        category: 'unavailable',
      });
      jest.advanceTimersByTime(1000);
      expect(await sut.execute('svc', value(1), { strategy: 'circuit_breaker' })).toMatchObject({ status: 'ok' });
      expect(sut.summary().breakers.svc.state).toBe('half_open');
      await sut.execute('svc', value(1), { strategy: 'circuit_breaker' });
      expect(sut.summary().breakers.svc).toMatchObject({ state: 'closed', failureRate: 0, consecutiveFailures: 0 });
      expect(events.map((e) => e.name)).toEqual(['breaker.opened', 'breaker.half_open', 'breaker.closed']);
    });

    it('admits at most 3 concurrent probes while half-open: 5 callers → 2 rejected as unavailable', async () => {
      for (let i = 0; i < 5; i++) await sut.execute('svc', boom(), { strategy: 'circuit_breaker' });
      jest.advanceTimersByTime(60_000);
      const slow = async () => {
        await new Promise((r) => setTimeout(r, 100));
        return 'probe';
      };
      const pending = [1, 2, 3, 4, 5].map(() => sut.execute('svc', slow, { strategy: 'circuit_breaker' }));
      await jest.advanceTimersByTimeAsync(100);
      const results = await Promise.all(pending);
      expect(results.filter((r) => r.status === 'ok')).toHaveLength(3);
      expect(results.filter((r) => r.status === 'error' && r.category === 'unavailable')).toHaveLength(2);
      expect(sut.summary().breakers.svc.state).toBe('closed');
    });

    it('fails a call that outlives the call timeout as a timeout, aborting its signal (A14.8)', async () => {
      let aborted = false;
      const pending = sut.execute(
        'svc',
        (signal) =>
          new Promise((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve('late')))),
        { strategy: 'circuit_breaker' },
      );
      await jest.advanceTimersByTimeAsync(30_000);
      expect(await pending).toMatchObject({
        status: 'error',
        category: 'timeout',
        retryable: true,
        error: 'Resilience execution failed: timed out after 30000 ms',
      });
      expect(aborted).toBe(true);
      expect(sut.summary().breakers.svc).toMatchObject({ failed: 1, timeouts: 1 });
    });

    it('retries through the breaker and stops retrying once it opens', async () => {
      sut = build({ breakerFailureThreshold: 2 });
      let calls = 0;
      const pending = sut.execute(
        'svc',
        async () => {
          calls++;
          throw new Error('down');
        },
        { strategy: 'circuit_breaker', retry: { attempts: 5, baseDelayMs: 10 } },
      );
      await jest.advanceTimersByTimeAsync(1000);
      expect(await pending).toMatchObject({ category: 'unavailable' });
      expect(calls).toBe(2);
    });
  });

  describe('adaptive_routing', () => {
    const candidates = (calls: string[], failing: Set<string>) =>
      ['primary-llm', 'backup-llm'].map((name) => ({
        name,
        run: async () => {
          calls.push(name);
          if (failing.has(name)) throw new Error(`${name} down`);
          return name;
        },
      }));

    it('prefers the healthier candidate, falls through on failure, and returns to a recovered one', async () => {
      const calls: string[] = [];
      const failing = new Set(['primary-llm']);
      const first = await sut.execute('llm', candidates(calls, failing), { strategy: 'adaptive_routing' });
      expect(okData(first)).toMatchObject({ value: 'backup-llm', candidate: 'backup-llm', attempts: 2 });
      expect(calls).toEqual(['primary-llm', 'backup-llm']);
      calls.length = 0;
      await sut.execute('llm', candidates(calls, failing), { strategy: 'adaptive_routing' });
      expect(calls).toEqual(['backup-llm']);
      // The primary recovers; after the backup degrades, the router goes back to the primary and stays there.
      failing.clear();
      failing.add('backup-llm');
      for (let i = 0; i < 4; i++) await sut.execute('llm', candidates([], failing), { strategy: 'adaptive_routing' });
      calls.length = 0;
      const back = await sut.execute('llm', candidates(calls, failing), { strategy: 'adaptive_routing' });
      expect(okData(back).candidate).toBe('primary-llm');
      expect(calls).toEqual(['primary-llm']);
      expect(sut.summary().services['primary-llm'].routingWeight).toBeGreaterThan(
        sut.summary().services['backup-llm'].routingWeight,
      );
    });

    it('skips a candidate whose breaker is open', async () => {
      sut.breaker('primary-llm').forceOpen();
      const calls: string[] = [];
      const result = await sut.execute('llm', candidates(calls, new Set()), { strategy: 'adaptive_routing' });
      expect(okData(result).candidate).toBe('backup-llm');
      expect(calls).toEqual(['backup-llm']);
    });

    it('answers unavailable when every breaker is open, and behaves like one call with one candidate', async () => {
      sut.breaker('primary-llm').forceOpen();
      sut.breaker('backup-llm').forceOpen();
      expect(await sut.execute('llm', candidates([], new Set()), { strategy: 'adaptive_routing' })).toMatchObject({
        category: 'unavailable',
      });
      expect(okData(await sut.execute('solo', value(7), { strategy: 'adaptive_routing' }))).toMatchObject({
        value: 7,
        candidate: 'solo',
        attempts: 1,
      });
    });
  });

  describe('health and weights (A14.9, A14.10)', () => {
    it('reaches weight 2.0 after 8 fast successes', async () => {
      for (let i = 0; i < 8; i++) await sut.execute('svc', value(1));
      expect(sut.summary().services.svc.routingWeight).toBe(2);
    });

    it('marks 3 successes and 7 failures unhealthy at the next pass, once, and healthy again when the window recovers', async () => {
      for (let i = 0; i < 3; i++) await sut.execute('svc', value(1));
      for (let i = 0; i < 7; i++) await sut.execute('svc', boom());
      expect(sut.summary().services.svc.healthy).toBe(true);
      expect(sut.checkHealth()).toBe(1);
      expect(sut.checkHealth()).toBe(0);
      expect(sut.summary().services.svc).toMatchObject({ healthy: false, successRate: 0.3, lastCheck: Date.now() });
      expect(events.filter((e) => e.name === 'service.health_changed').map((e) => e.payload)).toEqual([
        { service: 'svc', healthy: false, successRate: 0.3, avgLatencyMs: 0 },
      ]);
      sut = build({ healthWindowSize: 10 });
      for (let i = 0; i < 3; i++) await sut.execute('svc', value(1));
      for (let i = 0; i < 7; i++) await sut.execute('svc', boom());
      sut.checkHealth();
      // Window of 10: seven new successes push out the three old ones and four failures.
      for (let i = 0; i < 6; i++) await sut.execute('svc', value(1));
      sut.checkHealth();
      expect(sut.summary().services.svc).toMatchObject({ healthy: false, successRate: 0.6 });
      await sut.execute('svc', value(1));
      sut.checkHealth();
      expect(sut.summary().services.svc).toMatchObject({ healthy: true, successRate: 0.7 });
    });

    it('scores the summary like the original hub', async () => {
      sut.breaker('a').forceOpen();
      for (let i = 0; i < 10; i++) await sut.execute('b', boom());
      sut.checkHealth();
      expect(sut.summary()).toMatchObject({ degradationMode: true, score: 100 - 20 - 10 - 5 });
    });
  });

  describe('metrics (A14.13)', () => {
    it('counts one request and observes one latency per call', async () => {
      await sut.execute('svc', value(1));
      expect(await registry.getSingleMetricAsString('resilience_requests_total')).toContain(
        'resilience_requests_total{service="svc",outcome="success"} 1',
      );
      expect(await registry.getSingleMetricAsString('resilience_latency_seconds')).toContain(
        'resilience_latency_seconds_count{service="svc"} 1',
      );
    });

    it('exports breaker state and transitions', async () => {
      sut.breaker('svc').forceOpen();
      expect(await registry.getSingleMetricAsString('circuit_breaker_state')).toContain(
        'circuit_breaker_state{circuit="svc"} 1',
      );
      expect(await registry.getSingleMetricAsString('circuit_breaker_transitions_total')).toContain(
        'circuit_breaker_transitions_total{circuit="svc",to="open"} 1',
      );
    });

    it('bounds the service label set, counting the rest as other', async () => {
      sut = build({ maxServiceLabels: 2 });
      for (const s of ['a', 'b', 'c', 'd']) await sut.execute(s, value(1));
      const text = await registry.getSingleMetricAsString('resilience_requests_total');
      expect(text).toContain('{service="a",outcome="success"} 1');
      expect(text).toContain('{service="b",outcome="success"} 1');
      expect(text).toContain('{service="other",outcome="success"} 2');
      expect(text).not.toContain('service="c"');
    });
  });

  describe('cancellation', () => {
    it('stops at once when the caller aborts, without counting a breaker failure', async () => {
      const controller = new AbortController();
      const pending = sut.execute('svc', () => new Promise(() => undefined), {
        strategy: 'circuit_breaker',
        signal: controller.signal,
      });
      controller.abort();
      expect(await pending).toMatchObject({
        status: 'error',
        error: 'Resilience execution failed: aborted by the caller',
        retryable: false,
      });
      expect(sut.summary().breakers.svc).toMatchObject({ failed: 0 });
      expect(sut.summary().services).toEqual({});
    });
  });
});
