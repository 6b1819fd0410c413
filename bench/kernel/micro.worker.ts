/**
 * One kernel micro-benchmark variant in its own process:
 *   micro.worker.ts <direct|facade> <noop|cpu_100us|cpu_1ms> <als-on|als-off> <logLevel>
 * Prints `{ nsPerCall }` as JSON. The facade runs with metrics on and logging to a file at `logLevel`.
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
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, imports: [BenchOrchestratorsModule] }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  const facade = app.get(OrchestrationFacade);
  const orchestrator = facade.get(target);
  if (!orchestrator) throw new Error(`no orchestrator ${target}`);
  const ctx = OrchestrationContext.create({ tenantId: 'bench', requestId: 'bench-1' });
  const input = { url: 'https://example.invalid/a', depth: 'standard' };
  const call = mode === 'direct' ? () => orchestrator.orchestrate(ctx, input) : () => facade.orchestrate(target, ctx, input);

  const n = CALLS[target];
  for (let i = 0; i < Math.ceil(n / 5); i++) await call();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call();
  const ns = Number(process.hrtime.bigint() - started) / n;
  await app.close();
  process.stdout.write(JSON.stringify({ nsPerCall: ns }) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
