/** Events the hierarchical coordinator emits (EventEmitter2), each with the tenant in its payload. */
export const HierarchyEvent = {
  SessionStarted: 'hierarchy.session.started',
  SessionFinished: 'hierarchy.session.finished',
  TaskSettled: 'hierarchy.task.settled',
  TaskStuck: 'hierarchy.task.stuck',
  TaskRecovered: 'hierarchy.task.recovered',
  AgentStale: 'hierarchy.agent.stale',
} as const;
