import { Injectable, Module, Scope } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { createCoreTestingModule } from '../../../test/fixtures/core-testing';
import {
  EchoOrchestrator,
  FlakyOrchestrator,
  RecursiveOrchestrator,
  TestOrchestratorsModule,
} from '../../../test/fixtures/orchestrators';
import { OrchestrationContext } from '../context/orchestration-context';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { BaseOrchestrator } from '../orchestrator/base-orchestrator';
import { Orchestrator } from '../orchestrator/orchestrator.decorator';
import type {
  InProcessOptions,
  OrchestrationInput,
  Orchestrator as OrchestratorProtocol,
} from '../orchestrator/orchestrator.types';
import { ok } from '../result/step-result';
import { OrchestrationFacade, resetFacadeTracer } from './orchestration.facade';

class ScopeInput {
  @IsOptional() @IsString() scope?: string;
}

@Orchestrator({
  name: 'plain_analytics',
  layer: 'infrastructure',
  type: 'monitoring',
  description: 'not a BaseOrchestrator',
  inputSchema: ScopeInput,
})
@Injectable()
class PlainOrchestrator {
  async orchestrate() {
    return ok('plain');
  }
}

@Injectable()
class UndecoratedService extends BaseOrchestrator {
  constructor() {
    super({ name: 'undecorated', layer: 'domain' });
  }
  async orchestrate() {
    return ok(null);
  }
}

@Orchestrator({ name: 'per_request', layer: 'domain' })
@Injectable({ scope: Scope.REQUEST })
class RequestScopedOrchestrator extends BaseOrchestrator {
  async orchestrate() {
    return ok(null);
  }
}

class GreetInput {
  @IsString() @MaxLength(5) name!: string;
}

/** Answers with what it was given: its input and its in-process options. */
class GreeterOrchestrator extends BaseOrchestrator {
  readonly calls: [OrchestrationInput, InProcessOptions | undefined][] = [];

  constructor() {
    super({ name: 'greeter', layer: 'domain', inputSchema: GreetInput });
  }

  async orchestrate(_ctx: OrchestrationContext, input: OrchestrationInput, inProcess?: InProcessOptions) {
    this.calls.push([input, inProcess]);
    return ok(null);
  }
}

@Module({ providers: [PlainOrchestrator, UndecoratedService, RequestScopedOrchestrator] })
class OtherModule {}

const ctx = (init = {}) => OrchestrationContext.create(init);

describe(OrchestrationFacade.name, () => {
  let moduleRef: TestingModule;
  let sut: OrchestrationFacade;

  const boot = async (config = {}) => {
    moduleRef = await createCoreTestingModule({ imports: [TestOrchestratorsModule, OtherModule], config });
    sut = moduleRef.get(OrchestrationFacade);
  };

  afterEach(() => moduleRef?.close(), BOOT_TIMEOUT_MS);

  describe('discovery', () => {
    beforeEach(() => boot(), BOOT_TIMEOUT_MS);

    it('registers the decorated providers of every module with their layers, and nothing else', () => {
      expect(sut.list().map((o) => `${o.name}:${o.layer}:${o.type}`)).toEqual([
        'echo:domain:sequential',
        'flaky:application:adaptive',
        'noop:infrastructure:monitoring',
        'plain_analytics:infrastructure:monitoring',
        'recursive:domain:hierarchical',
      ]);
      expect(sut.get('undecorated')).toBeUndefined();
      expect(sut.get('per_request')).toBeUndefined();
    });

    it('gives the discovered instance itself for BaseOrchestrators', () => {
      expect(sut.get('echo')).toBe(moduleRef.get(EchoOrchestrator));
    });

    it('takes name and layer from the decorator for plain classes', async () => {
      expect(sut.describe('plain_analytics')).toEqual({
        name: 'plain_analytics',
        layer: 'infrastructure',
        type: 'monitoring',
        description: 'not a BaseOrchestrator',
        hasHealthCheck: false,
        permissions: { run: 'plain_analytics.run', operations: {} },
      });
      expect(await sut.orchestrate('plain_analytics', ctx())).toEqual({ status: 'ok', data: 'plain' });
    });

    it('filters by layer', () => {
      expect(sut.list('domain').map((o) => o.name)).toEqual(['echo', 'recursive']);
    });
  });

  describe('orchestrate', () => {
    beforeEach(() => boot(), BOOT_TIMEOUT_MS);

    it('returns skipped when canOrchestrate is false, and still runs afterOrchestrate', async () => {
      const flaky = moduleRef.get(FlakyOrchestrator);
      expect(await sut.orchestrate('flaky', ctx(), { mode: 'refuse' })).toEqual({
        status: 'skipped',
        reason: 'flaky cannot orchestrate this input',
      });
      expect(flaky.afterCalls).toBe(1);
    });

    it('passes an error result through unchanged', async () => {
      expect(await sut.orchestrate('flaky', ctx(), { mode: 'fail' })).toEqual({
        status: 'error',
        error: 'already running',
        category: 'conflict',
        retryable: false,
      });
    });

    it('turns a value that is not a StepResult into an internal error', async () => {
      const junk: OrchestratorProtocol = {
        name: 'junk',
        layer: 'domain',
        type: 'sequential',
        orchestrate: async () => ({ result: 1 }) as never,
      };
      sut.register(junk);
      expect(await sut.orchestrate('junk', ctx())).toEqual({
        status: 'error',
        error: 'junk returned a value that is not a StepResult',
        category: 'internal',
        retryable: false,
      });
    });

    it('survives a throwing afterOrchestrate', async () => {
      sut.register({
        name: 'bad_hook',
        layer: 'domain',
        type: 'sequential',
        orchestrate: async () => ok(1),
        afterOrchestrate: () => {
          throw new Error('hook');
        },
      });
      expect(await sut.orchestrate('bad_hook', ctx())).toEqual({ status: 'ok', data: 1 });
    });

    it('answers a missing context with a validation error instead of throwing', async () => {
      expect(await sut.orchestrate('echo', undefined as never)).toMatchObject({
        status: 'error',
        category: 'validation',
        error: 'an OrchestrationContext is required',
      });
    });

    it('rejects input that is not an object', async () => {
      expect(await sut.orchestrate('echo', ctx(), [1] as never)).toMatchObject({
        status: 'error',
        category: 'validation',
        error: 'input must be an object',
      });
    });

    it("refuses an input its orchestrator's inputSchema refuses, naming each field, before the orchestrator runs", async () => {
      const greeter = new GreeterOrchestrator();
      sut.register(greeter);
      expect(await sut.orchestrate('greeter', ctx(), { name: 'Ada Lovelace', localFiles: 'any' })).toEqual({
        status: 'error',
        error: 'input.localFiles is not an allowed field; input.name must be shorter than or equal to 5 characters',
        category: 'validation',
        retryable: false,
      });
      expect(await sut.orchestrate('greeter', ctx(), {})).toMatchObject({
        error: 'input.name must be shorter than or equal to 5 characters; input.name must be a string',
      });
      expect(greeter.calls).toEqual([]);
      expect(await sut.orchestrate('greeter', ctx(), { name: 'Ada' })).toEqual({ status: 'ok', data: null });
    });

    it('takes the input schema from the decorator for plain classes', async () => {
      expect(await sut.orchestrate('plain_analytics', ctx(), { scope: 3 })).toMatchObject({
        category: 'validation',
        error: 'input.scope must be a string',
      });
      expect(await sut.orchestrate('plain_analytics', ctx(), { scope: 'all' })).toEqual({
        status: 'ok',
        data: 'plain',
      });
    });

    it('hands in-process options to the orchestrator beside the input, never inside it', async () => {
      const greeter = new GreeterOrchestrator();
      sut.register(greeter);
      const progress = { post: () => Promise.resolve() };
      await sut.orchestrate('greeter', ctx(), { name: 'Ada' }, { progress });
      await sut.orchestrate('greeter', ctx(), { name: 'Bob' });
      expect(greeter.calls).toEqual([
        [{ name: 'Ada' }, { progress }],
        [{ name: 'Bob' }, undefined],
      ]);
    });

    it('makes the context current inside the orchestration (ALS)', async () => {
      expect(await sut.orchestrate('recursive', ctx(), { times: 2 })).toEqual({
        status: 'ok',
        data: { depth: 2, seenByAls: 2 },
      });
    });
  });

  describe('depth limit', () => {
    it(
      'returns a validation error past kernel.maxDepth instead of recursing',
      async () => {
        await boot({ kernel: { maxDepth: 3 } });
        expect(await sut.orchestrate('recursive', ctx(), { times: 3 })).toEqual({
          status: 'ok',
          data: { depth: 3, seenByAls: 3 },
        });
        expect(await sut.orchestrate('recursive', ctx(), { times: 10 })).toEqual({
          status: 'error',
          error: 'Orchestration depth 4 exceeds the maximum of 3 (called from "recursive")',
          category: 'validation',
          retryable: false,
        });
      },
      BOOT_TIMEOUT_MS,
    );

    it(
      'applies the default of 8',
      async () => {
        await boot();
        expect((await sut.orchestrate('recursive', ctx(), { times: 8 })).status).toBe('ok');
        expect(await sut.orchestrate('recursive', ctx(), { times: 9 })).toMatchObject({
          status: 'error',
          category: 'validation',
        });
      },
      BOOT_TIMEOUT_MS,
    );
  });

  describe('contextPropagation off', () => {
    it(
      'leaves currentContext() undefined',
      async () => {
        await boot({ kernel: { contextPropagation: false } });
        expect(await sut.orchestrate('recursive', ctx(), { times: 1 })).toEqual({
          status: 'ok',
          data: { depth: 1, seenByAls: null },
        });
        expect(moduleRef.get(RecursiveOrchestrator).name).toBe('recursive');
      },
      BOOT_TIMEOUT_MS,
    );
  });

  describe('metrics', () => {
    beforeEach(() => boot(), BOOT_TIMEOUT_MS);

    it('counts each call by orchestrator, layer and status and records its duration', async () => {
      await sut.orchestrate('echo', ctx());
      await sut.orchestrate('echo', ctx());
      await sut.orchestrate('flaky', ctx(), { mode: 'throw' });
      await sut.orchestrate('missing', ctx());
      const registry = moduleRef.get(MetricsRegistry);
      const total = await registry.getSingleMetric('orchestrations_total')!.get();
      const value = (labels: Record<string, string>) =>
        total.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
      expect(value({ orchestrator: 'echo', layer: 'domain', status: 'ok' })).toBe(2);
      expect(value({ orchestrator: 'flaky', layer: 'application', status: 'error' })).toBe(1);
      expect(value({ orchestrator: '_unregistered', layer: 'none', status: 'error' })).toBe(1);
      const duration = await registry.getSingleMetric('orchestration_duration_seconds')!.get();
      const count = duration.values.find(
        (v) =>
          (v as { metricName?: string }).metricName === 'orchestration_duration_seconds_count' &&
          v.labels.orchestrator === 'echo',
      );
      expect(count?.value).toBe(2);
    });
  });

  describe('spans', () => {
    const ended: string[] = [];
    const provider = new TracerProvider({
      spanProcessors: [
        {
          onStart: () => undefined,
          onEnd: (span) => ended.push(span.name),
          forceFlush: async () => undefined,
          shutdown: async () => undefined,
        },
      ],
    });

    beforeAll(() => {
      trace.setGlobalTracerProvider(provider);
      resetFacadeTracer();
    });
    afterAll(() => {
      trace.disable();
      resetFacadeTracer();
    });
    beforeEach(() => (ended.length = 0));

    it(
      'makes one span per call by default',
      async () => {
        await boot();
        await sut.orchestrate('echo', ctx(), { n: 1 });
        expect(ended).toEqual(['orchestrate echo']);
      },
      BOOT_TIMEOUT_MS,
    );

    it(
      'makes none once tracing is off, even under a registered tracer provider',
      async () => {
        await boot();
        sut.setTracing(false);
        expect((await sut.orchestrate('echo', ctx(), { n: 1 })).status).toBe('ok');
        expect(ended).toEqual([]);
      },
      BOOT_TIMEOUT_MS,
    );
  });

  describe('health', () => {
    beforeEach(() => boot(), BOOT_TIMEOUT_MS);

    it('reports the orchestrators that have a health check', async () => {
      moduleRef.get(FlakyOrchestrator).healthy = false;
      expect(await sut.health()).toEqual({ flaky: { healthy: false, details: { afterCalls: 0 } } });
    });

    it('counts a throwing health check as unhealthy', async () => {
      sut.register({
        name: 'sick',
        layer: 'domain',
        type: 'sequential',
        orchestrate: async () => ok(1),
        healthCheck: () => {
          throw new Error('db down');
        },
      });
      expect((await sut.health()).sick).toEqual({ healthy: false, details: { error: 'db down' } });
    });
  });

  describe('register', () => {
    beforeEach(() => boot(), BOOT_TIMEOUT_MS);

    it.each([
      [{ name: 'Bad Name', layer: 'domain', type: 'sequential' }, 'Orchestrator name "Bad Name" must match'],
      [{ name: 'x', layer: 'presentation', type: 'sequential' }, 'Orchestrator "x" has layer "presentation"'],
      [{ name: 'x', layer: 'domain', type: 'random' }, 'Orchestrator "x" has type "random"'],
      [{ name: 'x', layer: 'domain', type: 'sequential' }, 'Orchestrator "x" has no orchestrate() method'],
      [
        { name: 'x', layer: 'domain', type: 'sequential', orchestrate: () => null, inputSchema: { url: 'string' } },
        'Orchestrator "x" has an inputSchema that is not a DTO class',
      ],
    ])('rejects %j', (o, message) => {
      expect(() => sut.register(o as never)).toThrow(message);
    });
  });
});
