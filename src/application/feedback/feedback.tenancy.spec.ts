import { buildFeedbackHub, T0 } from '../../../test/fixtures/feedback-hub';
import { match } from '../../../test/fixtures/matchers';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import type { BackgroundJobs } from '../../core/jobs/background-jobs';
import type { FeedbackSignal } from '../../core/ports/feedback.port';
import type { AddJobOptions, JobQueue } from '../../core/ports/job-queue.port';
import {
  MEMORY_CONSOLIDATOR,
  type ConsolidationRequest,
  type MemoryConsolidator,
} from '../../core/ports/memory-consolidator.port';
import { ManualClock } from '../../core/runtime/clock';
import { healthReport, metricsReport } from './feedback-report';
import { FeedbackEvent } from './feedback.events';
import { DurableQueues, signalJobId, type InProcessQueues } from './signal-queues';

const globex = OrchestrationContext.create({ tenantId: 'globex', requestId: 'r-2' });
/** Jobs that are never running: enough for the reports, which ask. */
const idleJobs = { list: () => [] } as unknown as BackgroundJobs;

const NO_SOURCES = {
  trajectory: 0,
  rag_retrieval: 0,
  tool_execution: 0,
  agent_task: 0,
  governance: 0,
  cost_budget: 0,
  user_explicit: 0,
};
const NO_TYPES = { model: 0, tool: 0, agent: 0, threshold: 0, prompt: 0, memory: 0 };

/** Tenants that have state in the hub, in order of first use. */
function tenantsOf(hub: ReturnType<typeof buildFeedbackHub>['hub']): string[] {
  return [...hub.allTenants()].map((t) => t.tenantId);
}

describe('FeedbackService tenancy (tenants acme and globex)', () => {
  describe('submit', () => {
    it('dedupes per tenant: the same signal id from two tenants is two signals, and a resubmission is a duplicate in its own tenant only', async () => {
      const { hub, ctx } = buildFeedbackHub();
      const signal = { signalId: 'same-1', componentType: 'tool', componentId: 'search' } as const;
      const receipt = (queued: boolean, queueSize: number) => ({
        status: 'ok',
        data: { signalId: 'same-1', componentType: 'tool', queued, duplicate: !queued, queueSize },
      });
      expect(await hub.submit(ctx, { ...signal, reward: 1 })).toEqual(receipt(true, 1));
      expect(await hub.submit(globex, { ...signal, reward: 0.5 })).toEqual(receipt(true, 2));
      expect(await hub.submit(globex, { ...signal, reward: 0.5 })).toEqual(receipt(false, 2));
      const queued = (hub.queues as InProcessQueues).peek('tool').map((s) => [s.tenantId, s.signalId, s.reward]);
      expect(queued).toEqual([
        ['acme', 'same-1', 1],
        ['globex', 'same-1', 0.5],
      ]);
      expect([hub.view('acme').counts.accepted, hub.view('globex').counts.accepted]).toEqual([1, 1]);
      expect([hub.view('acme').seen.size, hub.view('globex').seen.size]).toEqual([1, 1]);
    });

    it('creates no state for a rejected signal or a read, only for the tenant that submits', async () => {
      const { hub, ctx, lifecycle, metrics } = buildFeedbackHub({}, new Map(), idleJobs);
      expect((await hub.submit(globex, { componentId: 'm', reward: 2 })).status).toBe('error');
      healthReport(hub, 'nobody');
      metricsReport(hub, lifecycle, metrics, 'nobody');
      expect(await hub.clearDisabled('nobody', 'tool', 'x')).toBe(false);
      expect(await lifecycle.consolidate('nobody')).toEqual({ consolidated: false, reason: 'insufficient_samples' });
      expect(tenantsOf(hub)).toEqual([]);
      await hub.submit(ctx, { componentId: 'm', reward: 1 });
      expect(tenantsOf(hub)).toEqual(['acme']);
    });
  });

  describe('checkHealth and clearDisabled', () => {
    it('disables a component for its own tenant only: the other tenant’s component of that id stays enabled and cannot be cleared there', async () => {
      const { hub, ctx, emitted } = buildFeedbackHub();
      for (let i = 0; i < 11; i++) await hub.submit(ctx, { componentType: 'tool', componentId: 'flaky', reward: 0 });
      await hub.submit(globex, { componentType: 'tool', componentId: 'flaky', reward: 0.9 });
      expect(hub.checkHealth()).toEqual([
        {
          tenantId: 'acme',
          key: 'tool/flaky',
          componentType: 'tool',
          componentId: 'flaky',
          from: 'enabled',
          to: 'disabled',
          reason: 'low_health',
          health: 0,
          samples: 11,
        },
      ]);
      expect(emitted.filter((e) => e.name === FeedbackEvent.ComponentDisabled).map((e) => e.payload)).toEqual([
        match.objectContaining({ tenantId: 'acme', key: 'tool/flaky' }),
      ]);
      expect(await hub.submit(ctx, { componentType: 'tool', componentId: 'flaky', reward: 0.8 })).toEqual({
        status: 'skipped',
        reason: 'component_disabled',
      });
      expect(await hub.submit(globex, { componentType: 'tool', componentId: 'flaky', reward: 0.8 })).toMatchObject({
        status: 'ok',
        data: { queued: true },
      });
      expect(await hub.clearDisabled('globex', 'tool', 'flaky')).toBe(false);
      expect(hub.view('globex').health.details('tool', 'flaky')).toEqual({
        healthScore: match.closeTo(0.85 * 0.95, 9),
        avgReward: match.closeTo(0.85, 9),
        sampleSize: 2,
        errorRate: 0,
        rewardStd: match.closeTo(0.05, 9),
      });
      expect(hub.view('acme').health.state('tool', 'flaky')).toBe('disabled');
      expect(await hub.clearDisabled('acme', 'tool', 'flaky')).toBe(true);
      expect(hub.view('acme').health.state('tool', 'flaky')).toBe('enabled');
    });
  });

  describe('get_health and get_metrics', () => {
    it('report the caller’s tenant only: no other tenant’s component, count, learning or dead letter', async () => {
      const { hub, ctx, lifecycle, metrics } = buildFeedbackHub({}, new Map(), idleJobs);
      await hub.submitTool(ctx, { toolId: 'acme-secret', success: true, qualityScore: 0.2 });
      await hub.submit(ctx, { componentType: 'prompt', componentId: 'acme-prompt', reward: 0.3 });
      hub.registerSink('agent', {
        ready: () => true,
        accept: () => {
          throw new Error('learner down');
        },
      });
      await hub.submitAgent(ctx, { agentId: 'acme-agent', success: true });
      await hub.submitTool(globex, { toolId: 'search', success: true, qualityScore: 0.9 });
      expect(await hub.drainOnce()).toBe(4);

      expect(healthReport(hub, 'globex')).toEqual({
        components: { model: {}, tool: { search: 0.9 }, agent: {}, threshold: {}, prompt: {}, memory: {} },
        disabledComponents: [],
        componentHealthDetails: {
          'tool/search': {
            healthScore: 0.9,
            avgReward: 0.9,
            sampleSize: 1,
            errorRate: 0,
            rewardStd: 0,
            state: 'enabled',
          },
        },
        totalComponents: 1,
        overallHealth: 0.9,
      });
      expect(metricsReport(hub, lifecycle, metrics, 'globex')).toEqual({
        mode: 'in_process',
        running: false,
        signalsAccepted: 1,
        signalsProcessed: 1,
        signalsDeadLettered: 0,
        signalsBySource: { ...NO_SOURCES, tool_execution: 1 },
        signalsByComponent: { ...NO_TYPES, tool: 1 },
        queueSizes: NO_TYPES,
        dropped: NO_TYPES,
        averageRewardByComponent: { 'tool/search': 0.9 },
        disabledComponents: [],
        consolidationsTriggered: 0,
        lastConsolidation: null,
        healthChecksPerformed: 0,
        recentDeadLetters: [],
        learning: {
          tools: { search: { samples: 1, successRate: 1, reward: 0.9, lastUpdated: T0 } },
          agents: {},
          prompts: {},
          thresholds: {},
          ragChunksTracked: 0,
        },
        uptimeSeconds: 0,
      });
      const own = metricsReport(hub, lifecycle, metrics, 'acme');
      expect([own.signalsAccepted, own.signalsProcessed, own.signalsDeadLettered]).toEqual([3, 2, 1]);
      expect(Object.keys(own.averageRewardByComponent)).toEqual([
        'tool/acme-secret',
        'prompt/acme-prompt',
        'agent/acme-agent',
      ]);
      expect(own.recentDeadLetters).toEqual([
        {
          signalId: 'sig-3',
          componentType: 'agent',
          componentId: 'acme-agent',
          error: 'learner down',
          failedAt: T0,
        },
      ]);
      expect(Object.keys(own.learning.tools as object)).toEqual(['acme-secret']);
    });
  });

  describe('consolidate', () => {
    it('runs per tenant: the port is asked for the degraded tenant’s chunks only, and the other tenant’s tracker keeps its chunk of the same id', async () => {
      const requests: ConsolidationRequest[] = [];
      const consolidator: MemoryConsolidator = {
        consolidate: async (request) => {
          requests.push(request);
          return { pruned: request.candidates };
        },
      };
      const { hub, ctx, lifecycle, clock } = buildFeedbackHub(
        { batchSize: 100 },
        new Map([[MEMORY_CONSOLIDATOR, consolidator]]),
      );
      for (let i = 0; i < 20; i++) {
        const filler = Array.from({ length: 10 }, (_, k) => `filler-${i}-${k}`);
        await hub.submitRag(ctx, {
          queryId: `q${i}`,
          relevanceScore: i % 2 === 0 ? 0.1 : 0.9,
          chunkIds: i % 2 === 0 ? [...filler, 'stale'] : [`fresh-${i}`],
        });
        await hub.submitRag(globex, { queryId: `q${i}`, relevanceScore: 0.95, chunkIds: ['stale'] });
      }
      await hub.drainOnce();
      clock.advance(90 * 86_400_000);
      expect(await lifecycle.consolidateAll()).toEqual([
        {
          consolidated: true,
          reason: 'quality_degradation (avg=0.500)',
          pruned: ['stale'],
          ragAverage: match.closeTo(0.5, 9),
          ragSignals: 20,
        },
        { consolidated: false, reason: 'quality_acceptable' },
      ]);
      expect(requests).toEqual([
        { tenantId: 'acme', reason: 'quality_degradation (avg=0.500)', candidates: ['stale'] },
      ]);
      expect([hub.view('acme').consolidations, hub.view('globex').consolidations]).toEqual([1, 0]);
      expect(hub.view('globex').ragSinceConsolidation).toEqual({ sum: match.closeTo(19, 9), count: 20 });
      expect(hub.view('globex').learning.rag.get('stale')).toMatchObject({
        relevance: match.closeTo(0.95, 9),
        retrievalCount: 20,
      });
    });
  });

  describe('restore', () => {
    it('puts spooled signals back with their tenants: each id is a duplicate in its own tenant only; an entry without a tenant is skipped', async () => {
      const { hub, ctx } = buildFeedbackHub();
      const spooled = (tenantId: string | undefined): Partial<FeedbackSignal> => ({
        signalId: 'spooled-1',
        tenantId,
        source: 'trajectory',
        componentType: 'agent',
        componentId: 'a1',
        reward: 0.5,
        confidence: 1,
        context: {},
        metadata: {},
        timestamp: T0,
      });
      expect(hub.restore([spooled('acme'), spooled(undefined)])).toBe(1);
      const again = { signalId: 'spooled-1', componentType: 'agent', componentId: 'a1', reward: 0.5 } as const;
      expect(await hub.submit(ctx, again)).toMatchObject({ status: 'ok', data: { duplicate: true } });
      expect(await hub.submit(globex, again)).toMatchObject({ status: 'ok', data: { duplicate: false, queued: true } });
      expect((hub.queues as InProcessQueues).peek('agent').map((s) => s.tenantId)).toEqual(['acme', 'globex']);
    });
  });
});

describe(DurableQueues.name, () => {
  /** A job queue that dedupes by job id, like BullMQ while a job waits. */
  function recordingQueue() {
    const ids: string[] = [];
    const queue = {
      add: async (_queue: string, _data: unknown, options?: AddJobOptions) => {
        const id = options!.jobId!;
        const deduplicated = ids.includes(id);
        if (!deduplicated) ids.push(id);
        return { id, deduplicated };
      },
      counts: async () => ({ waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 }),
    } as unknown as JobQueue;
    return { queue, ids };
  }

  describe('enqueue', () => {
    it('keys a job by tenant and signal id: the same id from two tenants is two jobs, again in one tenant a duplicate', async () => {
      const { queue, ids } = recordingQueue();
      const sut = new DurableQueues(queue, 100, new ManualClock(T0), { warn: () => undefined } as never);
      const signal = (tenantId: string) =>
        ({ signalId: 'same-1', tenantId, componentType: 'model', componentId: 'm' }) as FeedbackSignal;
      const outcomes = [];
      for (const tenant of ['acme', 'globex', 'globex']) outcomes.push((await sut.enqueue(signal(tenant))).duplicate);
      expect(outcomes).toEqual([false, false, true]);
      expect(ids).toEqual(['acme/same-1', 'globex/same-1']);
    });
  });

  describe(signalJobId.name, () => {
    it('is <tenant>/<signalId> up to 200 characters, else sha256: and the hex digest of that text', () => {
      expect(signalJobId('a:b', 'c')).toBe('a:b/c');
      expect(signalJobId('a', 'b:c')).toBe('a/b:c');
      const long = signalJobId('t'.repeat(128), 's'.repeat(128));
      expect(long).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(signalJobId('t'.repeat(128), 's'.repeat(128))).toBe(long);
      expect(signalJobId('u'.repeat(128), 's'.repeat(128))).not.toBe(long);
      expect(signalJobId('t'.repeat(71), 's'.repeat(128))).toBe(`${'t'.repeat(71)}/${'s'.repeat(128)}`);
    });
  });
});
