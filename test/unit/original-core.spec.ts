/**
 * The sixteen tests of the original's orchestration-core test suite, one jest test each,
 * named after the original. Five of them were skipped there for want of an async runner; all run here.
 */
import type { TestingModule } from '@nestjs/testing';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { getOrchestrationFacade } from '../../src/core/facade/facade.accessor';
import { OrchestrationFacade } from '../../src/core/facade/orchestration.facade';
import { OrchestratorRegistrationError } from '../../src/core/facade/orchestrator-registration.error';
import { BaseOrchestrator } from '../../src/core/orchestrator/base-orchestrator';
import type { OrchestrationLayer, OrchestratorMeta } from '../../src/core/orchestrator/orchestrator.types';
import { ok, type StepResult } from '../../src/core/result/step-result';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createCoreTestingModule } from '../fixtures/core-testing';

/** The original's mock: records calls to its per-call hook, optionally throws. */
class MockOrchestrator extends BaseOrchestrator {
  cleanups = 0;
  constructor(
    meta: OrchestratorMeta,
    private readonly throws = false,
  ) {
    super(meta);
  }

  async orchestrate(ctx: OrchestrationContext): Promise<StepResult<{ requestId: string }>> {
    if (this.throws) throw new Error('mock failure');
    return ok({ requestId: ctx.requestId });
  }

  afterOrchestrate(): void {
    this.cleanups++;
  }
}

const mock = (name: string, layer: OrchestrationLayer = 'domain', throws = false) =>
  new MockOrchestrator({ name, layer }, throws);

describe('original orchestration-core tests', () => {
  describe('TestOrchestrationContext', () => {
    it('test_context_creation: keeps the ids it was given, no parent, depth 0', () => {
      const sut = OrchestrationContext.create({ tenantId: 'tenant-1', requestId: 'req-1', metadata: { k: 'v' } });
      expect(sut.tenantId).toBe('tenant-1');
      expect(sut.requestId).toBe('req-1');
      expect(sut.metadata).toEqual({ k: 'v' });
      expect(sut.parentOrchestrator).toBeUndefined();
      expect(sut.orchestrationDepth).toBe(0);
    });

    it('test_child_context_creation: inherits tenant, request and metadata, names its parent, depth 1', () => {
      const parent = OrchestrationContext.create({
        tenantId: 'tenant-1',
        requestId: 'req-1',
        traceId: 'a'.repeat(32),
        metadata: { k: 'v' },
      });
      const sut = parent.createChild('parent_orchestrator');
      expect(sut.tenantId).toBe('tenant-1');
      expect(sut.requestId).toBe('req-1');
      expect(sut.traceId).toBe('a'.repeat(32));
      expect(sut.metadata).toEqual({ k: 'v' });
      expect(sut.parentOrchestrator).toBe('parent_orchestrator');
      expect(sut.orchestrationDepth).toBe(1);
    });

    it('test_metadata_copied_to_child: the child metadata is a copy, nested values included', () => {
      const parent = OrchestrationContext.create({ metadata: { k: 'v', nested: { n: 1 } } });
      const sut = parent.createChild('p');
      sut.metadata.k = 'changed';
      (sut.metadata.nested as { n: number }).n = 2;
      expect(parent.metadata).toEqual({ k: 'v', nested: { n: 1 } });
      expect(sut.metadata).not.toBe(parent.metadata);
    });
  });

  describe('TestBaseOrchestrator', () => {
    it('test_orchestrator_initialization: keeps name and layer, type sequential', () => {
      const sut = mock('test_orchestrator', 'domain');
      expect(sut.name).toBe('test_orchestrator');
      expect(sut.layer).toBe('domain');
      expect(sut.type).toBe('sequential');
    });

    it('test_orchestrator_execution: orchestrate succeeds and returns the request id', async () => {
      const sut = mock('test_orchestrator');
      const result = await sut.orchestrate(OrchestrationContext.create({ requestId: 'req-42' }));
      expect(result).toEqual({ status: 'ok', data: { requestId: 'req-42' } });
    });

    it('test_orchestrator_cleanup: the per-call hook runs', async () => {
      const sut = mock('test_orchestrator');
      const result = await sut.orchestrate(OrchestrationContext.create());
      sut.afterOrchestrate();
      expect(result.status).toBe('ok');
      expect(sut.cleanups).toBe(1);
    });
  });

  describe('TestOrchestrationFacade', () => {
    let moduleRef: TestingModule;
    let sut: OrchestrationFacade;

    beforeEach(async () => {
      moduleRef = await createCoreTestingModule();
      sut = moduleRef.get(OrchestrationFacade);
    }, BOOT_TIMEOUT_MS);

    afterEach(() => moduleRef?.close(), BOOT_TIMEOUT_MS);

    it('test_singleton_facade: the accessor returns one instance, the injected one', () => {
      expect(getOrchestrationFacade()).toBe(getOrchestrationFacade());
      expect(getOrchestrationFacade()).toBe(sut);
    });

    it('test_register_orchestrator: register then get returns it', () => {
      const o = mock('test_orchestrator');
      sut.register(o);
      expect(sut.get('test_orchestrator')).toBe(o);
    });

    it('test_register_duplicate_raises: a duplicate name is rejected', () => {
      sut.register(mock('test_orchestrator'));
      expect(() => sut.register(mock('test_orchestrator'))).toThrow(OrchestratorRegistrationError);
      expect(() => sut.register(mock('test_orchestrator'))).toThrow(
        'An orchestrator named "test_orchestrator" is already registered',
      );
    });

    it('test_unregister_orchestrator: unregister then get returns nothing', () => {
      sut.register(mock('test_orchestrator'));
      sut.unregister('test_orchestrator');
      expect(sut.get('test_orchestrator')).toBeUndefined();
    });

    it('test_unregister_nonexistent_raises: unregistering an unknown name is rejected', () => {
      expect(() => sut.unregister('missing')).toThrow('No orchestrator named "missing" is registered');
    });

    it("test_get_by_layer: returns exactly that layer's orchestrators", () => {
      const d1 = mock('domain_1', 'domain');
      const d2 = mock('domain_2', 'domain');
      const a1 = mock('app_1', 'application');
      [d1, d2, a1].forEach((o) => sut.register(o));
      expect(sut.getByLayer('domain')).toEqual([d1, d2]);
      expect(sut.getByLayer('application')).toEqual([a1]);
      expect(sut.getByLayer('infrastructure')).toEqual([]);
    });

    it('test_orchestrate_success: succeeds and runs the per-call hook', async () => {
      const o = mock('test_orchestrator');
      sut.register(o);
      const result = await sut.orchestrate('test_orchestrator', OrchestrationContext.create({ requestId: 'req-7' }));
      expect(result).toEqual({ status: 'ok', data: { requestId: 'req-7' } });
      expect(o.cleanups).toBe(1);
    });

    it('test_orchestrate_not_found: an unknown name gives a failed result, no throw', async () => {
      const result = await sut.orchestrate('nonexistent', OrchestrationContext.create());
      expect(result).toEqual({
        status: 'error',
        category: 'not_found',
        error: 'No orchestrator named "nonexistent"',
        retryable: false,
      });
    });

    it('test_orchestrate_cleanup_on_error: a throwing orchestrator gives a failed result, the hook still runs', async () => {
      const o = mock('failing', 'domain', true);
      sut.register(o);
      const result = await sut.orchestrate('failing', OrchestrationContext.create());
      expect(result).toEqual({
        status: 'error',
        category: 'processing',
        error: 'failing failed: mock failure',
        retryable: true,
      });
      expect(o.cleanups).toBe(1);
    });

    it('test_list_orchestrators: lists each with its layer string', () => {
      sut.register(mock('domain_1', 'domain'));
      sut.register(mock('infra_1', 'infrastructure'));
      expect(sut.list().map(({ name, layer, type }) => ({ name, layer, type }))).toEqual([
        { name: 'domain_1', layer: 'domain', type: 'sequential' },
        { name: 'infra_1', layer: 'infrastructure', type: 'sequential' },
      ]);
    });
  });
});
