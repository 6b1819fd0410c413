import 'reflect-metadata';
import { ConfigError } from '../core/config/config.loader';
import { DatabaseOpenError } from '../core/persistence/sql-database.factory';
import { runAutointelCli } from './autointel-run';

/** Entry point of `npm run autointel` (see {@link runAutointelCli}); exits with its code once output is flushed. */
runAutointelCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const explained = ConfigError.is(e) || e instanceof DatabaseOpenError;
    process.stderr.write(
      `autointel: ${explained ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exit(1);
  },
);
