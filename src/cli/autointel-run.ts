import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AppModule } from '../app.module';
import { loadConfig } from '../core/config/config.loader';
import { OrchestrationContext } from '../core/context/orchestration-context';
import { OrchestrationFacade } from '../core/facade/orchestration.facade';
import { ORCHESTRATOR_OF_MODE } from '../domain/autointel/autointel.types';
import { CliProgressBar, type ProgressPort, type RunInProcessOptions } from '../domain/crew';
import { renderReport, type ContentReport } from '../domain/report';
import { parseCliArgs, USAGE } from './autointel-args';
import { writeFully, type CliIo } from './cli-io';

export type { CliIo } from './cli-io';

/**
 * `npm run autointel -- <url|path> …`: the main job from a terminal. It boots the application without HTTP,
 * runs the mode's orchestrator (`--mode`, default `autointel.defaultMode`: autonomous) through the facade with a
 * progress bar on stderr and prints the report on stdout.
 * Local paths are read wherever they are: the CLI's user may read them anyway, so it grants the run that
 * capability as an in-process option (the API cannot: its runs read files only under `content.fileRoots`). Unless
 * DATA_DIR is set, the CLI keeps its own embedded store in ./data/cli: the embedded database must not be opened by
 * the server and the CLI at once. Logs go to stderr at `error` unless LOG_LEVEL says otherwise.
 * Resolves to the exit code once everything is written; config and database errors reject.
 */
export async function runAutointelCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (e) {
    await writeFully(io.stderr, `autointel: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    await writeFully(io.stdout, `${USAGE}\n`);
    return 0;
  }
  const env = io.env;
  const config = loadConfig({
    env,
    overrides: {
      ...(env.LOG_LEVEL ? {} : { logging: { level: 'error', httpRequests: false } }),
      ...(env.DATA_DIR || env.DATABASE_URL ? {} : { persistence: { dataDir: './data/cli' } }),
    },
  });
  const logger = pino({ level: config.logging.level }, pino.destination({ dest: 2, sync: true }));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, logger }), {
    logger: false,
    abortOnError: false,
  });
  try {
    await app.init();
    const ctx = OrchestrationContext.create({ tenantId: options.tenantId, workspaceId: options.workspaceId });
    const bar = new CliProgressBar({ stream: io.stderr });
    // Only the steps go to the bar: the report is printed on stdout below, and a failure's reason after the run.
    const progress: ProgressPort = {
      post: (text, o) => (o?.step ? bar.post(text, o) : Promise.resolve()),
      edit: (text, o) => (o?.step ? bar.edit(text, o) : Promise.resolve()),
      isOpen: () => bar.isOpen(),
    };
    const inProcess: RunInProcessOptions = { progress, localFiles: 'any' };
    const result = await app
      .get(OrchestrationFacade)
      .orchestrate<{ report?: string; contentReport?: ContentReport; messages?: string[] }>(
        ORCHESTRATOR_OF_MODE[options.mode ?? config.autointel.defaultMode],
        ctx,
        { url: options.target, depth: options.depth },
        inProcess,
      )
      .finally(() => bar.stop());
    if (options.json) await writeFully(io.stdout, `${JSON.stringify(result, null, 2)}\n`);
    else if (result.status === 'ok') {
      const { report, contentReport, messages } = result.data;
      const text = contentReport
        ? renderReport(contentReport, options.format)
        : (report ?? (messages ?? []).join('\n\n'));
      await writeFully(io.stdout, `${text}\n`);
    }
    if (result.status === 'ok') return 0;
    await writeFully(io.stderr, `autointel: ${result.status === 'error' ? result.error : result.reason}\n`);
    return 1;
  } finally {
    await app.close();
  }
}
