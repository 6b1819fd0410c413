import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { HierarchyTaskHandler, isTaskType, type TaskHandler } from '../../crew';

/** The task handlers of the application by type: the built-in ones and those modules provide, found at boot. */
@Injectable()
export class TaskHandlers implements OnModuleInit {
  private readonly byType = new Map<string, TaskHandler>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: HierarchyTaskHandler.KEY })) {
      const type = this.discovery.getMetadataByDecorator(HierarchyTaskHandler, wrapper);
      const handler = wrapper.instance as Partial<TaskHandler> | undefined;
      if (typeof type !== 'string' || !isTaskType(type))
        throw new Error(`@HierarchyTaskHandler(${JSON.stringify(type)}) on ${wrapper.name}: not a task type`);
      if (typeof handler?.handle !== 'function' || typeof handler.inputProblems !== 'function')
        throw new Error(`${wrapper.name} is a @HierarchyTaskHandler but has no handle() and inputProblems()`);
      if (this.byType.has(type))
        throw new Error(`Two handlers of the task type "${type}" (the second: ${wrapper.name})`);
      this.byType.set(type, handler as TaskHandler);
    }
  }

  get(type: string): TaskHandler | undefined {
    return this.byType.get(type);
  }

  types(): ReadonlySet<string> {
    return new Set(this.byType.keys());
  }
}
