import type { ProgressPort } from '../crew';

/**
 * What only in-process callers give a mission run, beside its input (the facade's `inProcess` argument, which no
 * route or resolver passes). Both last as long as this process: a mission resumed after a restart has neither.
 */
export interface MissionInProcessOptions {
  /** Where the mission announces its plan and delivers its briefing (always also kept in its record). */
  readonly progress?: ProgressPort;
  /** `roots` (default): `file:` URLs only under `content.fileRoots`. `any`: every local path. */
  readonly localFiles?: 'roots' | 'any';
}
