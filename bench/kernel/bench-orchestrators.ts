import { Injectable, Module } from '@nestjs/common';
import { BaseOrchestrator } from '../../src/core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../src/core/orchestrator/orchestrator.decorator';
import { ok, type StepResult } from '../../src/core/result/step-result';

const NOOP_RESULT = ok(null);

/** Busy-waits for `us` microseconds: a CPU-bound step of known length. */
export function spin(us: number): number {
  const end = performance.now() + us / 1000;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}

@Orchestrator({ name: 'noop', layer: 'infrastructure' })
@Injectable()
export class NoopOrchestrator extends BaseOrchestrator {
  orchestrate(): Promise<StepResult> {
    return Promise.resolve(NOOP_RESULT);
  }
}

@Orchestrator({ name: 'cpu_100us', layer: 'domain' })
@Injectable()
export class Cpu100usOrchestrator extends BaseOrchestrator {
  async orchestrate(): Promise<StepResult> {
    return ok(spin(100));
  }
}

@Orchestrator({ name: 'cpu_1ms', layer: 'domain' })
@Injectable()
export class Cpu1msOrchestrator extends BaseOrchestrator {
  async orchestrate(): Promise<StepResult> {
    return ok(spin(1000));
  }
}

@Module({ providers: [NoopOrchestrator, Cpu100usOrchestrator, Cpu1msOrchestrator] })
export class BenchOrchestratorsModule {}
