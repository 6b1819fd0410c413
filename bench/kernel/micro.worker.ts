/**
 * One kernel micro-benchmark variant in its own process:
 *   micro.worker.ts <direct|facade|paired> <noop|cpu_100us|cpu_1ms> <als-on|als-off> <logLevel>
 * Prints `{ nsPerCall }` (or, for `paired`, `{ direct, facade }`) as JSON. The facade runs with metrics on and
 * logging to a file at `logLevel`. `paired` alternates blocks of direct and facade calls in one process: for
 * CPU-bound steps, separate processes differed by ~1 % in the speed of the work itself, as large as the effect.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../../src/app.module';
import { validateConfig } from '../../src/core/config/config.loader';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { OrchestrationFacade } from '../../src/core/facade/orchestration.facade';
import { BenchOrchestratorsModule } from './bench-orchestrators';

const CALLS: Record<string, number> = { noop: 300_000, cpu_100us: 5_000, cpu_1ms: 800 };

async function main(): Promise<void> {
  const [mode, target, als, level] = process.argv.slice(2);
  const logFile = join(mkdtempSync(join(tmpdir(), 'crew-bench-')), 'kernel.log');
  const config = validateConfig({
    logging: { level, file: logFile, httpRequests: false },
    kernel: { contextPropagation: als === 'als-on' },
    api: { graphql: false, docs: false },
    // The kernel's own cost; traced calls are measured by the telemetry bench.
    telemetry: { tracing: false, cycleEveryMs: 0 },
  });
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, imports: [BenchOrchestratorsModule] }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.init();
  const facade = app.get(OrchestrationFacade);
  const orchestrator = facade.get(target);
  if (!orchestrator) throw new Error(`no orchestrator ${target}`);
  const ctx = OrchestrationContext.create({ tenantId: 'bench', requestId: 'bench-1' });
  const input = { url: 'https://example.invalid/a', depth: 'standard' };
  const call =
    mode === 'direct' ? () => orchestrator.orchestrate(ctx, input) : () => facade.orchestrate(target, ctx, input);

  // Warm the path up with no-op calls first: a few hundred 1 ms calls leave the facade's own code unoptimised
  // (interpreted), which showed as ~10 µs per call that a long-running service never pays.
  const noop = facade.get('noop')!;
  const warm = mode === 'direct' ? () => noop.orchestrate(ctx, input) : () => facade.orchestrate('noop', ctx, input);
  for (let i = 0; i < 100_000; i++) await warm();
  const n = CALLS[target];
  const time = async (fn: () => Promise<unknown>, calls: number) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await fn();
    return Number(process.hrtime.bigint() - started);
  };
  if (mode === 'paired') {
    const direct = () => orchestrator.orchestrate(ctx, input);
    const viaFacade = () => facade.orchestrate(target, ctx, input);
    await time(direct, Math.ceil(n / 10));
    await time(viaFacade, Math.ceil(n / 10));
    const blocks = 10;
    let directNs = 0;
    let facadeNs = 0;
    for (let b = 0; b < blocks; b++) {
      directNs += await time(direct, n / blocks);
      facadeNs += await time(viaFacade, n / blocks);
    }
    await app.close();
    process.stdout.write(JSON.stringify({ direct: directNs / n, facade: facadeNs / n }) + '\n');
    return;
  }
  await time(call, Math.ceil(n / 5));
  const ns = (await time(call, n)) / n;
  await app.close();
  process.stdout.write(JSON.stringify({ nsPerCall: ns }) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
