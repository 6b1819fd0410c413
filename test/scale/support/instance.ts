import 'reflect-metadata';
import { createApp } from '../../../src/app.factory';
import { ScaleProbeModule } from './probe.module';

/**
 * One app instance for the scale tests, configured by the environment like the real service (DATABASE_URL,
 * REDIS_URL, DATA_DIR, …) plus the probe module. Prints `{"ready":true,"port":N}` once it listens on loopback.
 */
async function main(): Promise<void> {
  const app = await createApp({ imports: [ScaleProbeModule] });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ ready: true, port: address.port })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
