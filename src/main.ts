import 'reflect-metadata';
import { createApp } from './app.factory';
import { AppConfig } from './core/config/app-config';
import { ConfigError } from './core/config/config.loader';

async function main(): Promise<void> {
  const app = await createApp();
  const { server } = app.get(AppConfig);
  await app.listen(server.port, server.host);
}

main().catch((e: unknown) => {
  // Before the logger exists (config errors) plain stderr is all there is.
  process.stderr.write(`${ConfigError.is(e) ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
