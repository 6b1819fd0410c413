import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AgentRegistry } from './agent-registry';
import { AgentRepository } from './agent.repository';
import { HierarchyResolver } from './graphql/hierarchy.resolver';
import { BUILTIN_TASK_HANDLERS } from './handlers/builtin-handlers';
import { TaskHandlers } from './handlers/task-handlers';
import { HierarchicalOrchestrator } from './hierarchical.orchestrator';
import { hierarchyConfig } from './hierarchy.config';
import { HierarchyController } from './hierarchy.controller';
import { HierarchyMetrics } from './hierarchy.metrics';
import { HierarchyRepository } from './hierarchy.repository';
import { HierarchyMonitor } from './hierarchy.monitor';
import { HierarchyService } from './hierarchy.service';
import { SessionCoordinator } from './session-coordinator';
import { hierarchyChannelProvider, TaskDispatch } from './task-dispatch';
import { TaskExecutor } from './task-executor';

/**
 * The `hierarchical` orchestrator: sessions of objectives run as routed tasks, the agent registry, the monitor
 * job, and `/hierarchy` over REST. Task handlers are discovered: a module adds a task type by providing a
 * `@HierarchyTaskHandler('type')` provider.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    hierarchyConfig.provider,
    HierarchyRepository,
    AgentRepository,
    HierarchyMetrics,
    AgentRegistry,
    TaskHandlers,
    ...BUILTIN_TASK_HANDLERS,
    hierarchyChannelProvider,
    TaskExecutor,
    TaskDispatch,
    SessionCoordinator,
    HierarchyService,
    HierarchyMonitor,
    HierarchicalOrchestrator,
    HierarchyResolver,
  ],
  controllers: [HierarchyController],
  exports: [HierarchyService, AgentRegistry],
})
export class HierarchicalModule {}
