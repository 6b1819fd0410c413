import 'reflect-metadata';
import { runKeysCli } from './keys-run';

/** Entry point of `npm run keys` (see {@link runKeysCli}); exits with its code once output is flushed. */
runKeysCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`keys: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
