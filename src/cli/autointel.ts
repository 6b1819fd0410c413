import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AppModule } from '../app.module';
import { loadConfig, ConfigError } from '../core/config/config.loader';
import { OrchestrationContext } from '../core/context/orchestration-context';
import { OrchestrationFacade } from '../core/facade/orchestration.facade';
import { ORCHESTRATOR_OF_MODE } from '../domain/content/autointel/autointel.types';
import { DatabaseOpenError } from '../core/persistence/sql-database.factory';
import { CliProgressBar } from '../domain/content/progress/cli-progress';
import type { ProgressPort } from '../domain/content/progress/progress.port';
import { parseCliArgs, USAGE } from './autointel-args';

/**
 * `npm run autointel -- <url|path> …`: the main job from a terminal. It boots the application without HTTP,
 * runs the mode's orchestrator (`--mode`, default `autointel.defaultMode`: autonomous) through the facade with a
 * progress bar on stderr and prints the report on stdout.
 * Local paths are read wherever they are (the API is confined to `content.fileRoots`). Unless DATA_DIR is set,
 * the CLI keeps its own embedded store in ./data/cli: the embedded database must not be opened by the server and
 * the CLI at once. Logs go to stderr at `error` unless LOG_LEVEL says otherwise.
 */
async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (e) {
    process.stderr.write(`autointel: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const env = process.env;
  const config = loadConfig({
    overrides: {
      ...(env.LOG_LEVEL ? {} : { logging: { level: 'error', httpRequests: false } }),
      ...(env.DATA_DIR || env.DATABASE_URL ? {} : { persistence: { dataDir: './data/cli' } }),
    },
  });
  const logger = pino({ level: config.logging.level }, pino.destination({ dest: 2, sync: true }));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, logger }), { logger: false, abortOnError: false });
  try {
    await app.init();
    const ctx = OrchestrationContext.create({ tenantId: options.tenantId, workspaceId: options.workspaceId });
    const bar = new CliProgressBar({ stream: process.stderr });
    // Only the steps go to the bar: the report is printed on stdout below, and a failure's reason after the run.
    const progress: ProgressPort = {
      post: (text, o) => (o?.step ? bar.post(text, o) : Promise.resolve()),
      edit: (text, o) => (o?.step ? bar.edit(text, o) : Promise.resolve()),
      isOpen: () => bar.isOpen(),
    };
    const result = await app
      .get(OrchestrationFacade)
      .orchestrate<{ report?: string; messages?: string[] }>(ORCHESTRATOR_OF_MODE[options.mode ?? config.autointel.defaultMode], ctx, { url: options.target, depth: options.depth, progress, localFiles: 'any' })
      .finally(() => bar.stop());
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.status === 'ok') process.stdout.write(`${result.data.report ?? (result.data.messages ?? []).join('\n\n')}\n`);
    if (result.status === 'ok') return 0;
    process.stderr.write(`autointel: ${result.status === 'error' ? result.error : result.reason}\n`);
    return 1;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const explained = ConfigError.is(e) || e instanceof DatabaseOpenError;
    process.stderr.write(`autointel: ${explained ? (e as Error).message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
