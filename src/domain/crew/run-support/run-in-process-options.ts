import type { ProgressPort } from '../ports/progress.port';
import type { RunSlot } from './run-limiter';

/**
 * What only in-process callers (the `/autointel` job, the CLI) give a content-intelligence run, beside its
 * {@link RunInputDto} input: the facade's `inProcess` argument, which no route or resolver passes.
 */
export interface RunInProcessOptions {
  /** Where the run's progress messages go (the job's stored events, the CLI's bar). */
  readonly progress?: ProgressPort;
  /** `roots` (default): `file:` URLs only under `content.fileRoots`. `any`: every local path (the CLI's own user). */
  readonly localFiles?: 'roots' | 'any';
  /** The caller's id for the run (the `/autointel` record's). */
  readonly workflowId?: string;
  /** A slot of the run limiter the caller already holds (the job waits for one before it marks the run running). */
  readonly slot?: RunSlot;
}
