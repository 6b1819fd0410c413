import type { StepResult } from '../../core/result/step-result';
import type { ContentReport } from '../report';
import type { RunRecord } from './autointel.types';

/** What the modes' orchestrators return: a Markdown report and its model, or the messages they showed. */
export type RunOutput = { report?: string; contentReport?: ContentReport; messages?: readonly string[] };

/** A finished run's report model, if its mode made one (a run that failed before acquisition has none). */
export function reportOf(run: RunRecord): ContentReport | null {
  const data = run.result?.data as RunOutput | undefined;
  return data?.contentReport ?? null;
}

const resultOf = (data: RunOutput) => ({ report: data.report ?? (data.messages ?? []).join('\n\n'), data });

/**
 * The run once its orchestrator has returned: `completed` with the report, or `failed` with the error's message
 * and category (a skipped run fails as `processing`) and any partial result (a failed autonomous run still
 * carries the stages run, tasks and messages).
 */
export function finishedRun(run: RunRecord, result: StepResult<RunOutput>, finishedAt: number): RunRecord {
  if (result.status === 'ok') return { ...run, status: 'completed', finishedAt, result: resultOf(result.data) };
  return {
    ...run,
    status: 'failed',
    finishedAt,
    result: result.status === 'error' && result.data ? resultOf(result.data) : null,
    error:
      result.status === 'error'
        ? { message: result.error, category: result.category }
        : { message: result.reason, category: 'processing' },
  };
}

/**
 * A run given up on: started `maxStarts` times (each start cut short by a shutdown or a crash) without finishing,
 * it fails as `internal` rather than being started again at every boot.
 */
export function abandonedRun(run: RunRecord, maxStarts: number, finishedAt: number): RunRecord {
  return {
    ...run,
    status: 'failed',
    finishedAt,
    error: {
      message: `gave up after ${maxStarts} starts: the run never finished (autointel.maxStarts)`,
      category: 'internal',
    },
  };
}
