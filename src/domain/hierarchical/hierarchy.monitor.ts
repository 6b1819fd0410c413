import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import { SCHEDULER, type Scheduler } from '../../core/ports/scheduler.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { AgentRepository } from './agent.repository';
import { HierarchyEvent } from './hierarchy.events';
import { HierarchyMetrics } from './hierarchy.metrics';
import { HierarchyRepository } from './hierarchy.repository';
import { recoveryStrategy } from './planning/recovery';
import { SessionCoordinator } from './session-coordinator';

/**
 * The `hierarchy.monitor` job (every `hierarchy.monitorEveryMs`): agents without a heartbeat for
 * `hierarchy.staleAgentMs` become stale (no new task; their attempts running here are stopped, to be retried on
 * another agent), and attempts without progress for `hierarchy.stuckTaskMs` are stopped as stuck (retried while
 * retries are left). Each emits its event and counts in its metric.
 */
@Injectable()
export class HierarchyMonitor implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: HierarchyRepository,
    private readonly agents: AgentRepository,
    private readonly coordinator: SessionCoordinator,
    private readonly metrics: HierarchyMetrics,
    private readonly events: EventEmitter2,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.every('hierarchy.monitor', this.config.hierarchy.monitorEveryMs, () => this.monitor());
  }

  /**
   * One pass of the monitor job: marks agents without a heartbeat for `staleAgentMs` stale and stops their running
   * attempts here (each is retried on another agent while retries are left); stops attempts without progress for
   * `stuckTaskMs` (retried likewise). Emits an event for each.
   */
  async monitor(): Promise<{ staleAgents: number; stuckTasks: number }> {
    const { staleAgentMs, stuckTaskMs } = this.config.hierarchy;
    const now = this.clock.now();
    const stale = await this.agents.markStale(now - staleAgentMs);
    for (const a of stale) {
      this.metrics.staleAgent();
      this.events.emit(HierarchyEvent.AgentStale, a);
    }
    const staleKeys = new Set(stale.map((a) => `${a.tenantId}\u0000${a.agentId}`));
    let stuck = 0;
    for (const live of this.coordinator.sessions()) {
      const { tenantId, sessionId } = live.session;
      // Progress an agent reported through another instance is in the store.
      const stored = live.attempts.size > 0 ? await this.repository.tasks(tenantId, sessionId) : [];
      for (const [taskId, attempt] of live.attempts) {
        const reported = stored.find((t) => t.taskId === taskId)?.progressAt ?? 0;
        attempt.progressAt = Math.max(attempt.progressAt, reported);
        const agentStale = staleKeys.has(`${tenantId}\u0000${attempt.agentId}`);
        const idle = now - attempt.progressAt > stuckTaskMs;
        if (!agentStale && !idle) continue;
        stuck += 1;
        const reason = agentStale ? 'agent_stale' : 'no_progress';
        this.metrics.stuckTask(reason);
        this.events.emit(HierarchyEvent.TaskStuck, {
          tenantId,
          sessionId,
          taskId,
          agentId: attempt.agentId,
          attemptId: attempt.attemptId,
          reason,
          strategy: recoveryStrategy([`agent:${attempt.agentId}`]),
        });
        attempt.abort(
          agentStale
            ? `stuck: agent ${attempt.agentId} sent no heartbeat for ${staleAgentMs} ms`
            : `stuck: no progress for ${stuckTaskMs} ms`,
        );
      }
    }
    return { staleAgents: stale.length, stuckTasks: stuck };
  }
}
