import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { OrchestrationFacade } from '../../../core/facade/orchestration.facade';
import { fail, ok, type StepResult } from '../../../core/result/step-result';
import { runUrlProblem } from '../../content';
import { parseDepth } from '../../crew';
import type { ContentReport } from '../../report';
import { HierarchyTaskHandler, type TaskCall, type TaskHandler } from '../../crew';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of a content task's `{ url, depth? }`: the same rules as `POST /autointel`. */
function contentInputProblems(input: Readonly<Record<string, unknown>>, localFiles: boolean): string[] {
  const problems: string[] = [];
  if (typeof input.url !== 'string' || input.url.trim() === '') problems.push('url is required (a string)');
  else {
    const problem = runUrlProblem(input.url.trim(), localFiles);
    if (problem) problems.push(problem);
  }
  if (parseDepth(input.depth) === undefined)
    problems.push(`depth must be standard, deep, comprehensive or experimental, got ${JSON.stringify(input.depth)}`);
  const extra = Object.keys(input).filter((k) => k !== 'url' && k !== 'depth');
  if (extra.length > 0) problems.push(`${extra.join(', ')}: not an input of this task type (url, depth)`);
  return problems;
}

/** Runs a content orchestrator on `{ url, depth }` through the facade. */
@Injectable()
abstract class ContentTask implements TaskHandler {
  protected abstract readonly orchestrator: string;
  constructor(
    private readonly facade: OrchestrationFacade,
    private readonly config: AppConfig,
  ) {}

  inputProblems(input: Readonly<Record<string, unknown>>): string[] {
    return contentInputProblems(input, this.config.content.fileRoots.length > 0);
  }

  handle(call: TaskCall): Promise<StepResult<unknown>> {
    const input = { url: String(call.input.url).trim(), depth: parseDepth(call.input.depth) };
    return this.facade.orchestrate(this.orchestrator, call.ctx, input);
  }
}

/** `autointel`: the autonomous content-intelligence run of a URL (`autonomous_intelligence`). */
@HierarchyTaskHandler('autointel')
@Injectable()
export class AutointelTask extends ContentTask {
  protected readonly orchestrator = 'autonomous_intelligence';
}

/** `fallback`: the basic analysis of a URL (`fallback_autonomous`). */
@HierarchyTaskHandler('fallback')
@Injectable()
export class FallbackTask extends ContentTask {
  protected readonly orchestrator = 'fallback_autonomous';
}

/**
 * `feedback`: submits `{ signal }` to `unified_feedback`. The signal's id is the attempt's idempotency key unless
 * it names one, so an attempt run again after a restart is not counted twice.
 */
@HierarchyTaskHandler('feedback')
@Injectable()
export class FeedbackTask implements TaskHandler {
  constructor(private readonly facade: OrchestrationFacade) {}

  inputProblems(input: Readonly<Record<string, unknown>>): string[] {
    if (!isRecord(input.signal)) return ['signal is required (an object: componentType, componentId, reward, …)'];
    if (typeof input.signal.reward !== 'number') return ['signal.reward is required (a number from -1 to 1)'];
    return [];
  }

  handle(call: TaskCall): Promise<StepResult<unknown>> {
    const signal = call.input.signal as Record<string, unknown>;
    return this.facade.orchestrate('unified_feedback', call.ctx, {
      operation: 'submit_feedback',
      signal: { signalId: call.idempotencyKey, ...signal },
    });
  }
}

/** The mission an attempt starts: named by its idempotency key, so the attempt run again finds it. */
const missionIdOf = (idempotencyKey: string) =>
  `task-mission.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;

/** How often a `mission` task reads its mission's state (ms). */
const MISSION_POLL_MS = 250;
const MISSION_ENDED = new Set(['completed', 'failed', 'budget_exceeded']);

/**
 * `mission`: a whole `mission_orchestrator` mission on `{ url, depth? }` — planned, run stage by stage under its own
 * budget ledger and checkpoints — awaited until it ends. The task completes when the mission does, and fails with
 * the mission's error otherwise; an interrupted mission (its instance stopped) is resumed, not started again. The
 * mission's id comes from the attempt's idempotency key: an attempt run again after a restart follows the mission
 * it started instead of starting a second one.
 */
@HierarchyTaskHandler('mission')
@Injectable()
export class MissionTask implements TaskHandler {
  constructor(
    private readonly facade: OrchestrationFacade,
    private readonly config: AppConfig,
  ) {}

  inputProblems(input: Readonly<Record<string, unknown>>): string[] {
    return contentInputProblems(input, this.config.content.fileRoots.length > 0);
  }

  async handle(call: TaskCall): Promise<StepResult<unknown>> {
    const missionId = missionIdOf(call.idempotencyKey);
    const started = await this.facade.orchestrate<{ missionId: string }>('mission_orchestrator', call.ctx, {
      operation: 'run',
      url: String(call.input.url).trim(),
      depth: parseDepth(call.input.depth),
      missionId,
    });
    // `conflict`: this attempt started the mission before a restart; it follows that one.
    if (started.status !== 'ok' && !(started.status === 'error' && started.category === 'conflict')) return started;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, MISSION_POLL_MS));
      if (call.signal.aborted) return fail('processing', `mission ${missionId} was left running: the task stopped`);
      const read = await this.facade.orchestrate<{ status: string; error: { message: string } | null }>(
        'mission_orchestrator',
        call.ctx,
        { operation: 'get', missionId },
      );
      if (read.status !== 'ok') return read;
      call.progress();
      const { status, error } = read.data;
      if (status === 'completed') return ok(read.data);
      if (MISSION_ENDED.has(status))
        return fail(
          status === 'budget_exceeded' ? 'budget_exceeded' : 'processing',
          `mission ${missionId} ${status}: ${error?.message ?? ''}`,
          {
            retryable: false,
            data: read.data,
          },
        );
      if (status === 'interrupted') {
        const resumed = await this.facade.orchestrate('mission_orchestrator', call.ctx, {
          operation: 'resume',
          missionId,
        });
        if (resumed.status !== 'ok') return resumed;
      }
    }
  }
}

/** One source a synthesis merged. */
export interface SynthesisSource {
  readonly objectiveId: string;
  readonly title: string | null;
  readonly source: string | null;
  readonly summary: readonly string[];
  readonly topics: readonly string[];
}

const reportOf = (data: unknown): ContentReport | null => {
  if (!isRecord(data)) return null;
  const report = data.contentReport;
  return isRecord(report) && report.version === 1 ? (report as unknown as ContentReport) : null;
};

/**
 * `synthesis`: merges the results of the tasks it depends on. Each content report gives its title, source, summary
 * and topics; the topics two or more sources share come first in `sharedTopics`. Fails when it depends on nothing.
 */
@HierarchyTaskHandler('synthesis')
@Injectable()
export class SynthesisTask implements TaskHandler {
  inputProblems(input: Readonly<Record<string, unknown>>): string[] {
    const extra = Object.keys(input);
    return extra.length > 0 ? [`${extra.join(', ')}: not an input of synthesis (it reads its dependencies)`] : [];
  }

  async handle(call: TaskCall): Promise<StepResult<unknown>> {
    if (Object.keys(call.inputs).length === 0)
      return fail('validation', 'synthesis has nothing to merge: its objective names no dependencies');
    const sources: SynthesisSource[] = Object.entries(call.inputs).map(([objectiveId, data]) => {
      const content = reportOf(data)?.content ?? null;
      return {
        objectiveId,
        title: content?.about.title ?? null,
        source: content?.about.source ?? null,
        summary: content?.summary.sentences ?? [],
        topics: content?.topics ?? [],
      };
    });
    const counts = new Map<string, number>();
    for (const s of sources)
      for (const topic of new Set(s.topics.map((t) => t.toLowerCase())))
        counts.set(topic, (counts.get(topic) ?? 0) + 1);
    const sharedTopics = [...counts]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([t]) => t);
    return ok({ sources, sharedTopics, sourceCount: sources.length });
  }
}

export const BUILTIN_TASK_HANDLERS = [AutointelTask, FallbackTask, FeedbackTask, MissionTask, SynthesisTask];
