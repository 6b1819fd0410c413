import './compile-cache';
import 'reflect-metadata';
import { createApp } from './app.factory';
import { AppConfig } from './core/config/app-config';
import { ConfigError } from './core/config/config.loader';
import { DatabaseOpenError } from './core/persistence/sql-database.factory';
import { RedisOpenError } from './core/queue/redis/redis-connection';

/** Errors whose message says what to fix; anything else is printed with its stack. */
const explained = (e: unknown): e is Error =>
  ConfigError.is(e) || e instanceof DatabaseOpenError || e instanceof RedisOpenError;

async function main(): Promise<void> {
  const app = await createApp();
  const { server } = app.get(AppConfig);
  await app.listen(server.port, server.host);
}

main().catch((e: unknown) => {
  // The logger may not exist yet (config errors), and an operator reads stderr first: one plain line.
  process.stderr.write(`${explained(e) ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
