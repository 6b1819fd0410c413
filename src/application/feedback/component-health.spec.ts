import fc from 'fast-check';
import { checkRoundTrip, sequences, timed } from '../../../test/fixtures/snapshot-round-trip';
import type { ComponentType } from '../../core/ports/feedback.port';
import { ComponentHealth, type HealthPolicy } from './component-health';

const POLICY = { disableBelow: 0.3, minSamplesToDisable: 11, reenableAbove: 0.5, reenableSamples: 20, disableTtlMs: 0 };

describe(ComponentHealth.name, () => {
  it('tracks at most maxComponents, dropping the least recently touched tenth of the enabled ones when full', () => {
    const sut = new ComponentHealth(POLICY, 20);
    for (let i = 0; i < 20; i++) sut.record('tool', `t${i}`, 0.9, 0);
    sut.record('tool', 't0', 0.9, 1); // touched again: now the most recent
    sut.record('agent', 'new', 0.9, 2);
    expect(sut.size).toBe(19);
    expect(sut.ema('tool', 't0')).toBeCloseTo(0.9, 12);
    expect([sut.ema('tool', 't1'), sut.ema('tool', 't2'), sut.ema('tool', 't3')]).toEqual([undefined, undefined, 0.9]);
  });

  it('keeps disabled components when evicting', () => {
    const sut = new ComponentHealth(POLICY, 12);
    for (let i = 0; i < 11; i++) sut.record('model', 'bad', 0, 0);
    expect(sut.check(0)).toHaveLength(1);
    for (let i = 0; i < 11; i++) sut.record('tool', `t${i}`, 0.9, 0);
    sut.record('tool', 'one-more', 0.9, 0);
    expect(sut.state('model', 'bad')).toBe('disabled');
    expect(sut.disabled()).toEqual([{ key: 'model/bad', state: 'disabled', since: 0 }]);
  });

  describe('snapshot', () => {
    it('lists types as first seen (an emptied type keeps its place) with rewards oldest first and the shadow', () => {
      const sut = new ComponentHealth({ ...POLICY, minSamplesToDisable: 2 }, 2);
      sut.record('tool', 't', 0.9, 1);
      sut.record('agent', 'a', 0, 2);
      sut.record('agent', 'a', 0, 3);
      sut.check(4);
      sut.record('agent', 'a', 0.8, 5);
      sut.record('model', 'm', 0.7, 6); // full: evicts tool/t, the one enabled component
      expect(sut.snapshot()).toEqual({
        tick: 5,
        types: [
          { type: 'tool', components: [] },
          {
            type: 'agent',
            components: [{ id: 'a', state: 'disabled', since: 4, ema: 0, touched: 4, window: [0, 0], shadow: [0.8] }],
          },
          { type: 'model', components: [{ id: 'm', state: 'enabled', since: 6, ema: 0.7, touched: 5, window: [0.7] }] },
        ],
      });
    });

    it('lists a full window from its oldest reward', () => {
      const sut = new ComponentHealth(POLICY);
      for (let i = 0; i < 103; i++) sut.record('tool', 't', i / 1000, 0);
      const window = sut.snapshot().types[0].components[0].window;
      expect([window.length, window[0], window[99]]).toEqual([100, 0.003, 0.102]);
    });
  });

  describe('restore', () => {
    const types: ComponentType[] = ['tool', 'agent', 'model'];
    const op = fc.oneof(
      {
        arbitrary: fc.record({
          kind: fc.constant('record' as const),
          type: fc.constantFrom(...types),
          id: fc.constantFrom('a', 'b', 'c', '1'),
          // Mostly good or mostly bad runs, so components are disabled and come back.
          reward: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 60, max: 100 })).map((r) => r / 100),
          dt: fc.integer({ min: 0, max: 20 }),
        }),
        weight: 6,
      },
      { arbitrary: fc.record({ kind: fc.constant('check' as const), dt: fc.integer({ min: 0, max: 60 }) }), weight: 2 },
      {
        arbitrary: fc.record({
          kind: fc.constant('clear' as const),
          type: fc.constantFrom(...types),
          id: fc.constantFrom('a', 'b', 'c', '1'),
          dt: fc.constant(0),
        }),
        weight: 1,
      },
    );
    type Op = typeof op extends fc.Arbitrary<infer T> ? T & { readonly at: number } : never;
    const subject = (policy: HealthPolicy, maxComponents: number) => ({
      create: () => new ComponentHealth(policy, maxComponents),
      apply: (s: ComponentHealth, o: Op) =>
        o.kind === 'record'
          ? s.record(o.type, o.id, o.reward, o.at)
          : o.kind === 'check'
            ? s.check(o.at)
            : s.clear(o.type, o.id, o.at),
      observe: (s: ComponentHealth) => ({
        report: s.report(),
        disabled: s.disabled(),
        size: s.size,
        each: types.flatMap((t) => ['a', 'b', 'c', '1'].map((id) => [s.state(t, id), s.ema(t, id), s.details(t, id)])),
      }),
      snapshot: (s: ComponentHealth) => s.snapshot(),
      restore: (json: unknown) => ComponentHealth.restore(json, policy, maxComponents),
    });
    const small = { disableBelow: 0.4, minSamplesToDisable: 3, reenableAbove: 0.5, reenableSamples: 2 };

    it('behaves as the original for every later operation, evictions, shadows and probation included', () => {
      checkRoundTrip(subject({ ...small, disableTtlMs: 50 }, 5), timed(sequences(op, 80)), 300);
    });

    it('behaves as the original without a disable TTL and with room for every component', () => {
      checkRoundTrip(subject({ ...small, disableTtlMs: 0 }, 100), timed(sequences(op, 80)), 150);
    });

    it('restores a full window so that new rewards replace its oldest', () => {
      const original = new ComponentHealth(POLICY);
      for (let i = 0; i < 130; i++) original.record('tool', 't', (i % 7) / 7, i);
      const restored = ComponentHealth.restore(JSON.parse(JSON.stringify(original.snapshot())), POLICY);
      for (let i = 0; i < 30; i++) for (const s of [original, restored]) s.record('tool', 't', (i % 3) / 3, 200 + i);
      expect(restored.report()).toEqual(original.report());
      expect(restored.snapshot().types[0].components[0].window).toEqual(
        original.snapshot().types[0].components[0].window,
      );
    });

    it('throws naming the field on garbage', () => {
      const component = { id: 'a', state: 'enabled', since: 0, ema: 0.5, touched: 1, window: [0.5] };
      const restore =
        (types: unknown, tick: unknown = 1) =>
        () =>
          ComponentHealth.restore({ tick, types }, POLICY);
      expect(restore([], -1)).toThrow('snapshot field tick must be a whole number ≥ 0, got -1');
      expect(restore([{ type: 'tools', components: [] }])).toThrow(
        'snapshot field types[0].type must be one of model, tool, agent, threshold, prompt, memory, got "tools"',
      );
      expect(restore([{ type: 'tool', components: [{ ...component, window: [0.5, 'x'] }] }])).toThrow(
        'snapshot field types[0].components[0].window[1] must be a finite number, got "x"',
      );
      expect(restore([{ type: 'tool', components: [{ ...component, state: 'off' }] }])).toThrow(
        'snapshot field types[0].components[0].state must be one of enabled, disabled, probation, got "off"',
      );
      expect(restore([{ type: 'tool', components: [{ ...component, touched: 2 }] }])).toThrow(
        'snapshot field types[0].components[0].touched must be at most tick (1), got 2',
      );
      expect(restore([{ type: 'tool', components: [component, component] }])).toThrow(
        'snapshot field types[0].components[1].id repeats the id a',
      );
      expect(restore([{ type: 'tool', components: [{ ...component, shadow: null }] }])).toThrow(
        'snapshot field types[0].components[0].shadow must be an array, got null',
      );
    });
  });
});
