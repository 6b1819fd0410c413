import { userInfo } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AppModule } from '../app.module';
import { ConfigError, loadConfig } from '../core/config/config.loader';
import { DatabaseInUseError } from '../core/persistence/database-in-use.error';
import { DatabaseOpenError } from '../core/persistence/database-open.error';
import { CLOCK, type Clock } from '../core/runtime/clock';
import { generateApiKey } from '../infrastructure/security/keys/api-key';
import { ApiKeyService } from '../infrastructure/security/keys/api-key.service';
import { writeFully, type CliIo } from './cli-io';
import { parseKeysArgs, USAGE, type KeysCommand } from './keys-args';
import { describeKey, keyTable, timeOf } from './keys-format';

/** The streams and environment of `npm run keys`, and the clock its arguments are checked with. */
export interface KeysCliIo extends CliIo {
  /** Epoch ms; default `Date.now`. */
  readonly now?: () => number;
}

/** What the CLI adds when the embedded database is open in the server. */
const IN_USE_HINT =
  "The keys live in the server's database: stop the server and run this again, or manage the keys over its REST " +
  'routes (POST/GET /security/keys, POST /security/keys/<id>/rotate, DELETE /security/keys/<id>), or run the ' +
  'service on PostgreSQL (DATABASE_URL), which the server and this CLI can share.';

type Command = Exclude<KeysCommand, { command: 'help' | 'generate' }>;

/**
 * `npm run keys -- <command>`: API key management by the local operator. It boots the application without HTTP on
 * the server's own configuration (config/, DATA_DIR or DATABASE_URL, the pepper of the key hashes), so that the
 * keys it makes authenticate on the server, and calls `ApiKeyService` with any tenant in reach; every change is
 * audited with the actor `cli:<user>`. Secrets are printed once, on stdout; everything else goes to stderr unless
 * `--json`. Resolves to the exit code (0 done, 1 failed, 2 usage) once everything is written; unexpected errors
 * reject.
 */
export async function runKeysCli(argv: readonly string[], io: KeysCliIo): Promise<number> {
  let command: KeysCommand;
  try {
    command = parseKeysArgs(argv, (io.now ?? Date.now)());
  } catch (e) {
    await writeFully(io.stderr, `keys: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'help') {
    await writeFully(io.stdout, `${USAGE}\n`);
    return 0;
  }
  if (command.command === 'generate') {
    await writeFully(io.stdout, `${generateApiKey()}\n`);
    return 0;
  }
  let app: INestApplicationContext;
  try {
    app = await boot(io.env);
  } catch (e) {
    if (!ConfigError.is(e) && !DatabaseOpenError.is(e)) throw e;
    await writeFully(io.stderr, `keys: ${e.message}\n${DatabaseInUseError.is(e) ? `${IN_USE_HINT}\n` : ''}`);
    return 1;
  }
  try {
    await app.init();
    const clock = app.get<Clock>(CLOCK);
    return await execute(command, app.get(ApiKeyService), clock, io, `cli:${operator()}`);
  } finally {
    await app.close();
  }
}

/** The application on the server's configuration; logs to stderr at `error` unless LOG_LEVEL says otherwise. */
async function boot(env: NodeJS.ProcessEnv): Promise<INestApplicationContext> {
  const config = loadConfig({
    env,
    overrides: env.LOG_LEVEL ? {} : { logging: { level: 'error', httpRequests: false } },
  });
  const logger = pino({ level: config.logging.level }, pino.destination({ dest: 2, sync: true }));
  return NestFactory.createApplicationContext(AppModule.forRoot({ config, logger }), {
    logger: false,
    abortOnError: false,
  });
}

async function execute(
  command: Command,
  keys: ApiKeyService,
  clock: Clock,
  io: KeysCliIo,
  actor: string,
): Promise<number> {
  const out = (text: string) => writeFully(io.stdout, text);
  const err = (text: string) => writeFully(io.stderr, text);
  const json = (value: unknown) => out(`${JSON.stringify(value, null, 2)}\n`);
  switch (command.command) {
    case 'create': {
      const { expires, ...key } = command.key;
      const expiresAt = expires === null ? null : 'at' in expires ? expires.at : clock.now() + expires.afterMs;
      const created = await keys.create({ ...key, expiresAt }, actor);
      if (command.json) return json(created).then(() => 0);
      await out(`${created.key}\n`);
      await err(`Created ${describeKey(created.view)}.\nThe key above is shown only this once: store it now.\n`);
      return 0;
    }
    case 'list': {
      const list = await keys.list(command.tenantId);
      await (command.json ? json({ keys: list }) : out(keyTable(list)));
      return 0;
    }
    case 'rotate': {
      const created = await keys.rotate(command.keyId, undefined, actor);
      if (!created) return err(`keys: no active key ${command.keyId} (unknown, revoked or expired)\n`).then(() => 1);
      const old = (await keys.list(created.view.tenantId)).find((k) => k.prefix === command.keyId);
      const validUntil = old?.expiresAt ?? null;
      if (command.json) return json({ ...created, replaced: { prefix: command.keyId, validUntil } }).then(() => 0);
      await out(`${created.key}\n`);
      await err(
        `Rotated ${command.keyId} into ${describeKey(created.view)}.\nThe old key ${command.keyId} stays valid ` +
          `until ${timeOf(validUntil, 'its expiry')}, then it is refused.\nThe new key above is shown only this ` +
          `once: store it now.\n`,
      );
      return 0;
    }
    case 'revoke': {
      const revoked = await keys.revoke(command.keyId, undefined, actor);
      if (!revoked) return err(`keys: no key ${command.keyId}\n`).then(() => 1);
      if (command.json) return json(revoked).then(() => 0);
      await out(
        `Key ${revoked.prefix} of tenant "${revoked.tenantId}" is revoked (since ${timeOf(revoked.revokedAt)}).\n`,
      );
      return 0;
    }
  }
}

/** The operating-system user running the CLI (`uid <n>` when the system has no name for it). */
function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}
