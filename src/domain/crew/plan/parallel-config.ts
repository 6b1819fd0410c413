/** How the crew may run work concurrently. */
export interface ParallelConfig {
  /** Run the analysis as separate parallel tasks (`analysis.*`) instead of one `analysis` task. */
  readonly parallelAnalysis: boolean;
  readonly parallelFactChecking: boolean;
  readonly parallelMemoryOps: boolean;
  /** Upper bound on tasks running at once; at least 1. */
  readonly maxConcurrent: number;
  /** Fewer tasks than this always run sequentially. Default 3. */
  readonly threshold: number;
  /** Host has less than 8 GB of RAM. */
  readonly memoryEfficient: boolean;
  /** Host has fewer than 4 CPUs. */
  readonly cpuEfficient: boolean;
}

/** The host the config is tuned for. */
export interface HostResources {
  readonly cpus: number;
  /** Total RAM in GB. */
  readonly memoryGb: number;
}

/**
 * Raw override values from the typed config (never read from `process.env` here). Flags are on only for the text
 * `true` (case-insensitive); integers that do not parse to a positive integer are ignored with a warning.
 */
export interface ParallelOverrides {
  /** `ENABLE_PARALLEL_ANALYSIS`. */
  readonly parallelAnalysis?: string;
  /** `ENABLE_PARALLEL_FACT_CHECKING`. */
  readonly parallelFactChecking?: string;
  /** `ENABLE_PARALLEL_MEMORY_OPS`. */
  readonly parallelMemoryOps?: string;
  /** `MAX_CONCURRENT_TASKS`. */
  readonly maxConcurrentTasks?: string;
  /** `PARALLEL_EXECUTION_THRESHOLD`. */
  readonly parallelThreshold?: string;
}

/** Orchestrator settings that win over everything else for the three flags. */
export interface ExplicitParallelSettings {
  readonly analysis?: boolean;
  readonly factChecking?: boolean;
  readonly memoryOps?: boolean;
}

/** A config plus the warnings raised while reading the overrides (one per ignored setting). */
export interface ParallelConfigResult {
  readonly config: ParallelConfig;
  readonly warnings: string[];
}

function overrideFlag(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value.trim().toLowerCase() === 'true';
}

function overrideInt(value: string | undefined, fallback: number, name: string, warnings: string[]): number {
  if (value === undefined) return fallback;
  const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  // A limit or threshold below 1 would stall a concurrency limiter, so it is rejected like text.
  if (Number.isSafeInteger(n) && n >= 1) return n;
  warnings.push(`${name} ignored: ${JSON.stringify(value)} is not a positive integer`);
  return fallback;
}

/**
 * Builds the parallel-execution config: defaults from the host, then overrides, then the host
 * adjustments in this order — RAM < 4 GB: memory-ops off, max ≤ 2; RAM < 8 GB: max ≤ 4; CPUs < 2: analysis and
 * fact-checking off, max = 1; CPUs < 4: max ≤ 3; memory-efficient: memory-ops off; CPU-efficient: max ≤ 2 — and
 * finally the explicit settings for the three flags.
 *
 * Defaults: all three flags on, `maxConcurrent = min(cpus, 6)`, `threshold = 3`.
 *
 * @example parallelConfig({ cpus: 8, memoryGb: 3 }).config.maxConcurrent // 2
 */
export function parallelConfig(
  host: HostResources,
  overrides: ParallelOverrides = {},
  explicit: ExplicitParallelSettings = {},
): ParallelConfigResult {
  const warnings: string[] = [];
  const memoryEfficient = host.memoryGb < 8;
  const cpuEfficient = host.cpus < 4;
  let analysis = overrideFlag(overrides.parallelAnalysis, true);
  let factChecking = overrideFlag(overrides.parallelFactChecking, true);
  let memoryOps = overrideFlag(overrides.parallelMemoryOps, true);
  let max = overrideInt(
    overrides.maxConcurrentTasks,
    Math.min(host.cpus, 6),
    'maxConcurrentTasks (MAX_CONCURRENT_TASKS)',
    warnings,
  );
  const threshold = overrideInt(
    overrides.parallelThreshold,
    3,
    'parallelThreshold (PARALLEL_EXECUTION_THRESHOLD)',
    warnings,
  );

  if (host.memoryGb < 4) {
    memoryOps = false;
    max = Math.min(max, 2);
  } else if (host.memoryGb < 8) {
    max = Math.min(max, 4);
  }
  if (host.cpus < 2) {
    analysis = false;
    factChecking = false;
    max = 1;
  } else if (host.cpus < 4) {
    max = Math.min(max, 3);
  }
  if (memoryEfficient) memoryOps = false;
  if (cpuEfficient) max = Math.min(max, 2);

  return {
    config: {
      parallelAnalysis: explicit.analysis ?? analysis,
      parallelFactChecking: explicit.factChecking ?? factChecking,
      parallelMemoryOps: explicit.memoryOps ?? memoryOps,
      maxConcurrent: max,
      threshold,
      memoryEfficient,
      cpuEfficient,
    },
    warnings,
  };
}

/** True when any of the three parallel flags is on. */
export function anyParallelFlag(config: ParallelConfig): boolean {
  return config.parallelAnalysis || config.parallelFactChecking || config.parallelMemoryOps;
}
