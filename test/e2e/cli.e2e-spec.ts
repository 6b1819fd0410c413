import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runAutointelCli } from '../../src/cli/autointel-run';
import { testDataDir } from '../fixtures/test-config';

/** A stream that keeps what it is given and acknowledges each write later (like a pipe that is full), recording when. */
class SlowSink extends Writable {
  text = '';
  acknowledged = 0;
  constructor(private readonly delayMs = 5) {
    super({ highWaterMark: 16 });
  }

  override _write(chunk: Buffer, _encoding: string, done: (e?: Error) => void): void {
    this.text += chunk.toString();
    if (this.delayMs === 0) return done();
    setTimeout(() => {
      this.acknowledged += 1;
      done();
    }, this.delayMs);
  }
}

/**
 * Each CLI run boots the whole application and analyses a document: a few seconds on a quiet 2-core machine; 30 s
 * was exceeded when the machine was shared (load about 12).
 */
const CLI_TIMEOUT_MS = 90_000;
const SAMPLE = join(__dirname, '..', '..', 'examples', 'gettysburg-address.md');
const KB = join(__dirname, '..', '..', 'examples', 'fact-check-kb.yaml');

/** `npm run autointel` in-process: the modes, `--json`, exit codes, and output fully written before it returns. */
describe('autointel CLI (e2e)', () => {
  const env = () => ({ DATA_DIR: testDataDir(), FACT_CHECK_KB: KB, YTDLP: 'off', METRICS_DEFAULT: 'false' });

  it(
    'runs the autonomous mode by default and prints the report; the bar goes to stderr',
    async () => {
      const stdout = new SlowSink();
      const stderr = new SlowSink(0); // the bar's writes are not awaited (a terminal or file takes them at once)
      const code = await runAutointelCli([SAMPLE, '--depth', 'deep'], { stdout, stderr, env: env() });
      expect(code).toBe(0);
      expect(stdout.text.startsWith('# The Gettysburg Address\n')).toBe(true);
      expect(stdout.text).toMatch(/\n- \*\*Briefing grade\*\*: [A-D]/);
      expect(stderr.text).toContain('Analysis complete');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'prints the report as a standalone HTML page with --format html, or its model with --format json',
    async () => {
      const html = new SlowSink();
      expect(
        await runAutointelCli([SAMPLE, '--mode', 'fallback', '--format', 'html'], {
          stdout: html,
          stderr: new SlowSink(0),
          env: env(),
        }),
      ).toBe(0);
      expect(html.text.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
      expect(html.text).toContain('<h1>The Gettysburg Address</h1>');
      const json = new SlowSink();
      expect(
        await runAutointelCli([SAMPLE, '--mode', 'fallback', '--format', 'json'], {
          stdout: json,
          stderr: new SlowSink(0),
          env: env(),
        }),
      ).toBe(0);
      expect(JSON.parse(json.text)).toMatchObject({
        version: 1,
        content: { about: { title: 'The Gettysburg Address' } },
        method: { mode: 'fallback' },
      });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'writes the whole --json result before it resolves (no cut at a pipe’s 64 KiB), for every mode',
    async () => {
      for (const mode of ['autonomous', 'enhanced', 'fallback']) {
        const stdout = new SlowSink();
        const code = await runAutointelCli([SAMPLE, '--json', '--mode', mode], {
          stdout,
          stderr: new SlowSink(),
          env: env(),
        });
        expect(code).toBe(0);
        expect(stdout.acknowledged).toBeGreaterThan(0);
        expect(stdout.writableLength).toBe(0);
        const result = JSON.parse(stdout.text) as { status: string };
        expect(result.status).toBe('ok');
      }
    },
    2 * CLI_TIMEOUT_MS,
  );

  it(
    'exits 2 with the usage on a bad argument and 1 with the reason when the run fails',
    async () => {
      const stderr = new SlowSink();
      expect(await runAutointelCli([SAMPLE, '--mode', 'agents'], { stdout: new SlowSink(), stderr, env: env() })).toBe(
        2,
      );
      expect(stderr.text).toContain('autointel: --mode must be one of fallback, autonomous, enhanced, got "agents"');
      const failed = new SlowSink();
      expect(
        await runAutointelCli([join(tmpdir(), 'no-such-file.md')], {
          stdout: new SlowSink(),
          stderr: failed,
          env: env(),
        }),
      ).toBe(1);
      expect(failed.text).toMatch(/^autointel: .*no-such-file\.md/m);
    },
    CLI_TIMEOUT_MS,
  );
});
