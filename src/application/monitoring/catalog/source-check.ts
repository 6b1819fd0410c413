import type { AddressPolicy } from '../../../core/http/address-guard';
import type { MonitoringConfig } from '../monitoring.config';
import type { Source } from '../monitoring.types';
import {
  enabledProblem,
  intervalProblem,
  jitterProblem,
  locatorProblem,
  platformProblem,
  priorityProblem,
  quietHoursProblem,
  runProblem,
  youtubeKindProblem,
} from './catalog-rules';

type Bounds = Pick<MonitoringConfig, 'minIntervalSeconds' | 'maxIntervalSeconds'>;

/**
 * The first problem of a source as it would be stored (after defaults or a patch were applied), naming its field;
 * undefined when it may be stored. Whether it may be enabled is checked last, once its locator is known valid.
 */
export function sourceProblem(s: Source, bounds: Bounds, policy: AddressPolicy): string | undefined {
  return (
    platformProblem(s.platform) ??
    locatorProblem(s.platform, s.locator, policy) ??
    youtubeKindProblem(s.platform, s.youtubeKind) ??
    intervalProblem(s.intervalSeconds, bounds.minIntervalSeconds, bounds.maxIntervalSeconds) ??
    jitterProblem(s.jitterSeconds, s.intervalSeconds) ??
    priorityProblem(s.priority) ??
    quietHoursProblem(s.quietHours) ??
    runProblem(s.runMode, s.runDepth) ??
    enabledProblem(s.platform, s.locator, s.enabled)
  );
}
