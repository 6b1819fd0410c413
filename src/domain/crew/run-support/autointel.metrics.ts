import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';

/** Which orchestrator ran a workflow, and which path it took (`enhanced` only: crew, pipeline or unavailable). */
export type WorkflowLabels = {
  depth: string;
  outcome: 'success' | 'error';
  orchestrator: 'autonomous' | 'enhanced';
  path: string;
};

/**
 * The autonomous runs' Prometheus metrics: workflows by depth, outcome, orchestrator and path;
 * their duration; completed tasks; placeholder detections; closed progress sessions; results kept for retrieval.
 * Labels are enumerations only (depth, task id, reason), never URLs or ids.
 */
@Injectable()
export class AutointelMetrics {
  private readonly workflows: Counter<keyof WorkflowLabels>;
  private readonly duration: Histogram<'depth' | 'orchestrator'>;
  private readonly tasks: Counter<'task_name' | 'has_structured_data'>;
  private readonly placeholders: Counter<'task' | 'reason'>;
  private readonly sessionClosed: Counter<'stage'>;
  private readonly persisted: Counter<'reason' | 'depth'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.workflows = new Counter({
      name: registry.name('autointel_workflows_total'),
      help: 'Autonomous workflows finished',
      labelNames: ['depth', 'outcome', 'orchestrator', 'path'],
      registers,
    });
    this.duration = new Histogram({
      name: registry.name('autointel_workflow_duration_seconds'),
      help: 'Autonomous workflow duration',
      labelNames: ['depth', 'orchestrator'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.tasks = new Counter({
      name: registry.name('autointel_task_completed_total'),
      help: 'Crew tasks completed',
      labelNames: ['task_name', 'has_structured_data'],
      registers,
    });
    this.placeholders = new Counter({
      name: registry.name('autointel_placeholder_detected_total'),
      help: 'Task outputs flagged as placeholders',
      labelNames: ['task', 'reason'],
      registers,
    });
    this.sessionClosed = new Counter({
      name: registry.name('autointel_session_closed_total'),
      help: 'Messages not shown because the progress session was closed',
      labelNames: ['stage'],
      registers,
    });
    this.persisted = new Counter({
      name: registry.name('workflow_results_persisted_total'),
      help: 'Results kept for retrieval because the session closed',
      labelNames: ['reason', 'depth'],
      registers,
    });
  }

  workflow(labels: WorkflowLabels, seconds?: number): void {
    this.workflows.inc(labels);
    if (seconds !== undefined)
      this.duration.observe({ depth: labels.depth, orchestrator: labels.orchestrator }, seconds);
  }

  taskCompleted(taskName: string, structured: boolean): void {
    this.tasks.inc({ task_name: taskName, has_structured_data: String(structured) });
  }

  placeholder(task: string, reason: string): void {
    this.placeholders.inc({ task, reason });
  }

  sessionClosedAt(stage: string): void {
    this.sessionClosed.inc({ stage });
  }

  resultPersisted(reason: string, depth: string): void {
    this.persisted.inc({ reason, depth });
  }
}
