import { cpus, totalmem } from 'node:os';
import type { AppConfig } from '../../../core/config/app-config';
import { parallelConfig, type HostResources, type ParallelConfig } from './parallel-config';

/** This machine, as the parallel settings see it. */
export function thisHost(): HostResources {
  return { cpus: cpus().length, memoryGb: totalmem() / 1024 ** 3 };
}

/**
 * The parallel config of both crew modes from the host and `autointel.*` (typed, validated config; no env
 * reads here): the config values are the overrides, so the host adjustments still apply after them.
 */
export function autointelParallelConfig(
  config: AppConfig,
  warn: (warning: string) => void,
  host: HostResources = thisHost(),
): ParallelConfig {
  const a = config.autointel;
  const text = (v: boolean | number | undefined) => (v === undefined ? undefined : String(v));
  const { config: parallel, warnings } = parallelConfig(host, {
    parallelAnalysis: text(a.parallelAnalysis),
    parallelFactChecking: text(a.parallelFactChecking),
    parallelMemoryOps: text(a.parallelMemoryOps),
    maxConcurrentTasks: text(a.maxConcurrentTasks),
    parallelThreshold: text(a.parallelThreshold),
  });
  warnings.forEach(warn);
  return parallel;
}
