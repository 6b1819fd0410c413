import type { TaskOutput } from './parse-task-output';

/**
 * The outputs of one run's tasks, so a task sees the parsed outputs of the tasks it depends on. Create one per
 * run: it replaces the original's process-wide tool context, which concurrent runs overwrote and which the
 * completion callback never actually filled.
 *
 * @example
 * const context = new SharedTaskContext();
 * context.put('acquisition', parseTaskOutput('acquisition', raw));
 * context.inputsFor(['acquisition']).acquisition.file_path; // what the transcription task works on
 */
export class SharedTaskContext {
  private readonly outputs = new Map<string, TaskOutput>();

  /** Stores a task's output under `taskId`; a later call for the same id (a retry) replaces it. */
  put(taskId: string, output: TaskOutput): void {
    this.outputs.set(taskId, output);
  }

  /** The stored output of a task, or undefined when it has not completed. */
  get(taskId: string): TaskOutput | undefined {
    return this.outputs.get(taskId);
  }

  /**
   * The parsed outputs of the listed tasks, keyed by task id, in the order listed; tasks without an output are
   * left out. Each value is a deep copy, so a consumer cannot alter what other tasks see.
   */
  inputsFor(contextTaskIds: readonly string[]): Record<string, Record<string, unknown>> {
    const entries = contextTaskIds.flatMap((taskId) => {
      const output = this.outputs.get(taskId);
      return output === undefined ? [] : [[taskId, structuredClone(output.parsed)] as const];
    });
    return Object.fromEntries(entries);
  }
}
